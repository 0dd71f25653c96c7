package dev.understudy.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human durations: {@code 500ms 30s 5m 1h 2d}, or a bare number in a given unit. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private Durations() {}

  /**
   * @param bareUnitMillis how many milliseconds a bare number means (1000 in understudy.yml, 1 for
   *     the Node-era environment variables, which counted milliseconds)
   * @throws IllegalArgumentException with a message saying what is accepted
   */
  public static Duration parse(String text, long bareUnitMillis) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write a number with a unit, e.g. 500ms, 30s, 5m, 1h, 2d");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2);
    if (unit == null) {
      return Duration.ofMillis(n * bareUnitMillis);
    }
    switch (unit) {
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      default:
        return Duration.ofDays(n);
    }
  }
}
