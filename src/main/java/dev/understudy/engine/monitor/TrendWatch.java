package dev.understudy.engine.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The recent values of one check, and whether they rise steadily toward a level: the threshold's
 * first level, or the subject's own limit a sample carries (a PM2 app's {@code max_memory_restart}),
 * whichever comes first. Warns once per rise: again only after the rise stopped for a whole window.
 * Not thread-safe: the {@link HealthLoop} feeds it under its lock.
 */
public final class TrendWatch {
  private final Check check;
  private final TrendSettings settings;
  private final Deque<Trend.Point> points = new ArrayDeque<>();
  private Instant warned;
  private Instant quietSince;

  public TrendWatch(Check check, TrendSettings settings) {
    this.check = check;
    this.settings = settings;
  }

  /** Adds a sample; returns a warning when a steady rise toward a level begins to show. */
  public Optional<TrendWarning> observe(Sample s, Threshold threshold) {
    if (!s.ok() || s.value().isEmpty()) return Optional.empty();
    points.addLast(new Trend.Point(s.at(), s.value().getAsDouble()));
    Instant oldest = s.at().minus(settings.window());
    while (!points.isEmpty() && points.peekFirst().at().isBefore(oldest)) points.removeFirst();

    Optional<TrendWarning> w = forecast(s, threshold);
    if (w.isEmpty()) {
      if (warned != null && quietSince == null) quietSince = s.at();
      if (quietSince != null && !s.at().isBefore(quietSince.plus(settings.window()))) {
        warned = null;
        quietSince = null;
      }
      return Optional.empty();
    }
    quietSince = null;
    if (warned != null) return Optional.empty();
    warned = s.at();
    return w;
  }

  /** The forecast from the window as it is, warned before or not. */
  public Optional<TrendWarning> forecast(Sample s, Threshold threshold) {
    Optional<Trend.Fit> fit = Trend.steadyRise(List.copyOf(points), settings);
    if (fit.isEmpty()) return Optional.empty();
    List<Sample.Limit> levels = new ArrayList<>();
    if (threshold instanceof Threshold.Above a) {
      double l = a.firstLevel();
      levels.add(new Sample.Limit(l, Threshold.num(l) + a.unit() + " " + check.kind()));
    }
    s.limit().ifPresent(levels::add);
    double current = s.value().getAsDouble();
    TrendWarning best = null;
    for (Sample.Limit l : levels) {
      if (current >= l.value()) continue; // already there: the threshold speaks
      Optional<Instant> when = fit.get().reaches(l.value());
      if (when.isEmpty()) continue;
      Duration eta = Duration.between(s.at(), when.get());
      if (eta.isNegative() || eta.isZero() || eta.compareTo(settings.horizon()) > 0) continue;
      if (best == null || eta.compareTo(best.eta()) < 0) {
        String msg = check.subject() + " will reach " + l.label() + " in " + Trend.roughly(eta);
        best = new TrendWarning(check, s.at(), l.value(), l.label(), eta, fit.get().slopePerSecond() * 60, fit.get().r2(), msg);
      }
    }
    return Optional.ofNullable(best);
  }
}
