package dev.understudy.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PosixCronTest {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** The next {@code count} fire instants after {@code start}, each computed from the previous one. */
  private static List<String> fires(String expression, String start, ZoneId zone, int count) {
    PosixCron cron = PosixCron.parse(expression);
    List<String> out = new ArrayList<>();
    Instant t = Instant.parse(start);
    for (int i = 0; i < count; i++) {
      t = cron.nextAfter(t, zone).orElseThrow();
      out.add(t.toString());
    }
    return out;
  }

  private static List<String> fires(String expression, String start, int count) {
    return fires(expression, start, UTC, count);
  }

  @Nested
  class GitHubDocsExamples {

    @Test
    void everyFifteenMinutes() {
      assertThat(fires("*/15 * * * *", "2024-03-10T10:07:00Z", 4)).containsExactly(
          "2024-03-10T10:15:00Z", "2024-03-10T10:30:00Z", "2024-03-10T10:45:00Z", "2024-03-10T11:00:00Z");
    }

    @Test
    void mondaysAndWednesdaysAt0530() {
      // 2024-01-01 is a Monday
      assertThat(fires("30 5 * * 1,3", "2024-01-01T00:00:00Z", 4)).containsExactly(
          "2024-01-01T05:30:00Z", "2024-01-03T05:30:00Z", "2024-01-08T05:30:00Z", "2024-01-10T05:30:00Z");
    }

    @Test
    void twiceADay() {
      assertThat(fires("30 5,17 * * *", "2024-01-01T06:00:00Z", 3)).containsExactly(
          "2024-01-01T17:30:00Z", "2024-01-02T05:30:00Z", "2024-01-02T17:30:00Z");
    }

    @Test
    void everyDayOfTheWeekRange() {
      assertThat(fires("0 0 * * 0-6", "2024-01-01T00:00:00Z", 3)).containsExactly(
          "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z", "2024-01-04T00:00:00Z");
    }

    @Test
    void namesAreCaseInsensitiveAndWorkInRanges() {
      assertThat(PosixCron.parse("0 9 * jan-Mar MON-FRI")).isEqualTo(PosixCron.parse("0 9 * 1-3 1-5"));
      assertThat(PosixCron.parse("0 12 * * mon,Wed,FRI")).isEqualTo(PosixCron.parse("0 12 * * 1,3,5"));
      // Friday 2024-03-29, then Monday 2024-04-01 is outside JAN-MAR: next is 2025-01-01 (Wednesday)
      assertThat(fires("0 9 * JAN-MAR MON-FRI", "2024-03-29T00:00:00Z", 2))
          .containsExactly("2024-03-29T09:00:00Z", "2025-01-01T09:00:00Z");
    }

    @Test
    void stepFromAValueMeansValueToMax() {
      assertThat(PosixCron.parse("5/20 * * * *")).isEqualTo(PosixCron.parse("5,25,45 * * * *"));
      // day-of-week runs 0-7, so MON/2 is 1,3,5,7 and 7 is Sunday
      assertThat(PosixCron.parse("0 0 * * MON/2")).isEqualTo(PosixCron.parse("0 0 * * 0,1,3,5"));
      assertThat(PosixCron.parse("0 0 * * */2")).isEqualTo(PosixCron.parse("0 0 * * 0,2,4,6"));
    }

    @Test
    void stepsAndListsCombine() {
      assertThat(PosixCron.parse("0-10/5,50 */6 * * *")).isEqualTo(PosixCron.parse("0,5,10,50 0,6,12,18 * * *"));
      assertThat(PosixCron.parse("*/100 * * * *")).isEqualTo(PosixCron.parse("0 * * * *"));
    }
  }

  @Nested
  class Macros {

    @ParameterizedTest
    @CsvSource({"@yearly,0 0 1 1 *", "@annually,0 0 1 1 *", "@monthly,0 0 1 * *", "@weekly,0 0 * * 0",
        "@daily,0 0 * * *", "@midnight,0 0 * * *", "@hourly,0 * * * *", "@DAILY,0 0 * * *", "'  @hourly ',0 * * * *"})
    void mapToTheirFiveFieldForm(String macro, String fields) {
      PosixCron cron = PosixCron.parse(macro);
      assertThat(cron).isEqualTo(PosixCron.parse(fields)).hasSameHashCodeAs(PosixCron.parse(fields));
      assertThat(cron.expression()).isEqualTo(macro.strip());
    }

    @Test
    void weeklyFiresOnSundayMidnight() {
      assertThat(fires("@weekly", "2024-01-01T00:00:00Z", 2))
          .containsExactly("2024-01-07T00:00:00Z", "2024-01-14T00:00:00Z");
    }
  }

  @Nested
  class DayRule {

    @Test
    void bothDayFieldsRestrictedMeansEither() {
      // the 1st, the 15th and every Monday (January 2024: Mondays are 1, 8, 15, 22, 29)
      assertThat(fires("0 0 1,15 * 1", "2023-12-31T12:00:00Z", 9)).containsExactly(
          "2024-01-01T00:00:00Z", "2024-01-08T00:00:00Z", "2024-01-15T00:00:00Z", "2024-01-22T00:00:00Z",
          "2024-01-29T00:00:00Z", "2024-02-01T00:00:00Z", "2024-02-05T00:00:00Z", "2024-02-12T00:00:00Z",
          "2024-02-15T00:00:00Z");
    }

    @Test
    void dayOfMonthStartingWithStarCountsAsUnrestricted() {
      // "*/2" starts with '*': both must match, so only Mondays on odd days of the month
      assertThat(fires("0 0 */2 * 1", "2023-12-31T12:00:00Z", 5)).containsExactly(
          "2024-01-01T00:00:00Z", "2024-01-15T00:00:00Z", "2024-01-29T00:00:00Z", "2024-02-05T00:00:00Z",
          "2024-02-19T00:00:00Z");
      PosixCron cron = PosixCron.parse("0 0 */2 * 1");
      assertThat(cron.matches(LocalDateTime.parse("2024-01-08T00:00"))).isFalse(); // Monday, even day
      assertThat(cron.matches(LocalDateTime.parse("2024-01-03T00:00"))).isFalse(); // odd day, Wednesday
    }

    @Test
    void dayOfWeekStartingWithStarCountsAsUnrestricted() {
      // "*/7" is Sunday only, and starts with '*': the 1st of a month that is a Sunday
      assertThat(fires("0 0 1 * */7", "2024-01-01T00:00:00Z", 2))
          .containsExactly("2024-09-01T00:00:00Z", "2024-12-01T00:00:00Z");
    }

    @Test
    void fullRangeIsRestrictedButStarIsNot() {
      assertThat(PosixCron.parse("0 0 1-31 * 1")).isEqualTo(PosixCron.parse("0 0 * * *"));
      assertThat(PosixCron.parse("0 0 */1 * 1")).isEqualTo(PosixCron.parse("0 0 * * 1"));
      assertThat(PosixCron.parse("0 0 */1 * 1")).isNotEqualTo(PosixCron.parse("0 0 1-31 * 1"));
    }

    @Test
    void sevenIsSunday() {
      assertThat(PosixCron.parse("0 0 * * 7")).isEqualTo(PosixCron.parse("0 0 * * 0"))
          .isEqualTo(PosixCron.parse("0 0 * * SUN"));
      assertThat(fires("0 0 * * 5-7", "2024-01-01T00:00:00Z", 4)).containsExactly(
          "2024-01-05T00:00:00Z", "2024-01-06T00:00:00Z", "2024-01-07T00:00:00Z", "2024-01-12T00:00:00Z");
      assertThat(PosixCron.parse("0 0 * * 7").matches(LocalDateTime.parse("2024-01-07T00:00"))).isTrue();
    }
  }

  @Nested
  class RareAndImpossible {

    @ParameterizedTest
    @ValueSource(strings = {"0 0 31 2 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *", "* * 30,31 FEB *", "0 0 31 2 */7"})
    void neverFiringExpressionsAreDetectedAtParseTime(String expression) {
      PosixCron cron = PosixCron.parse(expression);
      assertThat(cron.neverFires()).isTrue();
      assertThat(cron.nextAfter(Instant.parse("2024-01-01T00:00:00Z"), UTC)).isEmpty();
      assertThat(cron.nextAfter(Instant.parse("2024-01-01T00:00:00Z"), NEW_YORK)).isEmpty();
    }

    @Test
    void bothDayFieldsRestrictedNeverClash() {
      // OR rule: Mondays in February still fire
      PosixCron cron = PosixCron.parse("0 0 31 2 1");
      assertThat(cron.neverFires()).isFalse();
      assertThat(cron.nextAfter(Instant.parse("2024-01-01T00:00:00Z"), UTC)).contains(Instant.parse("2024-02-05T00:00:00Z"));
    }

    @Test
    void leapDayFiresEveryFourYears() {
      assertThat(fires("0 0 29 2 *", "2024-03-01T00:00:00Z", 2))
          .containsExactly("2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z");
      assertThat(fires("0 0 29 2 *", "2096-03-01T00:00:00Z", 1)).containsExactly("2104-02-29T00:00:00Z");
    }

    @Test
    void leapDayOnASundayIsFoundDecadesAhead() {
      assertThat(fires("0 0 29 2 */7", "2004-03-01T00:00:00Z", 3)).containsExactly(
          "2032-02-29T00:00:00Z", "2060-02-29T00:00:00Z", "2088-02-29T00:00:00Z");
    }

    @Test
    void endOfTimeGivesEmptyNotAnException() {
      assertThat(PosixCron.parse("* * * * *").nextAfter(Instant.MAX, UTC)).isEmpty();
      assertThat(PosixCron.parse("0 0 1 1 *").nextAfter(Instant.parse("+1000000000-06-01T00:00:00Z"), UTC)).isEmpty();
    }
  }

  @Nested
  class Instants {

    @Test
    void strictlyAfterAndAtWholeMinutes() {
      PosixCron cron = PosixCron.parse("* * * * *");
      assertThat(cron.nextAfter(Instant.parse("2024-01-01T10:00:00Z"), UTC)).contains(Instant.parse("2024-01-01T10:01:00Z"));
      assertThat(cron.nextAfter(Instant.parse("2024-01-01T10:00:00.001Z"), UTC)).contains(Instant.parse("2024-01-01T10:01:00Z"));
      assertThat(cron.nextAfter(Instant.parse("2024-01-01T10:00:59.999Z"), UTC)).contains(Instant.parse("2024-01-01T10:01:00Z"));
      assertThat(cron.nextAfter(Instant.parse("2023-12-31T23:59:30Z"), UTC)).contains(Instant.parse("2024-01-01T00:00:00Z"));
      assertThat(cron.nextAfter(Instant.parse("1969-12-31T23:59:30Z"), UTC)).contains(Instant.parse("1970-01-01T00:00:00Z"));
    }

    @Test
    void fixedOffsetZonesUseTheirWallClock() {
      assertThat(fires("0 0 * * *", "2024-01-01T00:00:00Z", ZoneOffset.ofHours(5), 1)).containsExactly("2024-01-01T19:00:00Z");
      assertThat(fires("0 0 * * *", "2024-01-01T00:00:00Z", ZoneId.of("UTC"), 1)).containsExactly("2024-01-02T00:00:00Z");
      assertThat(fires("30 0 * * *", "2024-01-01T00:00:00Z", ZoneId.of("Asia/Kolkata"), 1))
          .containsExactly("2024-01-01T19:00:00Z");
    }

    @Test
    void yearBoundaryAndMonthSkipping() {
      assertThat(fires("0 0 1 JAN,JUL *", "2024-07-01T00:00:00Z", 2))
          .containsExactly("2025-01-01T00:00:00Z", "2025-07-01T00:00:00Z");
      assertThat(fires("59 23 31 12 *", "2024-12-31T23:59:00Z", 1)).containsExactly("2025-12-31T23:59:00Z");
    }

    @Test
    void matchesIgnoresSeconds() {
      PosixCron cron = PosixCron.parse("0 0 * * *");
      assertThat(cron.matches(LocalDateTime.parse("2024-01-01T00:00:59.999"))).isTrue();
      assertThat(cron.matches(LocalDateTime.parse("2024-01-01T00:01:00"))).isFalse();
    }
  }

  @Nested
  class DaylightSaving {

    @Test
    void newYorkSpringForwardShiftsGapTimesForward() {
      // 2024-03-10 02:00 EST jumps to 03:00 EDT: 02:30 fires at 03:30 EDT
      assertThat(fires("30 2 * * *", "2024-03-09T05:00:00Z", NEW_YORK, 3)).containsExactly(
          "2024-03-09T07:30:00Z", "2024-03-10T07:30:00Z", "2024-03-11T06:30:00Z");
      assertThat(fires("* * * * *", "2024-03-10T06:59:00Z", NEW_YORK, 2))
          .containsExactly("2024-03-10T07:00:00Z", "2024-03-10T07:01:00Z");
      // 02:00 and 02:30 shift onto 03:00 and 03:30, which then fire only once
      assertThat(fires("0,30 2,3 * * *", "2024-03-10T06:00:00Z", NEW_YORK, 3)).containsExactly(
          "2024-03-10T07:00:00Z", "2024-03-10T07:30:00Z", "2024-03-11T06:00:00Z");
    }

    @Test
    void newYorkFallBackFiresOverlapTimesOnceAtTheEarlierOffset() {
      // 2024-11-03 02:00 EDT falls back to 01:00 EST: 01:00-01:59 happens twice
      assertThat(fires("30 1 * * *", "2024-11-03T04:00:00Z", NEW_YORK, 2))
          .containsExactly("2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z");
      assertThat(fires("*/15 * * * *", "2024-11-03T05:40:00Z", NEW_YORK, 2))
          .containsExactly("2024-11-03T05:45:00Z", "2024-11-03T07:00:00Z");
      // called from inside the second 01:xx hour, it waits for 02:00 EST
      assertThat(fires("*/15 * * * *", "2024-11-03T06:10:00Z", NEW_YORK, 1)).containsExactly("2024-11-03T07:00:00Z");
    }

    @Test
    void parisTransitions() {
      // 2024-03-31 02:00 CET -> 03:00 CEST; 2024-10-27 03:00 CEST -> 02:00 CET
      assertThat(fires("30 2 * * *", "2024-03-30T12:00:00Z", PARIS, 2))
          .containsExactly("2024-03-31T01:30:00Z", "2024-04-01T00:30:00Z");
      assertThat(fires("30 2 * * *", "2024-10-26T12:00:00Z", PARIS, 2))
          .containsExactly("2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"* * * * *", "*/7 * * * *", "0,30 1-3 * * *", "59 * * * *", "0 2 * * *"})
    void firesStrictlyIncreaseAcrossTransitions(String expression) {
      PosixCron cron = PosixCron.parse(expression);
      for (ZoneId zone : List.of(NEW_YORK, PARIS)) {
        for (String day : List.of("2024-03-09T20:00:00Z", "2024-03-30T20:00:00Z", "2024-10-26T20:00:00Z", "2024-11-02T20:00:00Z")) {
          Instant t = Instant.parse(day), stop = t.plusSeconds(2 * 86400);
          while (t.isBefore(stop)) {
            Instant next = cron.nextAfter(t, zone).orElseThrow();
            assertThat(next).isAfter(t);
            assertThat(next.getEpochSecond() % 60).isZero();
            LocalDateTime wall = LocalDateTime.ofInstant(next, zone);
            boolean shiftedFromGap = !cron.matches(wall);
            if (shiftedFromGap) {
              assertThat(zone.getRules().getTransition(wall.minusHours(1))).isNotNull();
            }
            t = next;
          }
        }
      }
    }
  }

  @Nested
  class Rejections {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> column {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "61 * * * *         | 1  | minute value 61 is out of range 0-59 (column 1)",
        "0 0 * * * *        | 11 | expected 5 fields (minute hour day-of-month month day-of-week), found 6",
        "0 0 1 * * 2024     | 11 | found 6",
        "0 0 * *            | 8  | found 4",
        "0 0 ? * *          | 5  | '?'",
        "0 0 * * ?          | 9  | use * instead",
        "0 0 L * *          | 5  | 'L' (last)",
        "0 0 LW * *         | 5  | 'L' (last)",
        "0 0 15W * *        | 7  | 'W'",
        "0 0 * * 5#2        | 10 | '#' (nth weekday)",
        "0 0 * * MON#2      | 12 | '#'",
        "0 0 * * 5L         | 10 | 'L'",
        "@reboot            | 1  | unknown macro @reboot (column 1): use one of @yearly @annually @monthly @weekly @daily @midnight @hourly",
        "@every 5m          | 1  | unknown macro @every",
        "@daily 0           | 8  | macro @daily takes nothing after it",
        "*/0 * * * *        | 3  | minute step 0 is invalid",
        "0 0 1-31/0 * *     | 10 | day-of-month step 0",
        "5-2 * * * *        | 1  | minute range 5-2 is reversed",
        "0 0 * * MON-SUN    | 9  | write Sunday as 7",
        "0 24 * * *         | 3  | hour value 24 is out of range 0-23",
        "0 0 0 * *          | 5  | day-of-month value 0 is out of range 1-31",
        "0 0 32 * *         | 5  | day-of-month value 32",
        "0 0 * 13 *         | 7  | month value 13 is out of range 1-12",
        "0 0 * 0 *          | 7  | month value 0",
        "0 0 * * 8          | 9  | day-of-week value 8 is out of range 0-7",
        "0 0 * 1-13 *       | 9  | month value 13",
        "0 0 * * 1-99999999999 | 11 | out of range",
        "1,,2 * * * *       | 3  | empty item in minute list",
        "1, * * * *         | 3  | empty item",
        ",1 * * * *         | 1  | empty item",
        "0 0 * JANUARY *    | 7  | unknown month name JANUARY",
        "0 0 * * Monday     | 9  | unknown day-of-week name Monday",
        "abc * * * *        | 1  | minute does not take names",
        "0 0 * * 1x         | 10 | unexpected character 'x'",
        "*5 * * * *         | 2  | unexpected character '5'",
        "1-2-3 * * * *      | 4  | unexpected character '-'",
        "*/ * * * *         | 3  | missing step",
        "*/MON * * * *      | 3  | missing step",
        "5- * * * *         | 3  | ends where a value is expected",
        "0 0 * * -1         | 9  | unexpected character '-'",
        "\"  61 * * * *\"   | 3  | (column 3)",
    })
    void rejectsWithColumn(String expression, int column, String messagePart) {
      assertThatThrownBy(() -> PosixCron.parse(expression))
          .isInstanceOfSatisfying(CronSyntaxException.class, e -> {
            assertThat(e.column()).isEqualTo(column);
            assertThat(e.getMessage()).contains(messagePart).doesNotContain("\n");
          });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0\n* * *", "0 0 * * *\u00a0MON", "@daily\n0", "@foo\nbar"})
    void messagesStayOnOneLineWhateverTheInput(String expression) {
      assertThatThrownBy(() -> PosixCron.parse(expression))
          .isInstanceOfSatisfying(CronSyntaxException.class, e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void rejectsEmpty(String expression) {
      assertThatThrownBy(() -> PosixCron.parse(expression))
          .isInstanceOfSatisfying(CronSyntaxException.class, e -> {
            assertThat(e.column()).isEqualTo(1);
            assertThat(e.getMessage()).contains("empty");
          });
    }

    @Test
    void isAnIllegalArgumentException() {
      assertThatThrownBy(() -> PosixCron.parse("@reboot")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Identity {

    @Test
    void whitespaceIsFlexibleAndExpressionIsTrimmed() {
      PosixCron cron = PosixCron.parse("  0\t0   *  * \t *  ");
      assertThat(cron.expression()).isEqualTo("0\t0   *  * \t *");
      assertThat(cron.toString()).isEqualTo(cron.expression());
      assertThat(cron).isEqualTo(PosixCron.parse("0 0 * * *")).hasSameHashCodeAs(PosixCron.parse("0 0 * * *"));
    }

    @Test
    void equalityFollowsTheNormalizedMasks() {
      assertThat(PosixCron.parse("0,0,0 0 * * *")).isEqualTo(PosixCron.parse("0 0 * * *"));
      assertThat(PosixCron.parse("0 0 1-31 * 0-6")).isEqualTo(PosixCron.parse("0 0 * * *"));
      assertThat(PosixCron.parse("0 0 * * 0-7")).isEqualTo(PosixCron.parse("0 0 * * *"));
      assertThat(PosixCron.parse("1 0 * * *")).isNotEqualTo(PosixCron.parse("0 0 * * *"));
      assertThat(PosixCron.parse("0 0 * * *")).isNotEqualTo("0 0 * * *");
    }

    @Test
    void matchesUsesTheDayOfWeekOfTheDate() {
      PosixCron cron = PosixCron.parse("0 0 * * MON");
      LocalDateTime monday = LocalDateTime.parse("2024-01-01T00:00");
      assertThat(monday.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
      assertThat(cron.matches(monday)).isTrue();
      assertThat(cron.matches(monday.plusDays(1))).isFalse();
    }
  }
}
