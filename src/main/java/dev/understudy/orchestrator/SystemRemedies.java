package dev.understudy.orchestrator;

import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.Recoveries.Remedy;
import dev.understudy.engine.monitor.Recoveries.Remedies;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.RunState;
import dev.understudy.orchestrator.probes.FunctionsProbe;
import dev.understudy.orchestrator.probes.Pm2Probe;
import dev.understudy.orchestrator.probes.WorkflowsProbe;
import dev.understudy.systems.netlify.FunctionJobs;
import dev.understudy.systems.netlify.NetlifySystem;
import dev.understudy.systems.actions.ActionsSystem;
import dev.understudy.orchestrator.probes.DaemonProbe;
import dev.understudy.orchestrator.probes.Slots;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * What each system does about its failing checks (issue 7): restart the app, restore the
 * last-known-good file, run the missed slot, replace the function workers, and restart a wedged
 * system (its probe hangs or fails, or its server stopped answering). The {@link
 * dev.understudy.engine.monitor.Recoveries} decide when, within the budget and with a backoff.
 */
final class SystemRemedies implements Remedies {
  private final Orchestrator o;
  private final Lifecycle lifecycle;
  private final UnderstudyConfig config;
  /** Where the outcome of a restart that finishes later is recorded (check id, what happened). */
  private final BiConsumer<String, String> later;

  SystemRemedies(Orchestrator orchestrator, Lifecycle lifecycle, BiConsumer<String, String> later) {
    this.o = orchestrator;
    this.lifecycle = lifecycle;
    this.config = orchestrator.config();
    this.later = later;
  }

  @Override
  public Remedy of(Check c) {
    String kind = c.kind();
    if (c.system().equals(DaemonProbe.SYSTEM) && kind.equals(DaemonProbe.RUNNING)) {
      return Remedy.act(() -> restartSystem(c, c.subject(), "it should run and did not"));
    }
    if (kind.equals(Check.PROBE) && c.system().equals(Pm2Probe.SYSTEM)) {
      return Remedy.note("alert only: restarting the pm2 system would stop every app; if it is stuck, 'understudy restart-system pm2'");
    }
    if (kind.equals(Check.PROBE) && UnderstudyConfig.SYSTEMS.contains(c.system())) {
      return Remedy.act(() -> restartSystem(c, c.system(), "its probe failed or hung: the system looked wedged"));
    }
    return switch (c.system()) {
      case Pm2Probe.SYSTEM -> kind.equals(Pm2Probe.UP) ? Remedy.act(() -> restartApp(c.subject())) : Remedy.NONE;
      case WorkflowsProbe.SYSTEM -> switch (kind) {
        case WorkflowsProbe.VALID -> restore("workflow", c.subject(), config.githubActions().autoRestore(), "githubActions",
            o.workflows().stream().filter(x -> x.name().equals(c.subject())).mapToInt(ActionsSystem.Workflow::backups).findFirst().orElse(0),
            o::recheckWorkflows,
            () -> o.workflows().stream().anyMatch(x -> x.name().equals(c.subject()) && x.state() == ActionsSystem.State.VALID));
        case WorkflowsProbe.MISSED -> makeUp(dev.understudy.systems.actions.WorkflowJobs.jobName(c.subject()));
        default -> Remedy.NONE;
      };
      case FunctionsProbe.SYSTEM -> functions(c);
      default -> Remedy.NONE;
    };
  }

