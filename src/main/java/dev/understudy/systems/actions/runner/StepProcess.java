package dev.understudy.systems.actions.runner;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A step under way (see {@link ScriptStep#start()}). {@link #cancel()} stops its whole process
 * tree (SIGTERM, SIGKILL after {@link dev.understudy.engine.process.CommandRunner#KILL_GRACE}).
 */
public final class StepProcess {
  private final CompletableFuture<StepResult> result;
  private final Runnable cancel;

  StepProcess(CompletableFuture<StepResult> result, Runnable cancel) {
    this.result = result;
    this.cancel = cancel;
  }

  /** Stops the step; its result is {@link StepResult.Outcome#CANCELLED}. No effect once the script has ended. */
  public void cancel() {
    cancel.run();
  }

  /** The result, when the step ends; never completes exceptionally. */
  public CompletableFuture<StepResult> result() {
    return result.copy();
  }

  public boolean isDone() {
    return result.isDone();
  }

  /** Waits for the end of the step. */
  public StepResult await() throws InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a step ended without a result", e.getCause());
    }
  }

  /** Waits at most {@code max} for the end of the step. */
  public Optional<StepResult> await(Duration max) throws InterruptedException {
    try {
      return Optional.of(result.get(max.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a step ended without a result", e.getCause());
    }
  }
}
