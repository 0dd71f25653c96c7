package dev.understudy.systems.netlify.site;

import dev.understudy.engine.schedule.CronSyntaxException;
import dev.understudy.engine.schedule.PosixCron;
import java.util.Optional;

/**
 * A function's schedule: 5-field cron or a macro ({@code @hourly}, {@code @daily}, {@code @weekly},
 * {@code @monthly}, {@code @yearly}), in UTC, as Netlify documents for scheduled functions. Netlify's
 * own validator (cron-parser) also takes a 6th seconds field, {@code L}, {@code #} and {@code ?};
 * Understudy cannot run those and says so.
 */
final class CronCheck {
  private CronCheck() {}

  /** What is wrong with {@code cron}, ending with how to fix it; empty when it is fine. */
  static Optional<String> check(String cron) {
    try {
      PosixCron parsed = PosixCron.parse(cron);
      if (parsed.neverFires()) {
        return Optional.of("schedule \"" + cron + "\" never fires: no date matches it; check the day-of-month and month fields");
      }
      return Optional.empty();
    } catch (CronSyntaxException e) {
      return Optional.of("schedule \"" + cron + "\" is not a cron expression Understudy can run: " + e.getMessage());
    }
  }
}
