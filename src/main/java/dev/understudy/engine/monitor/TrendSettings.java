package dev.understudy.engine.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * How the trend fitter decides a rise is steady, and how far ahead it warns.
 *
 * @param window the recent samples fitted
 * @param minPoints the fewest samples in the window to fit at all
 * @param minSpan the shortest time the samples must cover
 * @param minR2 how much of the variation the line must explain (0-1)
 * @param restartDrop a fall between two samples by more than this share of the earlier value is a
 *     restart: no forecast while it is in the window
 * @param horizon warn only when the level is reached sooner than this
 */
public record TrendSettings(Duration window, int minPoints, Duration minSpan, double minR2, double restartDrop, Duration horizon) {
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);
  public static final int DEFAULT_MIN_POINTS = 6;
  public static final Duration DEFAULT_MIN_SPAN = Duration.ofMinutes(5);
  public static final double DEFAULT_MIN_R2 = 0.8;
  public static final double DEFAULT_RESTART_DROP = 0.2;
  public static final Duration DEFAULT_HORIZON = Duration.ofHours(2);
  public static final TrendSettings DEFAULTS = new TrendSettings(DEFAULT_WINDOW, DEFAULT_MIN_POINTS, DEFAULT_MIN_SPAN,
      DEFAULT_MIN_R2, DEFAULT_RESTART_DROP, DEFAULT_HORIZON);

  public TrendSettings {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(minSpan, "minSpan");
    Objects.requireNonNull(horizon, "horizon");
    if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("the trend window must be longer than 0: e.g. 30m");
    if (minPoints < 3) throw new IllegalArgumentException("a trend needs at least 3 points, not " + minPoints + ": e.g. 6");
    if (minSpan.compareTo(window) > 0) {
      throw new IllegalArgumentException("the trend's shortest span (" + minSpan + ") is longer than its window (" + window + "): shorten it or widen the window");
    }
    if (!(minR2 > 0 && minR2 <= 1)) throw new IllegalArgumentException("the trend's minimum R² must be above 0 and at most 1, not " + minR2 + ": e.g. 0.8");
    if (!(restartDrop > 0 && restartDrop < 1)) throw new IllegalArgumentException("the restart drop must be between 0 and 1, not " + restartDrop + ": e.g. 0.2");
    if (horizon.isNegative() || horizon.isZero()) throw new IllegalArgumentException("the trend horizon must be longer than 0: e.g. 2h");
  }
}
