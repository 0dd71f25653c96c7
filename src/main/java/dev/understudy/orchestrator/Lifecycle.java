package dev.understudy.orchestrator;

import dev.understudy.config.JobSettings;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.queue.JobDefinition;
import dev.understudy.engine.queue.JobQueue;
import dev.understudy.engine.supervise.ProcessState;
import dev.understudy.engine.supervise.Snapshot;
import dev.understudy.util.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The systems' lifecycle as the faces ask for it: {@code start-system}, {@code stop-system},
 * {@code restart-system} and {@code ensure}. The systems by the names users know:
 * {@link UnderstudyConfig#SYSTEMS}, matched without regard to case.
 */
public final class Lifecycle {
  public static final List<String> ACTIONS = List.of("start", "stop", "restart");

  /** What an action did: the system, whether it runs now, whether anything changed, and in words. */
  public record Outcome(String system, String action, boolean running, boolean changed, String message) {}

  private final Orchestrator o;
  /** The systems that should run: enabled in understudy.yml, then as start-system and stop-system say. */
  private final java.util.Set<String> wanted = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** One per daemon: {@link Orchestrator#lifecycle()}. */
  Lifecycle(Orchestrator orchestrator) {
    this.o = orchestrator;
    for (String s : UnderstudyConfig.SYSTEMS) if (orchestrator.enabledHere(s)) wanted.add(s);
  }

  /** The systems that should run now (enabled, or started by a person, and not stopped by one since). */
  public java.util.Set<String> wanted() {
    return java.util.Set.copyOf(wanted);
  }

  /**
   * The system's canonical name; an {@link IllegalArgumentException} names an unknown one with the
   * closest known name.
   */
  public static String system(String name) {
    for (String s : UnderstudyConfig.SYSTEMS) if (s.equalsIgnoreCase(name.trim())) return s;
    String hint = Suggestions.closest(name, UnderstudyConfig.SYSTEMS).map(s -> ": did you mean '" + s + "'?")
        .orElse(": the systems are " + String.join(", ", UnderstudyConfig.SYSTEMS));
    throw new IllegalArgumentException("no system '" + name + "'" + hint);
  }

  /** Whether {@code system} (a canonical name) runs in this daemon. */
  public boolean running(String system) {
    return switch (system) {
      case "pm2" -> o.pm2().isPresent();
      case "githubActions" -> o.workflowsEnabled();
      case "netlifyFunctions" -> o.functionsStatus().isPresent();
      default -> false;
    };
  }


  /**
   * {@code start}, {@code stop} or {@code restart} one system. Starting a system disabled in
   * understudy.yml starts it until the daemon stops (the note says so). An {@link IllegalArgumentException}
   * names an unknown system or action, an {@link IllegalStateException} a system that cannot be acted on.
   */
  public synchronized Outcome act(String name, String action) {
    String system = system(name);
    String a = action.toLowerCase(Locale.ROOT);
    if (!ACTIONS.contains(a)) throw new IllegalArgumentException("no action '" + action + "': use start, stop or restart");
    if (system.equals("gitSync")) {
      throw new IllegalStateException("gitSync is not built yet: there is nothing to " + a + " (its issue adds it)");
    }
    if (o.closing()) throw new IllegalStateException("the daemon is stopping: " + system + " cannot " + a);
    boolean before = running(system);
    if (a.equals("stop") || a.equals("restart")) stop(system);
    if (a.equals("start") || a.equals("restart")) start(system);
    boolean after = running(system);
    if (a.equals("stop")) wanted.remove(system);
    else wanted.add(system);
    o.systemChanged(system, after, true);
    boolean changed = a.equals("restart") || before != after;
    String msg;
    if (a.equals("start") && after && !changed) msg = system + " is already running";
    else if (a.equals("stop") && !changed) msg = system + " is not running";
    else if (!after && !a.equals("stop")) msg = system + " could not start: see the daemon log";
    else msg = system + (after ? (a.equals("restart") ? " restarted" : " started") : " stopped");
    if (after && changed && !o.enabledHere(system)) {
      msg += " (enabled: false in understudy.yml: it stays off at the next daemon start)";
    }
    return new Outcome(system, a, after, changed, msg);
  }

  private void start(String system) {
    switch (system) {
      case "pm2" -> o.startPm2(true);
      case "githubActions" -> o.startActions(true);
      case "netlifyFunctions" -> o.startFunctions(true);
      default -> throw new IllegalStateException(system + " cannot be started");
    }
  }

  /**
   * The health loop's recovery: restarts {@code system} (starts it, when it should run and does
   * not) unless a person stopped it or the daemon is stopping. Answers whether it runs now.
   */
  public synchronized boolean recover(String system) {
    if (o.closing() || !wanted.contains(system)) return running(system);
    if (running(system)) stop(system);
    start(system);
    boolean after = running(system);
    o.systemChanged(system, after, false);
    return after;
  }

  private void stop(String system) {
    switch (system) {
      case "pm2" -> o.stopPm2();
      case "githubActions" -> o.stopActions();
      case "netlifyFunctions" -> o.stopFunctions();
      default -> throw new IllegalStateException(system + " cannot be stopped");
    }
  }

  /**
   * Makes everything that should run run: enabled systems started, errored apps of the pm2
   * system started again, the command jobs of understudy.yml registered and every schedule given
   * its next slot. Answers what it changed, one line each; empty when everything already ran.
   */
  public synchronized List<String> ensure() {
    List<String> changes = new ArrayList<>();
    for (String system : UnderstudyConfig.SYSTEMS) {
      if (!o.enabledHere(system) || running(system)) continue;
      start(system);
      wanted.add(system);
      o.systemChanged(system, running(system), true);
      changes.add(running(system) ? "started system " + system : "system " + system + " could not start: see the daemon log");
    }
    o.pm2().ifPresent(p -> {
      if (p.mode() != dev.understudy.config.Mode.REPLACE) return;
      for (Snapshot s : p.processes()) {
        if (s.status() != ProcessState.ERRORED) continue;
        try {
          p.act(s.name(), "restart");
          changes.add("started app " + s.name() + " (it was errored)");
        } catch (RuntimeException e) {
          changes.add("app " + s.name() + " could not start: " + e.getMessage());
        }
      }
    });
    JobQueue q = o.queue();
    for (JobSettings js : o.config().jobs()) {
      if (q.job(js.name()).isEmpty()) {
        q.register(CommandJobs.definition(js));
        changes.add("registered job " + js.name());
      }
    }
    for (JobQueue.ScheduleStatus st : q.schedules()) {
      if (st.next().isPresent()) continue;
      Optional<JobDefinition> def = q.job(st.job());
      if (def.isEmpty()) continue;
      q.register(def.get());
      if (q.schedules().stream().anyMatch(x -> x.job().equals(st.job()) && x.next().isPresent())) {
        changes.add("scheduled " + st.job() + " again (it had no next slot)");
      }
    }
    return changes;
  }

  /** The job {@code understudy test} sends through the queue; registered only while it runs. */
  public static final String SELF_TEST_JOB = "understudy-self-test";

  /**
   * Sends a trivial job through the queue and waits up to {@code wait} for it to end; answers its
   * final run (empty when it did not end in time). The job is unregistered afterwards.
   */
  public Optional<dev.understudy.engine.queue.JobRun> selfTestRun(java.time.Duration wait) throws InterruptedException {
    JobQueue q = o.queue();
    q.register(JobDefinition.builder(SELF_TEST_JOB, UnderstudyConfig.JOBS_SYSTEM, ctx -> {})
        .maxAttempts(1).timeout(java.time.Duration.ofSeconds(30)).build());
    try {
      dev.understudy.engine.queue.JobRun run = q.submit(SELF_TEST_JOB, dev.understudy.engine.queue.TriggerKind.MANUAL);
      long until = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < until) {
        Optional<dev.understudy.engine.queue.JobRun> now = q.run(run.id());
        if (now.isPresent() && now.get().state().terminal()) return now;
        Thread.sleep(50); // the queue has no completion future; the run takes milliseconds
      }
      return Optional.empty();
    } finally {
      q.unregister(SELF_TEST_JOB);
    }
  }
}
