package dev.understudy.engine.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides what a slot that fires late does. A slot due at {@code due} fires at {@code now}; if
 * the daemon was down, later slots may have passed too. As systemd's {@code Persistent=} and the
 * Kubernetes CronJob's {@code startingDeadlineSeconds}: run once, for the latest slot that passed,
 * if it is within the starting deadline; otherwise record it as missed.
 */
public final class CatchUp {
  /** A slot that starts later than this after its instant counts as a catch-up run. */
  public static final Duration LATE_AFTER = Duration.ofMinutes(1);

  private CatchUp() {}

  /** The outcome: which slot this firing stands for, whether it still runs, how many it skips. */
  public record Decision(Instant slot, boolean run, boolean late, int skipped) {}

  public static Decision decide(CronSchedule schedule, Instant due, Instant now, Duration startingDeadline) {
    Instant latest = due;
    int skipped = 0;
    // Walk only the window the deadline allows; anything older cannot run anyway.
    Instant from = due;
    Instant windowStart = now.minus(startingDeadline);
    if (from.isBefore(windowStart)) {
      Optional<Instant> first = schedule.nextAfter(windowStart.minusMillis(1));
      if (first.isPresent() && !first.get().isAfter(now)) {
        latest = first.get();
        skipped = 1;
      }
    }
    for (Optional<Instant> next = schedule.nextAfter(latest);
        next.isPresent() && !next.get().isAfter(now);
        next = schedule.nextAfter(latest)) {
      latest = next.get();
      skipped++;
    }
    boolean withinDeadline = Duration.between(latest, now).compareTo(startingDeadline) <= 0;
    boolean late = skipped > 0 || Duration.between(latest, now).compareTo(LATE_AFTER) > 0;
    return new Decision(latest, withinDeadline, late, skipped);
  }
}
