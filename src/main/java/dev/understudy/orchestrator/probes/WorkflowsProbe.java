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
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The githubActions system's probe: for every workflow {@code githubActions/FILE/valid} (as the
 * linter reads it), {@code githubActions/FILE/lastRun} (the newest finished run here did not fail)
 * and, for scheduled workflows, {@code githubActions/FILE/missed} (the newest slot was not missed).
 */
public final class WorkflowsProbe implements Probe {
  public static final String SYSTEM = "githubActions";
  public static final String VALID = "valid";
  public static final String LAST_RUN = "lastRun";
  public static final String MISSED = "missed";
  private static final int LOOK_BACK = 20;

  private final Supplier<List<ActionsSystem.Workflow>> workflows;
  private final BiFunction<String, Integer, List<JobRun>> history;

  public WorkflowsProbe(Supplier<List<ActionsSystem.Workflow>> workflows, BiFunction<String, Integer, List<JobRun>> history) {
    this.workflows = workflows;
    this.history = history;
  }

  @Override
  public List<Sample> sample(Instant now) {
    List<Sample> out = new ArrayList<>();
    for (ActionsSystem.Workflow w : workflows.get()) {
      Check valid = Check.of(SYSTEM, w.name(), VALID);
      out.add(switch (w.state()) {
        case VALID -> Sample.ok(valid, now, w.name() + " is valid");
        case MISSING -> Sample.failed(valid, now, w.name() + " is missing" + (w.backups() > 0 ? " (scheduled from its good copy)" : ""));
        case INVALID -> Sample.failed(valid, now, w.name() + " is invalid: " + w.firstFinding().map(Object::toString).orElse("see understudy validate")
            + (w.backups() > 0 ? " (scheduled from its good copy)" : ""));
      });
      String stem = w.name().replaceFirst("\\.ya?ml$", "");
      List<JobRun> runs = history.apply(WorkflowJobs.PREFIX + stem, LOOK_BACK);
      Optional<JobRun> last = runs.stream().filter(r -> r.state().terminal() && r.state() != RunState.MISSED && r.state() != RunState.SKIPPED).findFirst();
      Check lastRun = Check.of(SYSTEM, w.name(), LAST_RUN);
      if (last.isPresent()) {
        JobRun r = last.get();
        boolean good = r.state() == RunState.SUCCEEDED;
        String what = w.name() + " last run " + r.id() + " " + r.state().name().toLowerCase(java.util.Locale.ROOT)
            + r.endedAt().map(t -> " at " + t).orElse("") + (good || r.message() == null || r.message().isBlank() ? "" : ": " + r.message());
        out.add(good ? Sample.ok(lastRun, now, what) : Sample.failed(lastRun, now, what));
      }
      Optional<JobRun> slot = runs.stream().filter(r -> r.slot() != null && !r.slot().isBlank() && r.state().terminal()).findFirst();
      if (slot.isPresent()) {
        Check missed = Check.of(SYSTEM, w.name(), MISSED);
        JobRun r = slot.get();
        out.add(r.state() == RunState.MISSED
            ? Sample.failed(missed, now, w.name() + " missed its slot " + r.slot() + (r.message() == null ? "" : ": " + r.message()))
            : Sample.ok(missed, now, w.name() + " ran its last slot " + r.slot()));
      }
    }
    return out;
  }
}
