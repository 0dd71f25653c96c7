package dev.understudy.bench;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of a sample. */
final class Stats {
  private final double[] sorted;

  Stats(Collection<? extends Number> values) {
    sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
  }

  Stats(double[] values) {
    sorted = values.clone();
    Arrays.sort(sorted);
  }

  int count() {
    return sorted.length;
  }

  /** The smallest value with at least {@code p} percent of the sample at or below it. */
  double percentile(double p) {
    if (sorted.length == 0) return Double.NaN;
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  double median() {
    return percentile(50);
  }

  double min() {
    return sorted.length == 0 ? Double.NaN : sorted[0];
  }

  double max() {
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
  }

  double mean() {
    return Arrays.stream(sorted).average().orElse(Double.NaN);
  }

  /** "n=60 min=3 median=7 p90=12 p99=30 max=31 mean=8.1" (unit appended to each figure). */
  String summary(String unit) {
    return String.format("n=%d min=%.0f%s median=%.0f%s p90=%.0f%s p99=%.0f%s max=%.0f%s mean=%.1f%s", count(),
        min(), unit, median(), unit, percentile(90), unit, percentile(99), unit, max(), unit, mean(), unit);
  }
}
