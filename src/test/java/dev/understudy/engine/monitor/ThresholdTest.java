package dev.understudy.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Thresholds are validated when built, with a message saying how to fix them. */
class ThresholdTest {
  @Test
  void theTeamsDefaults() {
    Thresholds t = Thresholds.defaults();
    assertThat(t.of(Check.of("pm2", "web", "memory"))).isEqualTo(Threshold.Above.of("%", 80, 95, 1));
    assertThat(t.of(Check.of("pm2", "web", "cpu"))).isEqualTo(Threshold.Above.warningOnly("%", 90, 3));
    assertThat(t.of(Check.of("githubActions", "ci", "valid"))).isEqualTo(Threshold.Failures.of(3));
    assertThat(HealthLoop.DEFAULT_RESPONSE_TIMEOUT).hasSeconds(30);
  }

  @Test
  void aCheckMayHaveItsOwnRule() {
    Thresholds t = Thresholds.defaults().check("pm2/batch/memory", Threshold.Above.warningOnly("%", 98, 1))
        .failures(Threshold.Failures.of(5));
    assertThat(t.of(Check.of("pm2", "batch", "memory"))).isEqualTo(Threshold.Above.warningOnly("%", 98, 1));
    assertThat(t.of(Check.of("pm2", "web", "memory"))).isEqualTo(Thresholds.MEMORY);
    assertThat(t.of(Check.of("pm2", "web", "up"))).isEqualTo(Threshold.Failures.of(5));
  }

  @Test
  void invalidThresholdsSayHowToFixThem() {
    assertThatThrownBy(() -> Threshold.Above.of("%", 90, 80, 1))
        .hasMessage("the failing level (80%) must be above the warning level (90%): raise failing or lower warning");
    assertThatThrownBy(() -> Threshold.Above.warningOnly("%", 120, 1))
        .hasMessageContaining("120%, which a percentage never goes above: use a number under 100");
    assertThatThrownBy(() -> Threshold.Above.warningOnly("%", 80, 0)).hasMessage("the cycles must be from 1 to 3600, not 0: e.g. 3");
    assertThatThrownBy(() -> new Threshold.Above("ms", OptionalDouble.empty(), OptionalDouble.empty(), 1, 1))
        .hasMessageContaining("set at least one");
    assertThatThrownBy(() -> new Threshold.Failures(3, 3, 1)).hasMessageContaining("must be 0 (no warning) or fewer than");
    assertThatThrownBy(() -> Threshold.Failures.of(0)).hasMessageContaining("consecutive failures must be from 1");
    assertThatThrownBy(() -> Check.of("pm2", "", "up")).hasMessageContaining("subject must be a non-empty");
  }

  @Test
  void unitsOtherThanPercentMayGoHigh() {
    Threshold.Above latency = Threshold.Above.of("ms", 2000, 30_000, 2);
    Sample s = Sample.value(Check.of("netlifyFunctions", "hello", "latency"), Instant.EPOCH, 31_000, "");
    assertThat(latency.classify(s)).contains(Status.FAILING);
    assertThat(latency.explain(s, Status.FAILING)).isEqualTo("latency 31000ms is above 30000ms for 2 cycles");
  }
}
