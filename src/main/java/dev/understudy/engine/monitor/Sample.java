package dev.understudy.engine.monitor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One observation of a check: a measured value (memory in percent, a latency), or a plain
 * answered/failed, with a message for people. A sample may carry the subject's own limit in the
 * value's unit (a PM2 app's {@code max_memory_restart}), which the trend fitter aims at too.
 *
 * @param ok false when the check failed (not up, invalid, no answer) or could not be measured
 */
public record Sample(Check check, Instant at, boolean ok, OptionalDouble value, Optional<Limit> limit, String message) {
  /** A level the value should stay under, in the value's unit, with a name for messages. */
  public record Limit(double value, String label) {
    public Limit {
      Objects.requireNonNull(label, "label");
      if (!Double.isFinite(value)) throw new IllegalArgumentException("a limit must be a finite number");
    }
  }

  public Sample {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(limit, "limit");
    message = message == null ? "" : message;
    if (value.isPresent() && !Double.isFinite(value.getAsDouble())) {
      throw new IllegalArgumentException(check.id() + ": a sample's value must be a finite number");
    }
  }

  /** A measured value (memory 42.5 %, 120 ms). */
  public static Sample value(Check check, Instant at, double value, String message) {
    return new Sample(check, at, true, OptionalDouble.of(value), Optional.empty(), message);
  }

  public static Sample ok(Check check, Instant at, String message) {
    return new Sample(check, at, true, OptionalDouble.empty(), Optional.empty(), message);
  }

  public static Sample failed(Check check, Instant at, String message) {
    return new Sample(check, at, false, OptionalDouble.empty(), Optional.empty(), message);
  }

  /** This sample with the subject's own limit (e.g. PM2's max_memory_restart, in the value's unit). */
  public Sample withLimit(double limit, String label) {
    return new Sample(check, at, ok, value, Optional.of(new Limit(limit, label)), message);
  }
}
