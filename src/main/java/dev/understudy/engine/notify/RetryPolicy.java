package dev.understudy.engine.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * How often and how late a failed notification is tried again: {@code maxAttempts} in all, waiting
 * {@code first}, then twice as long each time, at most {@code max}; a receiver's own Retry-After
 * wins when longer.
 */
public record RetryPolicy(int maxAttempts, Duration first, Duration max) {
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_FIRST = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MAX = Duration.ofMinutes(10);
  public static final RetryPolicy DEFAULTS = new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_FIRST, DEFAULT_MAX);

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("a notification needs at least 1 attempt");
    if (first.isNegative() || max.compareTo(first) < 0) throw new IllegalArgumentException("retry delays must be 0 or more, the first at most the longest");
  }

  /** The wait before attempt {@code attempt + 1} after attempt {@code attempt} failed; empty when there is none. */
  public Optional<Duration> delayAfter(int attempt, NotifyException e) {
    if (!e.retryable() || attempt >= maxAttempts) return Optional.empty();
    Duration d = first;
    for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) d = d.multipliedBy(2);
    if (d.compareTo(max) > 0) d = max;
    if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(d) > 0) d = e.retryAfter().get();
    return Optional.of(d);
  }
}
