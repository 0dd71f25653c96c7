package dev.understudy.engine.monitor;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * When a check's samples make it a warning or a failure, and for how many consecutive samples
 * ("for N cycles", as Monit says) before the state changes. Built once and validated: a bad value
 * throws {@link IllegalArgumentException} saying what is wrong and how to fix it (the config
 * readers add the {@code file:line:column}).
 */
public sealed interface Threshold permits Threshold.Above, Threshold.Failures {
  /** The most samples a rule may wait for: an hour of 1-second cycles. */
  int MAX_CYCLES = 3600;
  /** Good samples in a row that end a warning or a failure. */
  int DEFAULT_RECOVER_CYCLES = 1;

  /**
   * The level one sample is at: OK, WARNING or FAILING; empty when the sample says nothing about
   * this rule (a metric that could not be measured: the probe's own check reports that).
   */
  Optional<Status> classify(Sample s);

  /** Consecutive samples at {@code level} (WARNING or FAILING) or worse before the check enters it. */
  int cyclesFor(Status level);

  /** Consecutive good samples before a warning or a failure ends (and a failure steps down to a warning). */
  int recoverCycles();

  /** Why {@code s} is at {@code level}, for people: "memory 91.2% is above 80% (warning)". */
  String explain(Sample s, Status level);

  /**
   * A measured value against levels: above {@code warning} is a warning, above {@code failing} a
   * failure, each only after {@code cycles} samples in a row. Either level may be absent.
   *
   * @param unit printed after numbers: {@code %}, {@code ms}, {@code MB}
   */
  record Above(String unit, OptionalDouble warning, OptionalDouble failing, int cycles, int recoverCycles)
      implements Threshold {
    public Above {
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(warning, "warning");
      Objects.requireNonNull(failing, "failing");
      if (warning.isEmpty() && failing.isEmpty()) {
        throw new IllegalArgumentException("a threshold needs a warning level, a failing level or both: set at least one");
      }
      check(warning, "warning", unit);
      check(failing, "failing", unit);
      if (warning.isPresent() && failing.isPresent() && failing.getAsDouble() <= warning.getAsDouble()) {
        throw new IllegalArgumentException("the failing level (" + num(failing.getAsDouble()) + unit + ") must be above the warning level ("
            + num(warning.getAsDouble()) + unit + "): raise failing or lower warning");
      }
      requireCycles(cycles, "cycles");
      requireCycles(recoverCycles, "recover cycles");
    }

    public static Above of(String unit, double warning, double failing, int cycles) {
      return new Above(unit, OptionalDouble.of(warning), OptionalDouble.of(failing), cycles, DEFAULT_RECOVER_CYCLES);
    }

    public static Above warningOnly(String unit, double warning, int cycles) {
      return new Above(unit, OptionalDouble.of(warning), OptionalDouble.empty(), cycles, DEFAULT_RECOVER_CYCLES);
    }

    @Override
    public Optional<Status> classify(Sample s) {
      if (!s.ok() || s.value().isEmpty()) return Optional.empty();
      double v = s.value().getAsDouble();
      if (failing.isPresent() && v > failing.getAsDouble()) return Optional.of(Status.FAILING);
      if (warning.isPresent() && v > warning.getAsDouble()) return Optional.of(Status.WARNING);
      return Optional.of(Status.OK);
    }

    @Override
    public int cyclesFor(Status level) {
      if (level == Status.WARNING && warning.isEmpty()) return Integer.MAX_VALUE;
      if (level == Status.FAILING && failing.isEmpty()) return Integer.MAX_VALUE;
      return cycles;
    }

    @Override
    public String explain(Sample s, Status level) {
      String what = s.check().kind() + " " + (s.value().isPresent() ? num(s.value().getAsDouble()) + unit : "?");
      String cyc = cycles > 1 ? " for " + cycles + " cycles" : "";
      return switch (level) {
        case FAILING -> what + " is above " + num(failing.orElse(0)) + unit + cyc;
        case WARNING -> what + " is above " + num(warning.orElse(0)) + unit + cyc;
        default -> what + " is within its limit" + warning.stream().mapToObj(w -> " (" + num(w) + unit + ")").findFirst().orElse("");
      };
    }

    /** The first level a growing value reaches: the warning level, else the failing one. */
    public double firstLevel() {
      return warning.isPresent() ? warning.getAsDouble() : failing.getAsDouble();
    }

    private static void check(OptionalDouble level, String name, String unit) {
      if (level.isEmpty()) return;
      double v = level.getAsDouble();
      if (!Double.isFinite(v) || v < 0) {
        throw new IllegalArgumentException("the " + name + " level must be a number of 0 or more, not " + v + ": e.g. 80");
      }
      if (unit.equals("%") && v >= 100) {
        throw new IllegalArgumentException("the " + name + " level is " + num(v) + "%, which a percentage never goes above: use a number under 100, e.g. 80");
      }
    }
  }

  /**
   * A check that answers or fails (up, valid, answers): {@code failing} consecutive failures make
   * it fail; with {@code warning} above 0, that many make it a warning first.
   */
  record Failures(int failing, int warning, int recoverCycles) implements Threshold {
    /** The team's scripts called a check down after 3 consecutive failures. */
    public static final int DEFAULT_CONSECUTIVE_FAILURES = 3;

    public Failures {
      requireCycles(failing, "consecutive failures");
      if (warning < 0 || (warning > 0 && warning >= failing)) {
        throw new IllegalArgumentException("the failures before a warning (" + warning + ") must be 0 (no warning) or fewer than the failures before failing ("
            + failing + "): lower it or set it to 0");
      }
      requireCycles(recoverCycles, "recover cycles");
    }

    public static Failures of(int failing) {
      return new Failures(failing, 0, DEFAULT_RECOVER_CYCLES);
    }

    @Override
    public Optional<Status> classify(Sample s) {
      return Optional.of(s.ok() ? Status.OK : Status.FAILING);
    }

    @Override
    public int cyclesFor(Status level) {
      if (level == Status.WARNING) return warning == 0 ? Integer.MAX_VALUE : warning;
      return failing;
    }

    @Override
    public String explain(Sample s, Status level) {
      String msg = s.message().isEmpty() ? (s.ok() ? "answered" : "failed") : s.message();
      if (level == Status.OK) return msg;
      int n = cyclesFor(level);
      return msg + (n > 1 ? " (" + n + " times in a row)" : "");
    }
  }

  private static void requireCycles(int n, String name) {
    if (n < 1 || n > MAX_CYCLES) {
      throw new IllegalArgumentException("the " + name + " must be from 1 to " + MAX_CYCLES + ", not " + n + ": e.g. 3");
    }
  }

  /** 80 for 80.0, 91.3 for 91.26: what people read in messages. */
  static String num(double v) {
    double r = Math.round(v * 10) / 10.0;
    return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
  }
}
