package dev.understudy.engine.queue;

import java.time.Instant;
import java.util.Optional;

/**
 * One accepted run of a job, as the history keeps it.
 *
 * @param slot the key that makes a run unique: the cron slot's instant ({@code 2026-11-22T10:00:00Z}),
 *     that instant plus {@link #MAKE_UP} for the one late run of a missed slot, or {@code run:ID}
 *     for a run that stands for no slot
 */
public record JobRun(
    String id,
    String job,
    String slot,
    String system,
    TriggerKind trigger,
    int priority,
    RunState state,
    int attempt,
    int maxAttempts,
    Instant acceptedAt,
    Optional<Instant> startedAt,
    Optional<Instant> endedAt,
    Optional<Instant> nextAttemptAt,
    String message,
    String logExcerpt,
    String node) {
  /** Ends the key of a missed slot's make-up run. */
  public static final String MAKE_UP = "#make-up";
  static final String NO_SLOT = "run:";

  /** The cron slot this run stands for; empty for a manual, HTTP or background run. */
  public Optional<Instant> slotInstant() {
    return slotOf(slot);
  }

  /** Whether this run makes up a missed slot, late. */
  public boolean makeUp() {
    return slot != null && slot.endsWith(MAKE_UP);
  }

  static Optional<Instant> slotOf(String key) {
    if (key == null || key.isBlank() || key.startsWith(NO_SLOT)) return Optional.empty();
    String instant = key.endsWith(MAKE_UP) ? key.substring(0, key.length() - MAKE_UP.length()) : key;
    try {
      return Optional.of(Instant.parse(instant));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
