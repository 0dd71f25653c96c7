package dev.understudy.orchestrator;

import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.HealthIntervals;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What each system does about its failing checks (issue 7): restart the app, restore the
 * last-known-good file, run the missed slot, replace the function workers, and restart a wedged
 * system (its probe hangs or fails, or its server stopped answering). The {@link
 * dev.understudy.engine.monitor.Recoveries} decide when, within the budget and with a backoff.
 */
final class SystemRemedies implements Remedies {
  /** How long a system's restart may take before the recovery reports it as still going on. */
  static final Duration RESTART_WAIT = Duration.ofSeconds(60);

  private final Orchestrator o;
  private final Lifecycle lifecycle;
  private final UnderstudyConfig config;

  SystemRemedies(Orchestrator orchestrator, Lifecycle lifecycle) {
    this.o = orchestrator;
    this.lifecycle = lifecycle;
    this.config = orchestrator.config();
  }

  @Override
  public Remedy of(Check c) {
    String kind = c.kind();
    if (kind.equals(Check.PROBE) && UnderstudyConfig.SYSTEMS.contains(c.system())) {
      return Remedy.act(() -> restartSystem(c.system(), "its probe failed or hung: the system looked wedged"));
    }
    return switch (c.system()) {
      case Pm2Probe.SYSTEM -> kind.equals(Pm2Probe.UP) ? Remedy.act(() -> restartApp(c.subject())) : Remedy.NONE;
      case WorkflowsProbe.SYSTEM -> switch (kind) {
        case WorkflowsProbe.VALID -> restoreWorkflow(c.subject());
        case WorkflowsProbe.MISSED -> makeUp(WorkflowsProbe.job(c.subject()));
        default -> Remedy.NONE;
      };
      case FunctionsProbe.SYSTEM -> functions(c);
      default -> Remedy.NONE;
    };
  }

  private Remedy functions(Check c) {
    if (c.subject().equals("server") && c.kind().equals(FunctionsProbe.ANSWERS)) {
      return Remedy.act(() -> restartSystem(FunctionJobs.SYSTEM, "the function server stopped answering"));
    }
    if (c.subject().equals(FunctionsProbe.WORKERS) && c.kind().equals(FunctionsProbe.READY)) {
      return Remedy.act(() -> {
        int n = o.replaceFunctionWorkers("the health check found no worker ready");
        return n == 0 ? "netlifyFunctions is not running: no worker to replace" : "replaced the function workers (" + n + " started)";
      });
    }
    if (c.kind().equals(FunctionsProbe.VALID)) return restoreFunction(c.subject());
    if (c.kind().equals(FunctionsProbe.LAST_RUN)) return makeUp(FunctionJobs.jobName(c.subject()));
    return Remedy.NONE;
  }

  private String restartApp(String app) {
    var out = o.pm2().orElseThrow(() -> new IllegalStateException("pm2 is not running")).act(app, "restart");
    String errors = out.stream().flatMap(x -> x.error().stream()).reduce((a, b) -> a + "; " + b).orElse("");
    if (!errors.isEmpty()) throw new IllegalStateException("restart of " + app + " failed: " + errors);
    return "restarted app " + app;
  }

  /** Restarts a system on its own thread: a wedged system may not stop in time, and the other recoveries go on. */
  private String restartSystem(String system, String why) {
    CompletableFuture<Lifecycle.Outcome> f = CompletableFuture.supplyAsync(() -> lifecycle.act(system, "restart"), r -> {
      Thread t = new Thread(r, "understudy-restart-" + system);
      t.setDaemon(true);
      t.start();
    });
    try {
      Lifecycle.Outcome out = f.get(RESTART_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (!out.running()) throw new IllegalStateException("restarted " + system + " (" + why + ") but it did not start: see the daemon log");
      return "restarted system " + system + " (" + why + ")";
    } catch (TimeoutException e) {
      throw new IllegalStateException("the restart of " + system + " (" + why + ") did not finish within "
          + HealthIntervals.human(RESTART_WAIT) + "; it goes on in the background");
    } catch (ExecutionException e) {
      throw new IllegalStateException("the restart of " + system + " failed: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while restarting " + system);
    }
  }

  private Remedy restoreWorkflow(String file) {
    if (!config.githubActions().autoRestore()) {
      return Remedy.note("alert only: githubActions.autoRestore is off (restore by hand: understudy restore workflow " + file + ")");
    }
    Optional<ActionsSystem.Workflow> w = o.workflows().stream().filter(x -> x.name().equals(file)).findFirst();
    if (w.isEmpty() || w.get().backups() == 0) return Remedy.note("alert only: no good copy of " + file + " to restore");
    return Remedy.act(() -> {
      o.recheckWorkflows();
      boolean valid = o.workflows().stream().anyMatch(x -> x.name().equals(file) && x.state() == ActionsSystem.State.VALID);
      if (!valid) throw new IllegalStateException("restoring the last good copy of " + file + " did not make it valid");
      return "restored the last good copy of " + file;
    });
  }

  private Remedy restoreFunction(String name) {
    if (!config.netlifyFunctions().autoRestore()) {
      return Remedy.note("alert only: netlifyFunctions.autoRestore is off (restore by hand: understudy restore function " + name + ")");
    }
    Optional<NetlifySystem.FunctionStatus> f = o.functions().stream().filter(x -> x.name().equals(name)).findFirst();
    if (f.isEmpty() || f.get().backups() == 0) return Remedy.note("alert only: no good copy of function " + name + " to restore");
    return Remedy.act(() -> {
      o.recheckFunctions();
      boolean valid = o.functions().stream().anyMatch(x -> x.name().equals(name) && x.state() == NetlifySystem.State.VALID);
      if (!valid) throw new IllegalStateException("restoring the last good copy of function " + name + " did not make it valid");
      return "restored the last good copy of function " + name;
    });
  }

  /** The newest slot of {@code job} was missed: run it once now, as its slot's run would have. */
  private Remedy makeUp(String job) {
    List<JobRun> runs = o.history(job, 20);
    Optional<JobRun> newest = dev.understudy.orchestrator.probes.Slots.newest(runs);
    if (newest.isEmpty() || newest.get().state() != RunState.MISSED) return Remedy.NONE;
    JobRun missed = newest.get();
    return Remedy.act(() -> o.makeUp(job, missed.slotInstant().get())
        .map(r -> "running the missed slot " + missed.slotInstant().get() + " of " + job + " now (run " + r.id() + ")")
        .orElse("the missed slot " + missed.slotInstant().get() + " of " + job + " was made up already"));
  }
}
