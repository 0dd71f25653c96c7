package dev.understudy.engine.queue;

import java.time.Instant;
import java.util.Optional;

/** One accepted run of a job, as the history keeps it. */
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
    String node) {}
