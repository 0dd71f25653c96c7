package dev.understudy.engine.queue;

import dev.understudy.engine.schedule.CronSchedule;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A job the queue can run: its work, its retry and timeout rules, and optionally its schedule. */
public final class JobDefinition {
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
  public static final int DEFAULT_PRIORITY = 0;

  private final String name;
  private final String system;
  private final JobHandler handler;
  private final int maxAttempts;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final Duration timeout;
  private final int priority;
  private final ConcurrencyPolicy concurrency;
  private final Optional<CronSchedule> schedule;

  private JobDefinition(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    this.system = Objects.requireNonNull(b.system, "system");
    this.handler = Objects.requireNonNull(b.handler, "handler");
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.maxBackoff = b.maxBackoff;
    this.timeout = b.timeout;
    this.priority = b.priority;
    this.concurrency = b.concurrency;
    this.schedule = Optional.ofNullable(b.schedule);
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
  }

  public static Builder builder(String name, String system, JobHandler handler) {
    return new Builder(name, system, handler);
  }

  public String name() {
    return name;
  }

  public String system() {
    return system;
  }

  public JobHandler handler() {
    return handler;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration timeout() {
    return timeout;
  }

  public int priority() {
    return priority;
  }

  public ConcurrencyPolicy concurrency() {
    return concurrency;
  }

  public Optional<CronSchedule> schedule() {
    return schedule;
  }

  /** The wait before attempt {@code failedAttempt + 1}: the backoff doubled per failure, capped. */
  public Duration backoffAfter(int failedAttempt) {
    long ms = backoff.toMillis();
    for (int i = 1; i < failedAttempt && ms < maxBackoff.toMillis(); i++) ms *= 2;
    return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
  }

  public static final class Builder {
    private final String name;
    private final String system;
    private final JobHandler handler;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration backoff = DEFAULT_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int priority = DEFAULT_PRIORITY;
    private ConcurrencyPolicy concurrency = ConcurrencyPolicy.ALLOW;
    private CronSchedule schedule;

    private Builder(String name, String system, JobHandler handler) {
      this.name = name;
      this.system = system;
      this.handler = handler;
    }

    public Builder maxAttempts(int n) {
      this.maxAttempts = n;
      return this;
    }

    public Builder backoff(Duration initial, Duration max) {
      this.backoff = initial;
      this.maxBackoff = max;
      return this;
    }

    public Builder timeout(Duration d) {
      this.timeout = d;
      return this;
    }

    public Builder priority(int p) {
      this.priority = p;
      return this;
    }

    public Builder concurrency(ConcurrencyPolicy p) {
      this.concurrency = p;
      return this;
    }

    public Builder schedule(CronSchedule s) {
      this.schedule = s;
      return this;
    }

    public JobDefinition build() {
      return new JobDefinition(this);
    }
  }
}
