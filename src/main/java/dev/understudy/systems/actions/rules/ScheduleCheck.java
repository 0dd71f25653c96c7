package dev.understudy.systems.actions.rules;

import dev.understudy.engine.schedule.CronSyntaxException;
import dev.understudy.engine.schedule.PosixCron;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Checks {@code on.schedule[*].cron} (and {@code timezone}) values. GitHub takes 5-field POSIX cron
 * (no macros such as {@code @daily}) and runs a schedule at most once every 5 minutes.
 *
 * <pre>{@code
 * ScheduleCheck.check("0,4 * * * *")
 *   // [Problem[offset=0, message=scheduled job runs too frequently. it runs once per 240 seconds. ...]]
 * ScheduleCheck.shortestIntervalSeconds(PosixCron.parse("0,3 * * * *"))  // 180
 * }</pre>
 */
public final class ScheduleCheck {

  /** GitHub's shortest interval between two runs of one schedule. */
  public static final long MIN_INTERVAL_SECONDS = 5 * 60;

  private static final LocalDate SCAN_FROM = LocalDate.of(2001, 1, 1);
  /** The Gregorian calendar, weekdays included, repeats every 400 years. */
  private static final int SCAN_DAYS = 146_097 + 1;

  private ScheduleCheck() {}

  /**
   * Problems in one cron string: a syntax error (at the offset of the bad field or token), a
   * schedule that never fires, or one that fires more often than every 5 minutes (offset 0).
   */
  public static List<Problem> check(String cron) {
    String text = cron.strip();
    if (text.startsWith("@")) {
      return List.of(new Problem(cron.indexOf('@'), "invalid CRON format " + Quoting.quote(cron)
          + " in schedule event: GitHub Actions does not accept macros such as " + text.split("\\s+")[0]
          + ": write 5 fields (minute hour day-of-month month day-of-week), e.g. 0 0 * * *"));
    }
    PosixCron parsed;
    try {
      parsed = PosixCron.parse(cron);
    } catch (CronSyntaxException e) {
      int offset = Math.max(0, Math.min(e.column() - 1, Math.max(0, cron.length() - 1)));
      return List.of(new Problem(offset, "invalid CRON format " + Quoting.quote(cron) + " in schedule event: " + e.getMessage()));
    }
    if (parsed.neverFires()) {
      return List.of(new Problem(0, "scheduled job never runs: no date matches " + Quoting.quote(cron)
          + " (check the day-of-month and month fields)"));
    }
    long seconds = shortestIntervalSeconds(parsed);
    if (seconds < MIN_INTERVAL_SECONDS) {
      return List.of(new Problem(0, "scheduled job runs too frequently. it runs once per " + seconds
          + " seconds. the shortest interval is once every 5 minutes"));
    }
    return List.of();
  }

  /**
   * Checks a {@code timezone} value: it must be an IANA time zone name (as {@link ZoneId} knows
   * them); the message when it is not.
   */
  public static Optional<String> checkTimezone(String timezone) {
    if (ZoneId.getAvailableZoneIds().contains(timezone)) return Optional.empty();
    return Optional.of("invalid timezone " + Quoting.quote(timezone)
        + " in schedule event. it must be a valid IANA timezone name, e.g. \"Europe/Paris\" or \"Etc/UTC\"");
  }

  /**
   * The shortest time between two consecutive fire times of {@code cron}, in seconds, on the wall
   * clock (DST shifts ignored, as GitHub's schedules run in UTC unless a timezone is set).
   * {@link Long#MAX_VALUE} when it fires at most once every 400 years or never.
   */
  public static long shortestIntervalSeconds(PosixCron cron) {
    Optional<Instant> first = cron.nextAfter(Instant.parse("2000-12-31T23:59:00Z"), ZoneOffset.UTC);
    if (first.isEmpty()) return Long.MAX_VALUE;
    LocalDateTime day = LocalDateTime.ofInstant(first.get(), ZoneOffset.UTC).withHour(0).withMinute(0);
    // Minutes and hours do not depend on the day: read them off one day that fires.
    int hour0 = LocalDateTime.ofInstant(first.get(), ZoneOffset.UTC).getHour();
    int[] minutes = matching(60, m -> cron.matches(day.withHour(hour0).withMinute(m)));
    int[] hours = matching(24, h -> cron.matches(day.withHour(h).withMinute(minutes[0])));
    long best = Long.MAX_VALUE;
    for (int k = 1; k < minutes.length; k++) best = Math.min(best, minutes[k] - minutes[k - 1]);
    int firstMinute = minutes[0], lastMinute = minutes[minutes.length - 1];
    for (int k = 1; k < hours.length; k++) {
      best = Math.min(best, (hours[k] - hours[k - 1]) * 60L - lastMinute + firstMinute);
    }
    long dayStart = hours[0] * 60L + firstMinute, dayEnd = hours[hours.length - 1] * 60L + lastMinute;
    if (1440 - dayEnd + dayStart < best) { // the night between two firing days may be shorter
      long days = shortestDayGap(cron, hours[0], firstMinute);
      if (days != Long.MAX_VALUE) best = Math.min(best, days * 1440 - dayEnd + dayStart);
    }
    return best == Long.MAX_VALUE ? Long.MAX_VALUE : best * 60;
  }

  /** The fewest days between two consecutive firing days, over one 400-year cycle. */
  private static long shortestDayGap(PosixCron cron, int hour, int minute) {
    long best = Long.MAX_VALUE;
    long previous = -1;
    LocalDate date = SCAN_FROM;
    for (int d = 0; d < SCAN_DAYS && best > 1; d++, date = date.plusDays(1)) {
      if (cron.matches(date.atTime(hour, minute))) {
        if (previous >= 0) best = Math.min(best, d - previous);
        previous = d;
      }
    }
    return best;
  }

  private static int[] matching(int count, java.util.function.IntPredicate fires) {
    return java.util.stream.IntStream.range(0, count).filter(fires).toArray();
  }
}
