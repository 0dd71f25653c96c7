package dev.understudy.orchestrator.probes;

import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.Probe;
import dev.understudy.engine.monitor.Sample;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.RunState;
import dev.understudy.systems.actions.ActionsSystem;
import dev.understudy.systems.actions.WorkflowJobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The githubActions system's probe: for every workflow {@code githubActions/FILE/valid} (as the
 * linter reads it), {@code githubActions/FILE/lastRun} (the newest finished run here did not fail)
 * and, for scheduled workflows, {@code githubActions/FILE/missed} (the newest slot was not missed,
 * or its make-up run succeeded); in failover mode {@code githubActions/primary/observed} and each
 * scheduled workflow's {@code githubActions/FILE/primary} (GitHub ran its last slot).
 */
public final class WorkflowsProbe implements Probe {
  public static final String SYSTEM = "githubActions";
  public static final String VALID = "valid";
  public static final String LAST_RUN = "lastRun";
  public static final String MISSED = "missed";
  private static final int LOOK_BACK = 20;

  /** What the probe looks at: the running system, through the orchestrator. */
  public interface Source {
    List<ActionsSystem.Workflow> workflows();

    List<JobRun> history(String job, int limit);

    /** What failover last learned about GitHub. */
    List<Sample> primary(Instant now);
  }

  private final Source source;

  public WorkflowsProbe(Source source) {
    this.source = source;
  }

  @Override
  public List<Sample> sample(Instant now) {
    List<Sample> out = new ArrayList<>();
    for (ActionsSystem.Workflow w : source.workflows()) {
      Check valid = Check.of(SYSTEM, w.name(), VALID);
      out.add(switch (w.state()) {
        case VALID -> Sample.ok(valid, now, w.name() + " is valid");
        case MISSING -> Sample.failed(valid, now, w.name() + " is missing" + (w.backups() > 0 ? " (scheduled from its good copy)" : ""));
        case INVALID -> Sample.failed(valid, now, w.name() + " is invalid: " + w.firstFinding().map(Object::toString).orElse("see understudy validate")
            + (w.backups() > 0 ? " (scheduled from its good copy)" : ""));
      });
      List<JobRun> runs = source.history(WorkflowJobs.jobName(w.name()), LOOK_BACK);
      Optional<JobRun> last = runs.stream().filter(r -> r.state().terminal() && r.state() != RunState.MISSED && r.state() != RunState.SKIPPED).findFirst();
      Check lastRun = Check.of(SYSTEM, w.name(), LAST_RUN);
      if (last.isPresent()) {
        JobRun r = last.get();
        boolean good = r.state() == RunState.SUCCEEDED;
        String what = w.name() + " last run " + r.id() + " " + r.state().name().toLowerCase(Locale.ROOT)
            + r.endedAt().map(t -> " at " + t).orElse("") + (good || r.message() == null || r.message().isBlank() ? "" : ": " + r.message());
        out.add(good ? Sample.ok(lastRun, now, what) : Sample.failed(lastRun, now, what));
      }
      Slots.newest(runs).ifPresent(r -> out.add(missed(w.name(), r, now)));
    }
    out.addAll(source.primary(now));
    return out;
  }

  /** A run that stands for a slot: missed, made up, or ran. */
  private static Sample missed(String name, JobRun r, Instant now) {
    Check missed = Check.of(SYSTEM, name, MISSED);
    Instant slot = r.slotInstant().orElseThrow();
    if (r.state() == RunState.MISSED) {
      return Sample.failed(missed, now, name + " missed its slot " + slot + (r.message() == null ? "" : ": " + r.message()));
    }
    if (r.makeUp()) {
      return r.state() == RunState.SUCCEEDED
          ? Sample.ok(missed, now, name + " made up its missed slot " + slot + " (run " + r.id() + ")")
          : Sample.failed(missed, now, name + " missed its slot " + slot + " and its make-up run " + r.id() + " "
              + r.state().name().toLowerCase(Locale.ROOT) + (r.message() == null || r.message().isBlank() ? "" : ": " + r.message()));
    }
    return Sample.ok(missed, now, name + " ran its last slot " + slot);
  }
}
