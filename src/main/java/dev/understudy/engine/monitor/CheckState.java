package dev.understudy.engine.monitor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One check's state machine. Each sample is classified by the check's {@link Threshold} (OK,
 * WARNING, FAILING); the state follows only after enough samples in a row:
 *
 * <ul>
 *   <li>into FAILING after {@code cyclesFor(FAILING)} samples at FAILING (from any state);
 *   <li>into WARNING after {@code cyclesFor(WARNING)} samples at WARNING or worse (from OK or
 *       RECOVERED), or, from FAILING, after {@code recoverCycles} samples below FAILING that are
 *       still at WARNING;
 *   <li>from WARNING or FAILING to RECOVERED after {@code recoverCycles} good samples;
 *   <li>from RECOVERED to OK at the next good sample.
 * </ul>
 *
 * A sample the threshold says nothing about (a metric that could not be measured) changes nothing
 * but the last sample. Not thread-safe: the {@link HealthLoop} feeds it under its lock.
 */
public final class CheckState {
  private final Check check;
  private Threshold threshold;
  private Status status = Status.OK;
  private Instant since;
  private Instant problemSince;
  private Sample last;
  private int warnRun;
  private int failRun;
  private int okRun;
  private int notFailingRun;

  public CheckState(Check check, Threshold threshold, Instant created) {
    this.check = Objects.requireNonNull(check);
    this.threshold = Objects.requireNonNull(threshold);
    this.since = Objects.requireNonNull(created);
  }

  /** Feeds one sample; returns the transition it caused, if any. */
  public Optional<Transition> observe(Sample s) {
    if (!s.check().equals(check)) throw new IllegalArgumentException(s.check() + " fed to the state of " + check);
    last = s;
    Optional<Status> level = threshold.classify(s);
    if (level.isEmpty()) return Optional.empty();
    Status l = level.get();
    boolean bad = l != Status.OK;
    if (bad && warnRun == 0 && failRun == 0 && !status.isProblem()) problemSince = s.at();
    warnRun = bad ? warnRun + 1 : 0;
    failRun = l == Status.FAILING ? failRun + 1 : 0;
    okRun = bad ? 0 : okRun + 1;
    notFailingRun = l == Status.FAILING ? 0 : notFailingRun + 1;

    Status next = status;
    if (failRun >= threshold.cyclesFor(Status.FAILING)) {
      next = Status.FAILING;
    } else if (okRun >= threshold.recoverCycles()) {
      next = status.isProblem() ? Status.RECOVERED : Status.OK;
    } else if (status == Status.FAILING) {
      if (l == Status.WARNING && notFailingRun >= threshold.recoverCycles()) next = Status.WARNING;
    } else if (status != Status.WARNING && warnRun >= threshold.cyclesFor(Status.WARNING)) {
      next = Status.WARNING;
    }
    if (next == status) return Optional.empty();

    Status from = status;
    status = next;
    since = s.at();
    Optional<Instant> began = Optional.ofNullable(problemSince);
    if (next == Status.OK) {
      problemSince = null;
      began = Optional.empty();
    }
    String reason = next == Status.RECOVERED || next == Status.OK ? threshold.explain(s, Status.OK) : threshold.explain(s, l);
    return Optional.of(new Transition(check, from, next, s.at(), s, began, reason));
  }

  /** A new rule (configuration changed); counts start over, the state stays. */
  public void threshold(Threshold t) {
    this.threshold = Objects.requireNonNull(t);
    warnRun = failRun = okRun = notFailingRun = 0;
  }

  public Check check() {
    return check;
  }

  public Threshold threshold() {
    return threshold;
  }

  public Status status() {
    return status;
  }

  /** When the check entered its current status (or was first seen). */
  public Instant since() {
    return since;
  }

  /** When the current (or last, while RECOVERED) trouble began: its first bad sample. */
  public Optional<Instant> problemSince() {
    return Optional.ofNullable(problemSince);
  }

  public Optional<Sample> lastSample() {
    return Optional.ofNullable(last);
  }

  /** Bad samples in a row so far (at WARNING level or worse), toward the next transition. */
  public int badInARow() {
    return warnRun;
  }

  /** A copy of what people and the API see. */
  public View view() {
    return new View(check, status, since, problemSince(), lastSample(), warnRun);
  }

  /** An immutable picture of a check's state at one moment. */
  public record View(Check check, Status status, Instant since, Optional<Instant> problemSince, Optional<Sample> lastSample,
      int badInARow) {}
}
