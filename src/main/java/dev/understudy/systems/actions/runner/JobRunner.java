package dev.understudy.systems.actions.runner;

import dev.understudy.systems.actions.expr.CaseInsensitiveMap;
import dev.understudy.systems.actions.expr.EvalContext;
import dev.understudy.systems.actions.expr.ExprEvaluationException;
import dev.understudy.systems.actions.expr.Expressions;
import dev.understudy.systems.actions.expr.JobStatus;
import dev.understudy.systems.actions.expr.MapEvalContext;
import dev.understudy.systems.actions.expr.Values;
import dev.understudy.systems.actions.model.Job;
import dev.understudy.systems.actions.model.RawValue;
import dev.understudy.systems.actions.model.Workflow;
import dev.understudy.systems.actions.runner.JobResult.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one job: its {@code if:}, its matrix (each combination an instance, {@code max-parallel}
 * at a time, {@code fail-fast} stopping the rest), its environment and steps, and its outputs.
 */
final class JobRunner {
  static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofMinutes(360);

  private final RunContext run;
  private final Workflow workflow;
  private final Map<String, Object> inputs;

  JobRunner(RunContext run, Workflow workflow, Map<String, Object> inputs) {
    this.run = run;
    this.workflow = workflow;
    this.inputs = inputs;
  }

