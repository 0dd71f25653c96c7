package dev.understudy.systems.actions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.engine.schedule.PosixCron;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleCheckTest {

  static Stream<Arguments> intervals() {
    return Stream.of(
        Arguments.of("*/4 * * * *", 240L),
        Arguments.of("*/5 * * * *", 300L),
        Arguments.of("0,3 * * * *", 180L),
        Arguments.of("* * * * *", 60L),
        Arguments.of("0 * * * *", 3600L),
        Arguments.of("58 * * * *", 3600L),
        Arguments.of("0,58 * * * *", 120L), // 58 -> next hour's 0
        Arguments.of("58 0,1 * * *", 3600L),
        Arguments.of("0,58 5,6 * * *", 120L), // 5:58 -> 6:00
        Arguments.of("0,58 5,7 * * *", 58 * 60L), // 5:00 -> 5:58
        Arguments.of("59 23 * * *", 86_400L),
        Arguments.of("0,59 0,23 * * *", 60L), // 23:59 -> 0:00 next day
        Arguments.of("0 0,23 * * 1", 23 * 3600L), // Mondays only: 0:00 -> 23:00, never across midnight
        Arguments.of("0 0,23 * * 1,2", 3600L), // Monday 23:00 -> Tuesday 0:00
        Arguments.of("0,59 0,23 * * 1", 59 * 60L), // Mondays only: 0:00 -> 0:59
        Arguments.of("0 0 1 * *", 28 * 86_400L),
        Arguments.of("0 0 29 2 *", 4 * 365 * 86_400L + 86_400L),
        Arguments.of("30 12 * * 1-5", 86_400L));
  }

  @ParameterizedTest
  @MethodSource("intervals")
  void computesTheShortestInterval(String cron, long seconds) {
    assertThat(ScheduleCheck.shortestIntervalSeconds(PosixCron.parse(cron))).isEqualTo(seconds);
  }

  /** Against the gaps between consecutive fire times over four years, from PosixCron itself. */
  @ParameterizedTest
  @ValueSource(strings = {"0,58 5,7 * * *", "0 0,23 * * 1,2", "59 23 1,31 * *", "0 12 * * 5", "15 3 */10 * *",
      "0 0 13 * 5", "59 23 28 2 *", "0 */7 * * 1-5", "10-12 22 * * 0,6"})
  void agreesWithConsecutiveFireTimes(String cron) {
    PosixCron parsed = PosixCron.parse(cron);
    java.time.Instant at = java.time.Instant.parse("2024-01-01T00:00:00Z");
    java.time.Instant end = java.time.Instant.parse("2028-01-01T00:00:00Z");
    long shortest = Long.MAX_VALUE;
    java.time.Instant previous = null;
    while (at.isBefore(end)) {
      at = parsed.nextAfter(at, java.time.ZoneOffset.UTC).orElseThrow();
      if (previous != null) shortest = Math.min(shortest, java.time.Duration.between(previous, at).toSeconds());
      previous = at;
    }
    assertThat(ScheduleCheck.shortestIntervalSeconds(parsed)).isEqualTo(shortest);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*/5 * * * *", "0 0 * * *", "30 5,17 * * 1-5", "0 12 * JAN,JUL MON", "0,58 5,7 * * *"})
  void acceptsSchedulesOfFiveMinutesOrMore(String cron) {
    assertThat(ScheduleCheck.check(cron)).isEmpty();
  }

  @Test
  void reportsSchedulesThatRunTooOften() {
    // err/cron_5minutes_limit.out
    assertThat(ScheduleCheck.check("*/4 * * * *")).containsExactly(new Problem(0,
        "scheduled job runs too frequently. it runs once per 240 seconds. the shortest interval is once every 5 minutes"));
    assertThat(ScheduleCheck.check("0,58 * * * *")).containsExactly(new Problem(0,
        "scheduled job runs too frequently. it runs once per 120 seconds. the shortest interval is once every 5 minutes"));
  }

  @Test
  void reportsSyntaxErrorsAtTheBadField() {
    assertThat(ScheduleCheck.check("0 25 * * *")).singleElement().satisfies(p -> {
      assertThat(p.offset()).isEqualTo(2);
      assertThat(p.message()).startsWith("invalid CRON format \"0 25 * * *\" in schedule event: ");
    });
    assertThat(ScheduleCheck.check("0 0 * *")).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("expected 5 fields"));
  }

  @Test
  void rejectsMacrosAndSchedulesThatNeverRun() {
    assertThat(ScheduleCheck.check("@daily")).containsExactly(new Problem(0, "invalid CRON format \"@daily\" in "
        + "schedule event: GitHub Actions does not accept macros such as @daily: write 5 fields (minute hour "
        + "day-of-month month day-of-week), e.g. 0 0 * * *"));
    assertThat(ScheduleCheck.check("0 0 31 2 *")).containsExactly(new Problem(0,
        "scheduled job never runs: no date matches \"0 0 31 2 *\" (check the day-of-month and month fields)"));
  }

  @Test
  void checksTimezones() {
    assertThat(ScheduleCheck.checkTimezone("Europe/Paris")).isEmpty();
    assertThat(ScheduleCheck.checkTimezone("Mars/Olympus")).hasValue("invalid timezone \"Mars/Olympus\" in schedule "
        + "event. it must be a valid IANA timezone name, e.g. \"Europe/Paris\" or \"Etc/UTC\"");
  }
}
