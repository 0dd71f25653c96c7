package dev.understudy.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CatchUpTest {
  static final CronSchedule EVERY_5 = CronSchedule.utc("*/5 * * * *");
  static final Duration DEADLINE = Duration.ofHours(1);

  static Instant t(String hhmmss) {
    return Instant.parse("2026-11-22T" + hhmmss + "Z");
  }

  @Test
  void onTimeSlotRunsAsItself() {
    CatchUp.Decision d = CatchUp.decide(EVERY_5, t("10:05:00"), t("10:05:00.020"), DEADLINE);
    assertThat(d).isEqualTo(new CatchUp.Decision(t("10:05:00"), true, false, 0));
  }

  @Test
  void afterDowntimeOnlyTheLatestPassedSlotRuns() {
    CatchUp.Decision d = CatchUp.decide(EVERY_5, t("10:05:00"), t("10:31:10"), DEADLINE);
    assertThat(d.slot()).isEqualTo(t("10:30:00"));
    assertThat(d.run()).isTrue();
    assertThat(d.late()).isTrue();
    assertThat(d.skipped()).isEqualTo(5); // 10:10 ... 10:30 replaced 10:05
  }

  @Test
  void aSlotLaterThanTheDeadlineDoesNotRun() {
    CronSchedule daily = CronSchedule.utc("0 2 * * *");
    CatchUp.Decision d = CatchUp.decide(daily, t("02:00:00"), t("04:00:00"), DEADLINE);
    assertThat(d.slot()).isEqualTo(t("02:00:00"));
    assertThat(d.run()).isFalse();
  }

  @Test
  void aLongOutageOnlyWalksTheDeadlineWindow() {
    CronSchedule everyMinute = CronSchedule.utc("* * * * *");
    Instant due = Instant.parse("2020-01-01T00:00:00Z"); // years of missed minutes
    CatchUp.Decision d = CatchUp.decide(everyMinute, due, t("10:00:30"), DEADLINE);
    assertThat(d.slot()).isEqualTo(t("10:00:00"));
    assertThat(d.run()).isTrue();
    assertThat(d.late()).isTrue();
  }
}
