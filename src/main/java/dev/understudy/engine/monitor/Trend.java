package dev.understudy.engine.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A least-squares line through recent (time, value) points, and when it reaches a level. Only a
 * steady rise counts: enough points over enough time, a positive slope, a fit that explains most
 * of the variation (R²), and no sharp drop (a restart) inside the window: a sawtooth of restarts
 * or noise around a flat line gives no trend.
 */
public final class Trend {
  private Trend() {}

  public record Point(Instant at, double value) {}

  /**
   * The fitted line: {@code value(t) = valueAtLast + slopePerSecond * (t - last)}.
   *
   * @param r2 the share of the variation the line explains, 0 to 1
   */
  public record Fit(int points, Instant first, Instant last, double valueAtLast, double slopePerSecond, double r2) {
    public Duration span() {
      return Duration.between(first, last);
    }

    /** When the line reaches {@code level}; empty when it never does (flat or falling), or already has. */
    public Optional<Instant> reaches(double level) {
      if (slopePerSecond <= 0 || valueAtLast >= level) return Optional.empty();
      double seconds = (level - valueAtLast) / slopePerSecond;
      if (!(seconds < Long.MAX_VALUE / 1_000_000L)) return Optional.empty();
      return Optional.of(last.plusMillis((long) Math.ceil(seconds * 1000)));
    }
  }

  /**
   * The least-squares line through {@code points} (in time order); empty for fewer than two points,
   * points all at one instant, or values that do not vary (R² is undefined there).
   */
  public static Optional<Fit> fit(List<Point> points) {
    int n = points.size();
    if (n < 2) return Optional.empty();
    Instant t0 = points.get(0).at();
    double sx = 0, sy = 0;
    for (Point p : points) {
      sx += seconds(t0, p.at());
      sy += p.value();
    }
    double mx = sx / n, my = sy / n;
    double sxx = 0, syy = 0, sxy = 0;
    for (Point p : points) {
      double dx = seconds(t0, p.at()) - mx, dy = p.value() - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    if (sxx == 0 || syy == 0) return Optional.empty();
    double slope = sxy / sxx;
    double r2 = (sxy * sxy) / (sxx * syy);
    Point last = points.get(n - 1);
    double atLast = my + slope * (seconds(t0, last.at()) - mx);
    return Optional.of(new Fit(n, t0, last.at(), atLast, slope, r2));
  }

  /**
   * Whether the rise in {@code points} is steady enough to forecast from, by {@code s}: returns the
   * fit when it is.
   */
  public static Optional<Fit> steadyRise(List<Point> points, TrendSettings s) {
    if (points.size() < s.minPoints()) return Optional.empty();
    for (int i = 1; i < points.size(); i++) {
      double before = points.get(i - 1).value(), after = points.get(i).value();
      if (before > 0 && (before - after) / before > s.restartDrop()) return Optional.empty();
    }
    return fit(points).filter(f -> f.span().compareTo(s.minSpan()) >= 0 && f.slopePerSecond() > 0 && f.r2() >= s.minR2());
  }

  /** "~25 min", "~2 h 10 min", "~1 min": what a warning says. */
  public static String roughly(Duration d) {
    long min = Math.max(1, Math.round(d.toSeconds() / 60.0));
    if (min < 90) return "~" + min + " min";
    long h = min / 60, m = min % 60;
    if (h >= 24) return "~" + Math.round(min / 1440.0) + " d";
    m = Math.round(m / 5.0) * 5;
    if (m == 60) {
      h++;
      m = 0;
    }
    return "~" + h + " h" + (m == 0 ? "" : " " + m + " min");
  }

  private static double seconds(Instant t0, Instant t) {
    return Duration.between(t0, t).toMillis() / 1000.0;
  }
}
