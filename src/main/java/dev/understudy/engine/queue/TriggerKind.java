package dev.understudy.engine.queue;

import java.util.Locale;

/** What made a job run. */
public enum TriggerKind {
  SCHEDULE,
  CATCH_UP,
  MANUAL,
  HTTP,
  FAILOVER;

  public String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static TriggerKind fromWord(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
