package dev.understudy.orchestrator.probes;

import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.RunState;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which of a job's runs tells how its newest slot went. */
public final class Slots {
  private Slots() {}

  /**
   * The finished run of the newest slot among {@code runs}; for a missed slot, its finished make-up
   * run when it has one. Manual, HTTP and background runs stand for no slot; a slot skipped because
   * a run was still active (concurrency: forbid) tells nothing of how slots go, and is passed over.
   */
  public static Optional<JobRun> newest(List<JobRun> runs) {
    Optional<JobRun> newest = runs.stream().filter(r -> r.slotInstant().isPresent() && r.state().terminal() && r.state() != RunState.SKIPPED)
        .max(Comparator.comparing((JobRun r) -> r.slotInstant().get()).thenComparing(JobRun::makeUp));
    if (newest.isEmpty() || newest.get().state() != RunState.MISSED) return newest;
    Instant slot = newest.get().slotInstant().get();
    return runs.stream().filter(r -> r.makeUp() && r.state().terminal() && r.slotInstant().get().equals(slot)).findFirst().or(() -> newest);
  }
}
