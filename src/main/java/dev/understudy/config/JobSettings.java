package dev.understudy.config;

import dev.understudy.engine.queue.ConcurrencyPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A command job from the {@code jobs:} section of understudy.yml. */
public record JobSettings(
    String name,
    String where,
    List<String> command,
    Path cwd,
    Map<String, String> env,
    Optional<String> schedule,
    ZoneId timezone,
    Duration timeout,
    int retries,
    Duration backoff,
    ConcurrencyPolicy concurrency,
    int priority) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
  public static final int DEFAULT_RETRIES = 2;
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(10);
}
