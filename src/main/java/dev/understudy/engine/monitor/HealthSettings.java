package dev.understudy.engine.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code health:} section of understudy.yml, validated (config/HealthConfigReader reads it with
 * positions): how often, how long a probe may take, the thresholds, the recovery budget and the
 * trend fitter.
 */
public record HealthSettings(HealthIntervals intervals, Duration timeout, Thresholds thresholds, int recoveryMax, Duration recoveryWithin,
    TrendSettings trend) {
  public static final HealthSettings DEFAULTS = new HealthSettings(HealthIntervals.DEFAULTS, HealthLoop.DEFAULT_RESPONSE_TIMEOUT,
      Thresholds.defaults(), RecoveryBudget.DEFAULT_MAX, RecoveryBudget.DEFAULT_WITHIN, TrendSettings.DEFAULTS);

  public HealthSettings {
    Objects.requireNonNull(intervals, "intervals");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(recoveryWithin, "recoveryWithin");
    Objects.requireNonNull(trend, "trend");
  }

  /** A loop built from these settings (probes and listeners still to add). */
  public HealthLoop.Builder loop(java.time.Clock clock) {
    return HealthLoop.builder(clock).intervals(intervals).thresholds(thresholds).trend(trend, HealthLoop.DEFAULT_TREND_KINDS);
  }

  public RecoveryBudget budget(java.time.Clock clock) {
    return new RecoveryBudget(recoveryMax, recoveryWithin, clock);
  }
}