  private Remedy functions(Check c) {
    if (c.subject().equals("server") && c.kind().equals(FunctionsProbe.ANSWERS)) {
      return Remedy.act(() -> restartSystem(c, FunctionJobs.SYSTEM, "the function server stopped answering"));
    }
    if (c.subject().equals(FunctionsProbe.WORKERS) && c.kind().equals(FunctionsProbe.READY)) {
      return Remedy.act(() -> {
        int n = o.replaceFunctionWorkers("the health check found no worker ready");
        return n == 0 ? "netlifyFunctions is not running: no worker to replace" : "replaced the function workers (" + n + " started)";
      });
    }
    if (c.kind().equals(FunctionsProbe.VALID)) {
      return restore("function", c.subject(), config.netlifyFunctions().autoRestore(), "netlifyFunctions",
          o.functions().stream().filter(x -> x.name().equals(c.subject())).mapToInt(NetlifySystem.FunctionStatus::backups).findFirst().orElse(0),
          o::recheckFunctions,
          () -> o.functions().stream().anyMatch(x -> x.name().equals(c.subject()) && x.state() == NetlifySystem.State.VALID));
    }
    if (c.kind().equals(FunctionsProbe.LAST_RUN)) return makeUp(FunctionJobs.jobName(c.subject()));
    return Remedy.NONE;
  }

  private String restartApp(String app) {
    var out = o.pm2().orElseThrow(() -> new IllegalStateException("pm2 is not running")).act(app, "restart");
    String errors = out.stream().flatMap(x -> x.error().stream()).reduce((a, b) -> a + "; " + b).orElse("");
    if (!errors.isEmpty()) throw new IllegalStateException("restart of " + app + " failed: " + errors);
    return "restarted app " + app;
  }

  /**
   * Restarts (or starts) a system on its own thread, so that no other recovery waits for it; the
   * outcome is recorded with the check when it is known. Nothing happens when a person stopped the
   * system meanwhile, or the daemon is stopping ({@link Lifecycle#recover}).
   */
  private String restartSystem(Check c, String system, String why) {
    Thread t = new Thread(() -> {
      try {
        boolean running = lifecycle.recover(system);
        later.accept(c.id(), running ? "restarted system " + system + " (" + why + ")"
            : "restarted system " + system + " (" + why + ") but it did not start: see the daemon log");
      } catch (RuntimeException e) {
        later.accept(c.id(), "the restart of " + system + " failed: " + e.getMessage());
      }
    }, "understudy-restart-" + system);
    t.setDaemon(true);
    t.start();
    return "restarting system " + system + " (" + why + ")";
  }

  /** Writes the good copy back (the system does it when it reads its files again with autoRestore on). */
  private static Remedy restore(String what, String name, boolean autoRestore, String system, int copies, Runnable recheck,
      java.util.function.BooleanSupplier valid) {
    if (!autoRestore) {
      return Remedy.note("alert only: " + system + ".autoRestore is off (restore by hand: understudy restore " + what + " " + name + ")");
    }
    if (copies == 0) return Remedy.note("alert only: no good copy of " + what + " " + name + " to restore");
    return Remedy.act(() -> {
      recheck.run();
      if (!valid.getAsBoolean()) throw new IllegalStateException("restoring the last good copy of " + what + " " + name + " did not make it valid");
      return "restored the last good copy of " + what + " " + name;
    });
  }

  /** The newest slot of {@code job} was missed: run it once now, as its slot's run would have. */
  private Remedy makeUp(String job) {
    List<JobRun> runs = o.history(job, 20);
    Optional<JobRun> newest = Slots.newest(runs);
    if (newest.isEmpty() || newest.get().state() != RunState.MISSED) return Remedy.NONE;
    Instant slot = newest.get().slotInstant().get();
    if (!config.health().makeUpMissedSlots()) {
      return Remedy.note("alert only: health.recovery.makeUp is off (run it by hand: understudy run " + job + ")");
    }
    Optional<JobRun> going = runs.stream().filter(r -> r.makeUp() && !r.state().terminal() && r.slotInstant().get().equals(slot)).findFirst();
    if (going.isPresent()) return Remedy.note("the make-up run " + going.get().id() + " of the missed slot " + slot + " is still going");
    return Remedy.act(() -> o.makeUp(job, slot)
        .map(r -> "running the missed slot " + slot + " of " + job + " now (run " + r.id() + ")")
        .orElse("the missed slot " + slot + " of " + job + " was made up already"));
  }
}
