package dev.understudy.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The trend fitter on synthetic series: steady growth warns, noise, flat and sawtooth do not. */
class TrendTest {
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  static final Check MEM = Check.of("pm2", "web", Check.MEMORY);
  static final Duration STEP = Duration.ofSeconds(30);

  /** Feeds {@code n} samples, 30 s apart, valued by {@code f(i)}; returns every warning given. */
  static List<TrendWarning> run(int n, IntToDoubleFunction f, Optional<Sample.Limit> limit) {
    TrendWatch w = new TrendWatch(MEM, TrendSettings.DEFAULTS);
    List<TrendWarning> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Sample s = Sample.value(MEM, T0.plus(STEP.multipliedBy(i)), f.applyAsDouble(i), "");
      if (limit.isPresent()) s = s.withLimit(limit.get().value(), limit.get().label());
      w.observe(s, Thresholds.MEMORY).ifPresent(out::add);
    }
    return out;
  }

  static List<TrendWarning> run(int n, IntToDoubleFunction f) {
    return run(n, f, Optional.empty());
  }

  @Test
  void steadyGrowthWarnsOnceWithTheTimeLeft() {
    // 45% rising 1% a minute: 80% is 35 minutes away from the start
    List<TrendWarning> ws = run(60, i -> 45 + i * 0.5);
    assertThat(ws).hasSize(1);
    TrendWarning w = ws.get(0);
    // the first moment the fit may speak: 5 minutes of samples (minSpan), the 11th sample, at 50%
    assertThat(w.at()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(w.eta()).isEqualTo(Duration.ofMinutes(30));
    assertThat(w.message()).isEqualTo("web will reach 80% memory in ~30 min");
    assertThat(w.perMinute()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(w.r2()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(w.levelLabel()).isEqualTo("80% memory");
  }

  @Test
  void theExampleOfTheIssue() {
    // 50% rising 1.2% a minute, seen for 10 minutes: 62% now, 80% in 15 min... at the 11th sample, 56% and 20 min
    TrendWatch w = new TrendWatch(MEM, TrendSettings.DEFAULTS);
    Optional<TrendWarning> last = Optional.empty();
    for (int i = 0; i <= 10; i++) last = w.observe(Sample.value(MEM, T0.plus(STEP.multipliedBy(i)), 50 + i * 0.6, ""), Thresholds.MEMORY);
    assertThat(last).get().extracting(TrendWarning::message).isEqualTo("web will reach 80% memory in ~20 min");
  }

  @Test
  void growthWithSomeNoiseStillWarns() {
    Random r = new Random(7);
    List<TrendWarning> ws = run(40, i -> 40 + i * 0.5 + (r.nextDouble() - 0.5) * 2);
    assertThat(ws).hasSize(1);
    assertThat(ws.get(0).r2()).isGreaterThan(0.8);
  }

  @Test
  void noiseAroundAFlatLineNeverWarns() {
    for (long seed = 0; seed < 50; seed++) {
      Random r = new Random(seed);
      assertThat(run(240, i -> 50 + (r.nextDouble() - 0.5) * 10)).as("seed %d", seed).isEmpty();
    }
  }

  @Test
  void aFlatLineNeverWarns() {
    assertThat(run(240, i -> 55)).isEmpty();
    assertThat(Trend.fit(List.of(new Trend.Point(T0, 5), new Trend.Point(T0.plusSeconds(1), 5)))).isEmpty();
  }

  @Test
  void aSawtoothOfRestartsNeverWarnsOnceARestartWasSeen() {
    // climbs 40% → 75% in 8 minutes, then PM2's max_memory_restart restarts it: for 4 hours.
    // Before the first restart the first tooth is a steady rise like any leak (and true: it will
    // reach its limit); from the first restart on, nothing.
    Instant firstRestart = T0.plus(STEP.multipliedBy(16));
    List<TrendWarning> fast = run(480, i -> 40 + (i % 16) * (35.0 / 15));
    assertThat(fast).hasSizeLessThanOrEqualTo(1).allMatch(w -> w.at().isBefore(firstRestart));
    // the same with noise and a slower tooth (20 minutes)
    Random r = new Random(3);
    List<TrendWarning> slow = run(480, i -> 40 + (i % 40) * (35.0 / 39) + r.nextDouble());
    assertThat(slow).hasSizeLessThanOrEqualTo(1).allMatch(w -> w.at().isBefore(T0.plus(STEP.multipliedBy(40))));
    // watched from after a restart, it never warns
    assertThat(run(480, i -> 40 + ((i + 15) % 16) * (35.0 / 15))).isEmpty();
  }

  @Test
  void fallingOrFarAwayOrAlreadyThereDoesNotWarn() {
    assertThat(run(60, i -> 70 - i * 0.5)).isEmpty();
    assertThat(run(60, i -> 10 + i * 0.01)).isEmpty(); // 80% is days away: past the 2 h horizon
    assertThat(run(60, i -> 85 + i * 0.1)).isEmpty(); // above 80% already: the threshold speaks
  }

  @Test
  void theSubjectsOwnLimitWinsWhenItComesFirst() {
    List<TrendWarning> ws = run(20, i -> 45 + i * 0.5, Optional.of(new Sample.Limit(60, "its max_memory_restart (300 MB)")));
    assertThat(ws).hasSize(1);
    assertThat(ws.get(0).message()).isEqualTo("web will reach its max_memory_restart (300 MB) in ~10 min");
  }

  @Test
  void aNewRiseAfterAQuietWindowWarnsAgain() {
    // rise, fall back (a restart) and stay flat for over the window, then rise again
    IntToDoubleFunction f = i -> i < 30 ? 40 + i * 0.5 : i < 100 ? 40 : 40 + (i - 100) * 0.5;
    assertThat(run(140, f)).hasSize(2);
  }

  @Test
  void fitComputesSlopeAndR2() {
    Trend.Fit fit = Trend.fit(List.of(new Trend.Point(T0, 1), new Trend.Point(T0.plusSeconds(60), 3),
        new Trend.Point(T0.plusSeconds(120), 5))).orElseThrow();
    assertThat(fit.slopePerSecond()).isEqualTo(2.0 / 60);
    assertThat(fit.r2()).isEqualTo(1.0);
    assertThat(fit.valueAtLast()).isEqualTo(5.0);
    assertThat(fit.reaches(7)).contains(T0.plusSeconds(180));
  }

  @Test
  void roughDurations() {
    assertThat(Trend.roughly(Duration.ofSeconds(20))).isEqualTo("~1 min");
    assertThat(Trend.roughly(Duration.ofMinutes(25).plusSeconds(20))).isEqualTo("~25 min");
    assertThat(Trend.roughly(Duration.ofMinutes(89))).isEqualTo("~89 min");
    assertThat(Trend.roughly(Duration.ofMinutes(131))).isEqualTo("~2 h 10 min");
    assertThat(Trend.roughly(Duration.ofMinutes(179))).isEqualTo("~3 h");
    assertThat(Trend.roughly(Duration.ofHours(50))).isEqualTo("~2 d");
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new TrendSettings(Duration.ofMinutes(5), 6, Duration.ofMinutes(10), 0.8, 0.2, Duration.ofHours(2)))
        .hasMessageContaining("longer than its window");
    assertThatThrownBy(() -> new TrendSettings(Duration.ofMinutes(30), 6, Duration.ofMinutes(5), 1.5, 0.2, Duration.ofHours(2)))
        .hasMessageContaining("minimum R² must be above 0 and at most 1");
  }
}
