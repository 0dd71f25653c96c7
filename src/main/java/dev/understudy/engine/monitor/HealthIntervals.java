package dev.understudy.engine.monitor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How often each system's probes run. The defaults are the team's scripts': PM2 every 30 s,
 * GitHub Actions every 60 s, Netlify Functions every 2 minutes, and the whole (the machine, the
 * daemon itself, every other system) every 5 minutes.
 */
public record HealthIntervals(Map<String, Duration> perSystem, Duration whole) {
  public static final Duration PM2 = Duration.ofSeconds(30);
  public static final Duration GITHUB_ACTIONS = Duration.ofSeconds(60);
  public static final Duration NETLIFY_FUNCTIONS = Duration.ofMinutes(2);
  public static final Duration WHOLE = Duration.ofMinutes(5);
  /** Probes run at most this often: the loop ticks once a second. */
  public static final Duration MIN = Duration.ofSeconds(1);
  public static final Duration MAX = Duration.ofDays(1);
  public static final HealthIntervals DEFAULTS = new HealthIntervals(
      Map.of("pm2", PM2, "githubActions", GITHUB_ACTIONS, "netlifyFunctions", NETLIFY_FUNCTIONS), WHOLE);

  public HealthIntervals {
    Objects.requireNonNull(whole, "whole");
    perSystem = Map.copyOf(perSystem);
    check("the whole", whole);
    perSystem.forEach((k, v) -> check(k, v));
  }

  /** The interval of {@code system}'s probes: its own, else the whole's. */
  public Duration of(String system) {
    return perSystem.getOrDefault(system, whole);
  }

  /** These intervals with {@code system}'s set to {@code d}. */
  public HealthIntervals with(String system, Duration d) {
    Map<String, Duration> m = new LinkedHashMap<>(perSystem);
    m.put(system, d);
    return new HealthIntervals(m, whole);
  }

  public HealthIntervals withWhole(Duration d) {
    return new HealthIntervals(perSystem, d);
  }

  /** 30 s, 2 min, 1 h 30 min: how messages print durations. */
  public static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 1) return d.toMillis() + " ms";
    if (s < 120 && s % 60 != 0) return s + " s";
    long m = s / 60;
    if (m < 120 && m % 60 != 0) return m + " min";
    long h = m / 60;
    return h + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
  }

  private static void check(String what, Duration d) {
    if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("the health interval of " + what + " is " + human(d) + ": use 1s to 1d, e.g. 30s");
    }
  }
}
