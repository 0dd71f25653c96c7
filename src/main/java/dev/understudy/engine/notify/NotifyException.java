package dev.understudy.engine.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * A notification was not delivered. The message says which notifier, what went wrong and what to
 * check; it never holds a webhook's secret path or a password.
 */
public final class NotifyException extends Exception {
  private final boolean retryable;
  private final Optional<Duration> retryAfter;

  public NotifyException(String message, boolean retryable) {
    this(message, retryable, Optional.empty(), null);
  }

  public NotifyException(String message, boolean retryable, Optional<Duration> retryAfter, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** False when trying again cannot help (a bad URL, a refused password): fix the configuration. */
  public boolean retryable() {
    return retryable;
  }

  /** How long the receiver asked us to wait (HTTP 429 Retry-After), when it said. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
