package dev.understudy.systems.actions.expr;

/**
 * What the status functions {@code success()}, {@code failure()} and {@code cancelled()} answer
 * for the scope being evaluated (a step: the steps before it in its job; a job: the jobs it
 * needs). {@code always()} needs no answer. The runner implements it over its live state; the
 * constants serve tests and simple callers.
 */
public interface JobStatus {
  /** No earlier step (or needed job) failed and the run was not cancelled. */
  boolean success();

  /** An earlier step (or needed job) failed. */
  boolean failure();

  /** The run was cancelled. */
  boolean cancelled();

  JobStatus SUCCESS = of(true, false, false);
  JobStatus FAILURE = of(false, true, false);
  JobStatus CANCELLED = of(false, false, true);

  static JobStatus of(boolean success, boolean failure, boolean cancelled) {
    record Fixed(boolean success, boolean failure, boolean cancelled) implements JobStatus {}
    return new Fixed(success, failure, cancelled);
  }
}
