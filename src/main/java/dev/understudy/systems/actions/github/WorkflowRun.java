package dev.understudy.systems.actions.github;

import java.time.Instant;
import java.util.Optional;

/**
 * One run of a workflow as GitHub lists it. {@code conclusion} is empty while it is queued or in
 * progress; {@code runStartedAt} is empty on old GitHub Enterprise Server versions.
 */
public record WorkflowRun(
    long id,
    String event,
    String status,
    Optional<String> conclusion,
    Instant createdAt,
    Optional<Instant> runStartedAt,
    Optional<String> htmlUrl) {}
