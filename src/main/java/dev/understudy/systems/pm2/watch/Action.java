package dev.understudy.systems.pm2.watch;

import java.time.Instant;
import java.util.List;

/** One thing {@link TakeoverDecision} decided, with its reason in words, as {@code status} shows it. */
public record Action(Kind kind, List<String> apps, String reason, Instant at) {
  public enum Kind {
    /** Nothing to do: PM2 runs the apps, or PM2 is gone for less than {@code pm2.takeoverAfter}. */
    WATCH,
    /** An app is errored or crashed and stopped in PM2, which answers: {@code pm2 restart} it there. */
    RESTART_IN_PM2,
    /** The PM2 daemon has not answered for {@code pm2.takeoverAfter}: run these apps here. */
    TAKE_OVER,
    /** PM2 answers again and runs these apps {@code online}: stop our copies. */
    HAND_BACK
  }

  public Action {
    apps = List.copyOf(apps);
  }

  @Override
  public String toString() {
    return kind + (apps.isEmpty() ? "" : " " + apps) + ": " + reason;
  }
}
