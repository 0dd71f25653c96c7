package dev.understudy.systems.actions.runner;

import dev.understudy.systems.actions.expr.CaseInsensitiveMap;
import dev.understudy.systems.actions.model.Event;
import dev.understudy.systems.actions.model.Job;
import dev.understudy.systems.actions.model.Str;
import dev.understudy.systems.actions.model.Workflow;
import dev.understudy.systems.actions.runner.JobResult.Result;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a workflow on this machine, the way a self-hosted runner would: jobs start as soon as the
 * jobs they need have ended (independent jobs in parallel), each on the host, in the workspace.
 *
 * <pre>{@code
 * WorkflowResult r = new WorkflowRunner().run(workflow, "CI", request);
 * r.success();
 * }</pre>
 */
public final class WorkflowRunner {

  /** Runs {@code workflow} ({@code name} shows in {@code github.workflow}) for {@code request}. */
  public WorkflowResult run(Workflow workflow, String name, RunRequest request) {
    RunContext run = new RunContext(request, workflow.name() != null ? workflow.name().value() : name);
    try {
      return run(workflow, run, inputs(workflow, request));
    } finally {
      deleteQuietly(run.temp);
    }
  }

  /** Runs the jobs of {@code workflow} within an existing run (a reusable workflow's call shares it). */
  static WorkflowResult run(Workflow workflow, RunContext run, Map<String, Object> inputs) {
    Map<String, Job> jobs = new LinkedHashMap<>();
    workflow.jobs().values().forEach(j -> jobs.put(j.id().value().toLowerCase(Locale.ROOT), j));
    Set<String> wanted = wanted(jobs, run.request.onlyJob());
    Map<String, JobResult> done = new LinkedHashMap<>();
    Set<String> started = new HashSet<>();
    JobRunner runner = new JobRunner(run, workflow, inputs);
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "understudy-jobs");
      t.setDaemon(true);
      return t;
    });
    try {
      CompletionService<JobResult> completions = new ExecutorCompletionService<>(pool);
      int running = 0;
      while (done.size() < wanted.size()) {
        for (String id : wanted) {
          if (started.contains(id)) continue;
          Job job = jobs.get(id);
          List<String> needs = job.needsOrEmpty().stream().map(s -> s.value().toLowerCase(Locale.ROOT)).toList();
          if (needs.stream().anyMatch(n -> !jobs.containsKey(n))) {
            started.add(id);
            done.put(id, new JobResult(job.id().value(), Result.FAILURE, Map.of(), "needs a job that does not exist"));
            run.log("[" + job.id().value() + "] ! needs " + needs + ", and one of them does not exist in this workflow");
            continue;
          }
          if (!done.keySet().containsAll(needs)) continue;
          started.add(id);
          Map<String, JobResult> snapshot = new LinkedHashMap<>(done);
          completions.submit(() -> runner.run(job, snapshot));
          running++;
        }
        if (done.size() == wanted.size()) break;
        if (running == 0) {
          // Only a needs cycle leaves jobs that can never start; the validator reports it.
          for (String id : wanted) {
            if (!started.contains(id)) {
              done.put(id, new JobResult(jobs.get(id).id().value(), Result.FAILURE, Map.of(), "needs cycle"));
              run.log("[" + jobs.get(id).id().value() + "] ! cannot start: its needs form a cycle");
            }
          }
          break;
        }
        Future<JobResult> f = completions.take();
        running--;
        JobResult r = f.get();
        done.put(r.id().toLowerCase(Locale.ROOT), r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.cancelled.set(true);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a job crashed the runner: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Map<String, JobResult> ordered = new LinkedHashMap<>();
    for (String id : jobs.keySet()) if (done.containsKey(id)) ordered.put(jobs.get(id).id().value(), done.get(id));
    return new WorkflowResult(ordered, Map.of());
  }

  /** All jobs, or the one asked for and every job it needs, transitively. */
  private static Set<String> wanted(Map<String, Job> jobs, String only) {
    if (only == null) return new java.util.LinkedHashSet<>(jobs.keySet());
    String id = only.toLowerCase(Locale.ROOT);
    if (!jobs.containsKey(id)) {
      throw new IllegalArgumentException("no job \"" + only + "\" in this workflow; its jobs are " + jobs.keySet());
    }
    Set<String> out = new java.util.LinkedHashSet<>();
    List<String> todo = new ArrayList<>(List.of(id));
    while (!todo.isEmpty()) {
      String j = todo.remove(todo.size() - 1);
      if (!out.add(j) || !jobs.containsKey(j)) continue;
      for (Str n : jobs.get(j).needsOrEmpty()) todo.add(n.value().toLowerCase(Locale.ROOT));
    }
    out.retainAll(jobs.keySet());
    return out;
  }

  /** The {@code inputs} context: declared inputs with their defaults, typed, then the ones given. */
  static Map<String, Object> inputs(Workflow workflow, RunRequest request) {
    CaseInsensitiveMap out = new CaseInsensitiveMap();
    Event.Dispatch dispatch = workflow.event(Event.Dispatch.class);
    if (dispatch != null && request.eventName().equals("workflow_dispatch")) {
      dispatch.inputs().forEach((name, i) -> {
        String given = request.inputs().get(name);
        String raw = given != null ? given : i.defaultValue() == null ? "" : i.defaultValue().value();
        out.put(name, switch (i.type()) {
          case BOOLEAN -> raw.equalsIgnoreCase("true");
          case NUMBER -> raw.isEmpty() ? null : (Object) Double.valueOf(raw);
          default -> raw;
        });
      });
    }
    request.inputs().forEach((k, v) -> {
      if (!out.containsKey(k)) out.put(k, v);
    });
    return out;
  }

  private static void deleteQuietly(java.nio.file.Path dir) {
    try (var walk = java.nio.file.Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      // A temporary folder left behind is not worth failing a run for.
    }
  }
}