  JobResult run(Job job, Map<String, JobResult> needs) {
    String id = job.id().value();
    CaseInsensitiveMap needsContext = needsContext(job, needs);
    boolean needsOk = job.needsOrEmpty().stream().allMatch(n -> {
      JobResult r = needs.get(n.value().toLowerCase(java.util.Locale.ROOT));
      return r != null && r.result() == Result.SUCCESS;
    });
    boolean needsFailed = job.needsOrEmpty().stream().anyMatch(n -> {
      JobResult r = needs.get(n.value().toLowerCase(java.util.Locale.ROOT));
      return r != null && r.failed();
    });
    EvalContext jobCtx = base(needsContext).status(JobStatus.of(needsOk && !run.cancelled.get(), needsFailed,
        run.cancelled.get())).build();
    try {
      String ifValue = job.ifCondition() == null ? "" : job.ifCondition().value();
      if (!Expressions.condition(ifValue, jobCtx)) {
        run.log("[" + id + "] skipped" + (ifValue.isEmpty() ? " (a job it needs did not succeed)" : " (if: " + ifValue + ")"));
        return new JobResult(id, Result.SKIPPED, Map.of(), null);
      }
      if (job.call() != null) return new ReusableCall(run, workflow).run(job, jobCtx, needsContext);
      if (job.container() != null || job.services() != null) {
        throw new RunnerException("job " + id + " uses " + (job.container() != null ? "a container" : "services")
            + ", which needs Docker; Understudy runs jobs on this machine without Docker: drop container:/services: "
            + "or run the tools they provide here");
      }
      List<Map<String, Object>> combinations = combinations(job, jobCtx);
      if (combinations.isEmpty()) {
        run.log("[" + id + "] the matrix has no combination: nothing to run");
        return new JobResult(id, Result.SUCCESS, Map.of(), null);
      }
      return instances(job, combinations, needsContext);
    } catch (ExprEvaluationException | RunnerException e) {
      run.log("[" + id + "] ! " + e.getMessage());
      return new JobResult(id, Result.FAILURE, Map.of(), e.getMessage());
    } catch (RuntimeException e) {
      run.log("[" + id + "] ! internal error " + e + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""));
      return new JobResult(id, Result.FAILURE, Map.of(), "internal error: " + e);
    }
  }

  private MapEvalContext.Builder base(CaseInsensitiveMap needsContext) {
    return MapEvalContext.builder()
        .github(run.github(""))
        .needs(needsContext)
        .inputs(inputs)
        .vars(new CaseInsensitiveMap(new LinkedHashMap<>(run.request.vars())))
        .secrets(new CaseInsensitiveMap(new LinkedHashMap<>(run.request.secrets())))
        .workspace(run.request.workspace());
  }

  private static CaseInsensitiveMap needsContext(Job job, Map<String, JobResult> results) {
    CaseInsensitiveMap out = new CaseInsensitiveMap();
    for (var need : job.needsOrEmpty()) {
      JobResult r = results.get(need.value().toLowerCase(java.util.Locale.ROOT));
      if (r == null) continue;
      CaseInsensitiveMap entry = new CaseInsensitiveMap();
      entry.put("result", r.result().word());
      entry.put("outputs", new CaseInsensitiveMap(new LinkedHashMap<>(r.outputs())));
      out.put(need.value(), entry);
    }
    return out;
  }

  // ---- matrix ----

  private List<Map<String, Object>> combinations(Job job, EvalContext ctx) {
    if (job.strategy() == null || job.strategy().matrix() == null) return List.of(new LinkedHashMap<>());
    Job.Matrix m = job.strategy().matrix();
    Map<String, List<Object>> rows = new LinkedHashMap<>();
    List<Map<String, Object>> include = new ArrayList<>();
    List<Map<String, Object>> exclude = new ArrayList<>();
    if (m.expression() != null) {
      Object v = Expressions.evaluateValue(m.expression().value(), ctx);
      if (!(v instanceof Map<?, ?> map)) throw new RunnerException("strategy.matrix must evaluate to an object, not " + describe(v));
      map.forEach((k, val) -> {
        String key = String.valueOf(k);
        if (key.equalsIgnoreCase("include")) include.addAll(objects(val, "include"));
        else if (key.equalsIgnoreCase("exclude")) exclude.addAll(objects(val, "exclude"));
        else rows.put(key, list(val, key));
      });
    } else {
      m.rows().forEach((rawName, row) -> {
        // A row's name may itself be an expression.
        String name = rawName.contains("${{") ? Expressions.interpolate(rawName, ctx) : rawName;
        if (row.expression() != null) rows.put(name, list(Expressions.evaluateValue(row.expression().value(), ctx), name));
        else {
          List<Object> values = new ArrayList<>();
          for (RawValue v : row.values()) {
            Object x = RawValues.evaluate(v, ctx);
            if (v instanceof RawValue.Text t && t.value().isExpression() && x instanceof List<?> l) values.addAll(l);
            else values.add(x);
          }
          rows.put(name, values);
        }
      });
      if (m.include() != null) include.addAll(combos(m.include(), ctx, "include"));
      if (m.exclude() != null) exclude.addAll(combos(m.exclude(), ctx, "exclude"));
    }
    return MatrixExpansion.expand(rows, include, exclude);
  }

  private static List<Map<String, Object>> combos(Job.Combinations c, EvalContext ctx, String what) {
    if (c.expression() != null) return objects(Expressions.evaluateValue(c.expression().value(), ctx), what);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Job.Combination combo : c.combinations()) {
      if (combo.expression() != null) {
        out.addAll(objects(Expressions.evaluateValue(combo.expression().value(), ctx), what));
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      combo.assigns().forEach((k, a) -> m.put(k, RawValues.evaluate(a.value(), ctx)));
      out.add(m);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(Object v, String what) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (v instanceof Map<?, ?> m) {
      out.add(new LinkedHashMap<>((Map<String, Object>) m));
      return out;
    }
    if (!(v instanceof List<?> l)) throw new RunnerException("matrix " + what + " must be a list of objects, not " + describe(v));
    for (Object o : l) {
      if (!(o instanceof Map<?, ?> m)) throw new RunnerException("matrix " + what + " must hold objects, not " + describe(o));
      out.add(new LinkedHashMap<>((Map<String, Object>) m));
    }
    return out;
  }

  private static List<Object> list(Object v, String name) {
    if (v instanceof List<?> l) return new ArrayList<>(l);
    throw new RunnerException("matrix row \"" + name + "\" must be a list, not " + describe(v));
  }

  private static String describe(Object v) {
    return v == null ? "null" : v instanceof String s ? "the string \"" + s + "\"" : Values.toStringForTemplate(v);
  }

  // ---- instances ----

  private JobResult instances(Job job, List<Map<String, Object>> combinations, CaseInsensitiveMap needsContext) {
    String id = job.id().value();
    boolean matrix = job.strategy() != null && job.strategy().matrix() != null;
    EvalContext strategyCtx = base(needsContext).build();
    boolean failFast = job.strategy() == null || StepsRunner.bool(job.strategy().failFast(), strategyCtx, true);
    int maxParallel = combinations.size();
    if (job.strategy() != null && job.strategy().maxParallel() != null) {
      var mp = job.strategy().maxParallel();
      double v = mp.isExpression() ? Values.toNumber(Expressions.evaluateValue(mp.expression().value(), strategyCtx)) : mp.value();
      if (!Double.isNaN(v) && v >= 1) maxParallel = (int) Math.min(v, combinations.size());
    }
    AtomicBoolean stop = new AtomicBoolean();
    List<JobResult> results = new ArrayList<>();
    if (combinations.size() == 1) {
      results.add(instance(job, combinations.get(0), 0, 1, needsContext, matrix, stop));
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(maxParallel, r -> {
        Thread t = new Thread(r, "understudy-job-" + id);
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<JobResult>> futures = new ArrayList<>();
        for (int i = 0; i < combinations.size(); i++) {
          int index = i;
          futures.add(pool.submit(() -> {
            if (stop.get()) return new JobResult(id, Result.CANCELLED, Map.of(), "cancelled by fail-fast");
            JobResult r = instance(job, combinations.get(index), index, combinations.size(), needsContext, matrix, stop);
            if (r.failed() && failFast) stop.set(true);
            return r;
          }));
        }
        for (Future<JobResult> f : futures) {
          try {
            results.add(f.get());
          } catch (java.util.concurrent.ExecutionException e) {
            // A bug of ours in one combination fails that one, loudly, and leaves the others be.
            run.log("[" + id + "] ! a matrix combination crashed the runner: " + e.getCause());
            results.add(new JobResult(id, Result.FAILURE, Map.of(), String.valueOf(e.getCause())));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new JobResult(id, Result.CANCELLED, Map.of(), "interrupted");
      } finally {
        pool.shutdownNow();
      }
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    results.forEach(r -> outputs.putAll(r.outputs()));
    Result overall = results.stream().anyMatch(r -> r.result() == Result.FAILURE) ? Result.FAILURE
        : results.stream().anyMatch(r -> r.result() == Result.CANCELLED) ? Result.CANCELLED : Result.SUCCESS;
    return new JobResult(id, overall, outputs, null);
  }

  private JobResult instance(Job job, Map<String, Object> combination, int index, int total,
      CaseInsensitiveMap needsContext, boolean matrix, AtomicBoolean stop) {
    String id = job.id().value();
    CaseInsensitiveMap matrixContext = new CaseInsensitiveMap(combination);
    CaseInsensitiveMap strategy = new CaseInsensitiveMap();
    strategy.put("fail-fast", job.strategy() == null || job.strategy().failFast() == null || job.strategy().failFast().orElse(true));
    strategy.put("job-index", (double) index);
    strategy.put("job-total", (double) total);
    strategy.put("max-parallel", (double) total);
    MapEvalContext.Builder b = base(needsContext).matrix(matrixContext).context("strategy", strategy)
        .github(run.github(id)).context("runner", runnerContext()).context("job", new CaseInsensitiveMap());
    EvalContext plain = b.build();
    String label = id;
    if (matrix) {
      String name = job.name() != null ? Expressions.interpolate(job.name().value(), plain)
          : id + " (" + combination.values().stream().map(Values::toStringForTemplate).reduce((x, y) -> x + ", " + y).orElse("") + ")";
      label = name;
    } else if (job.name() != null) {
      label = Expressions.interpolate(job.name().value(), plain);
    }
    Path temp;
    try {
      temp = Files.createTempDirectory(run.temp, "job-");
    } catch (IOException e) {
      throw new RunnerException("cannot make the job's temporary folder: " + e.getMessage());
    }
    Map<String, String> env = new LinkedHashMap<>(run.request.env());
    if (workflow.env() != null) env.putAll(env(workflow.env(), b.env(new CaseInsensitiveMap()).build()));
    if (job.env() != null) env.putAll(env(job.env(), b.env(new CaseInsensitiveMap(new LinkedHashMap<>(env))).build()));
    EvalContext withEnv = b.env(new CaseInsensitiveMap(new LinkedHashMap<>(env))).build();
    String shell = null, dir = null;
    if (job.defaults() != null || workflow.defaults() != null) {
      Workflow.Defaults wd = workflow.defaults();
      shell = StepsRunner.str(job.defaults() != null && job.defaults().shell() != null ? job.defaults().shell()
          : wd == null ? null : wd.shell(), withEnv);
      dir = StepsRunner.str(job.defaults() != null && job.defaults().workingDirectory() != null ? job.defaults().workingDirectory()
          : wd == null ? null : wd.workingDirectory(), withEnv);
    }
    Scope scope = new Scope(id, env, new ArrayList<>(), temp, shell, dir, null);
    scope.contexts.putAll(((MapEvalContext) withEnv).names().stream()
        .collect(LinkedHashMap::new, (m, n) -> m.put(n, withEnv.context(n)), Map::putAll));
    Duration timeout = DEFAULT_JOB_TIMEOUT;
    if (job.timeoutMinutes() != null) {
      var t = job.timeoutMinutes();
      double v = t.isExpression() ? Values.toNumber(Expressions.evaluateValue(t.expression().value(), withEnv)) : t.value();
      if (!Double.isNaN(v) && v > 0) timeout = Duration.ofMillis((long) (v * 60_000));
    }
    String tag = label;
    run.log("[" + tag + "] job started");
    List<Runnable> post = new ArrayList<>();
    new StepsRunner(run, Instant.now().plus(timeout), post).runAll(job.steps() == null ? List.of() : job.steps(), scope, label);
    post.forEach(Runnable::run);
    boolean continueOnError = StepsRunner.bool(job.continueOnError(), withEnv, false);
    Map<String, String> outputs = new LinkedHashMap<>();
    if (job.outputs() != null) {
      EvalContext out = scope.eval(scope.env, scope.status(false), run.request.workspace());
      job.outputs().forEach((name, o) -> {
        try {
          outputs.put(name, Expressions.interpolate(o.value().value(), out));
        } catch (ExprEvaluationException e) {
          run.log("[" + tag + "] ! output " + name + ": " + e.getMessage());
        }
      });
    }
    Result result = scope.failed && !continueOnError ? Result.FAILURE : Result.SUCCESS;
    run.log("[" + label + "] job " + (scope.failed ? "failed" : "succeeded") + (scope.failed && continueOnError ? " (continue-on-error)" : ""));
    return new JobResult(id, result, outputs, null);
  }

  private static CaseInsensitiveMap runnerContext() {
    CaseInsensitiveMap r = new CaseInsensitiveMap();
    r.put("os", StandardEnv.runnerOs());
    r.put("arch", StandardEnv.runnerArch());
    r.put("name", "understudy");
    r.put("environment", "self-hosted");
    r.put("temp", System.getProperty("java.io.tmpdir"));
    r.put("tool_cache", System.getProperty("java.io.tmpdir"));
    r.put("debug", "");
    return r;
  }

  /** An {@code env:} section evaluated: its variables, or the object its expression yields. */
  static Map<String, String> env(Workflow.Env env, EvalContext ctx) {
    Map<String, String> out = new LinkedHashMap<>();
    if (env.vars() != null) {
      env.vars().forEach((k, v) -> out.put(k, Expressions.interpolate(v.value().value(), ctx)));
    } else if (env.expression() != null) {
      Object v = Expressions.evaluateValue(env.expression().value(), ctx);
      if (!(v instanceof Map<?, ?> m)) throw new RunnerException("env must evaluate to an object, not " + describe(v));
      m.forEach((k, val) -> out.put(String.valueOf(k), Values.toStringForTemplate(val)));
    }
    return out;
  }
}
