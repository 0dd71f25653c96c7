package dev.understudy.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The per-check state machine: ok → warning → failing → recovered → ok, "for N cycles". */
class CheckStateTest {
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  static final Check UP = Check.of("pm2", "web", "up");
  static final Check MEM = Check.of("pm2", "web", Check.MEMORY);

  Instant at(int cycle) {
    return T0.plus(Duration.ofSeconds(30L * cycle));
  }

  /** Feeds values (null = failed) from cycle 1 and returns the transitions, in order. */
  List<Transition> feed(CheckState st, Check c, Double... values) {
    List<Transition> out = new ArrayList<>();
    int cycle = 1;
    for (Double v : values) {
      Sample s = v == null ? Sample.failed(c, at(cycle), "no answer") : v.isNaN() ? Sample.ok(c, at(cycle), "up")
          : Sample.value(c, at(cycle), v, "");
      st.observe(s).ifPresent(out::add);
      cycle++;
    }
    return out;
  }

  static String path(List<Transition> ts) {
    StringBuilder b = new StringBuilder();
    for (Transition t : ts) b.append(t.from().label()).append("→").append(t.to().label()).append(' ');
    return b.toString().trim();
  }

  @Test
  void threeConsecutiveFailuresMakeAFailureAndOneGoodSampleRecovers() {
    CheckState st = new CheckState(UP, Thresholds.FAILURES, T0);
    double ok = Double.NaN;
    List<Transition> ts = feed(st, UP, null, null, ok, null, null, null, ok, ok);
    assertThat(path(ts)).isEqualTo("ok→failing failing→recovered recovered→ok");
    Transition failing = ts.get(0);
    assertThat(failing.at()).isEqualTo(at(6));
    assertThat(failing.problemSince()).contains(at(4)); // the first of the three, not the blip at 1-2
    assertThat(failing.reason()).isEqualTo("no answer (3 times in a row)");
    assertThat(failing.isWorse()).isTrue();
    assertThat(ts.get(1).problemSince()).contains(at(4));
    assertThat(ts.get(1).reason()).isEqualTo("up");
    assertThat(ts.get(2).problemSince()).isEmpty();
    assertThat(st.status()).isEqualTo(Status.OK);
    assertThat(st.since()).isEqualTo(at(8));
  }

  @Test
  void aWarningStageBeforeFailingWhenAsked() {
    CheckState st = new CheckState(UP, new Threshold.Failures(3, 1, 1), T0);
    assertThat(path(feed(st, UP, null, null, null, Double.NaN))).isEqualTo("ok→warning warning→failing failing→recovered");
  }

  @Test
  void aMetricGoesUpAndDownThroughEveryState() {
    CheckState st = new CheckState(MEM, Thresholds.MEMORY, T0);
    List<Transition> ts = feed(st, MEM, 50.0, 85.0, 97.0, 90.0, 60.0, 61.0);
    assertThat(path(ts)).isEqualTo("ok→warning warning→failing failing→warning warning→recovered recovered→ok");
    assertThat(ts.get(0).reason()).isEqualTo("memory 85% is above 80%");
    assertThat(ts.get(1).reason()).isEqualTo("memory 97% is above 95%");
    assertThat(ts.get(2).isWorse()).isFalse();
    assertThat(ts.get(3).reason()).isEqualTo("memory 60% is within its limit (80%)");
    assertThat(ts.get(3).problemSince()).contains(at(2));
  }

  @Test
  void forNCyclesIgnoresShorterSpikes() {
    Threshold cpu = Thresholds.CPU; // above 90% for 3 cycles
    CheckState st = new CheckState(Check.of("pm2", "web", "cpu"), cpu, T0);
    Check c = st.check();
    assertThat(feed(st, c, 99.0, 99.0, 10.0, 99.0, 99.0, 10.0)).isEmpty();
    List<Transition> ts = feed(st, c, 95.0, 96.0, 97.0);
    assertThat(path(ts)).isEqualTo("ok→warning");
    assertThat(ts.get(0).reason()).isEqualTo("cpu 97% is above 90% for 3 cycles");
    assertThat(st.status()).isEqualTo(Status.WARNING); // CPU has no failing level by default
    assertThat(feed(st, c, 99.0, 99.0, 99.0, 99.0)).isEmpty();
  }

  @Test
  void recoveryMayNeedSeveralGoodCyclesToo() {
    CheckState st = new CheckState(UP, new Threshold.Failures(1, 0, 2), T0);
    double ok = Double.NaN;
    assertThat(path(feed(st, UP, null, ok, null, ok, ok, ok))).isEqualTo("ok→failing failing→recovered recovered→ok");
    assertThat(st.since()).isEqualTo(at(6));
  }

  @Test
  void troubleWhileRecoveredGoesBackIntoTheProblemState() {
    CheckState st = new CheckState(UP, Thresholds.FAILURES, T0);
    double ok = Double.NaN;
    List<Transition> ts = feed(st, UP, null, null, null, ok, null, null, null);
    assertThat(path(ts)).isEqualTo("ok→failing failing→recovered recovered→failing");
    assertThat(ts.get(2).problemSince()).contains(at(5));
  }

  @Test
  void unmeasuredMetricSamplesChangeNothingButTheLastSample() {
    CheckState st = new CheckState(MEM, Thresholds.MEMORY, T0);
    assertThat(feed(st, MEM, 99.0, null, null, null, null)).hasSize(1);
    assertThat(st.status()).isEqualTo(Status.FAILING);
    assertThat(st.lastSample()).get().extracting(Sample::ok).isEqualTo(false);
    assertThat(st.view().badInARow()).isEqualTo(1);
  }

  @Test
  void aNewThresholdStartsTheCountsOver() {
    CheckState st = new CheckState(UP, Thresholds.FAILURES, T0);
    feed(st, UP, null, null);
    st.threshold(Threshold.Failures.of(2));
    assertThat(feed(st, UP, (Double) null)).isEmpty();
    assertThat(path(feed(st, UP, (Double) null))).isEqualTo("ok→failing");
  }

  @Test
  void aValueOnAFailuresCheckIsForPeopleOnly() {
    CheckState st = new CheckState(UP, Thresholds.FAILURES, T0);
    Sample slow = new Sample(UP, T0, true, OptionalDouble.of(99_999), Optional.empty(), "answered in 99999 ms");
    assertThat(st.observe(slow)).isEmpty();
    assertThat(st.status()).isEqualTo(Status.OK);
  }
}
