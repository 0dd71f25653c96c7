package dev.understudy.engine.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/** A cron expression on the wall clock of one time zone (UTC unless named). */
public record CronSchedule(PosixCron cron, ZoneId zone) {

  public static CronSchedule utc(String expression) {
    return new CronSchedule(PosixCron.parse(expression), ZoneOffset.UTC);
  }

  public static CronSchedule of(String expression, ZoneId zone) {
    return new CronSchedule(PosixCron.parse(expression), zone);
  }

  /** The first slot strictly after {@code t}; empty when the expression never fires. */
  public Optional<Instant> nextAfter(Instant t) {
    return cron.nextAfter(t, zone);
  }

  public String expression() {
    return cron.expression();
  }

  /** A stable text form, stored with a scheduled trigger to notice when its schedule changed. */
  public String spec() {
    return zone.getId() + " " + cron.expression();
  }

  @Override
  public String toString() {
    return zone.equals(ZoneOffset.UTC) ? cron.expression() : cron.expression() + " (" + zone.getId() + ")";
  }
}
