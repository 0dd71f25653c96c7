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

  /** The zone's IANA name, with "UTC" for UTC in whichever form it was given. */
  public String zoneName() {
    return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
  }

  /** A stable text form, stored with a scheduled trigger to notice when its schedule changed. */
  public String spec() {
    return zoneName() + " " + cron.expression();
  }

  @Override
  public String toString() {
    return zoneName().equals("UTC") ? cron.expression() : cron.expression() + " (" + zoneName() + ")";
  }
}
