package dev.understudy.engine.queue;

import java.util.Locale;

/** What a new slot does while a run of the same job is still active (Kubernetes CronJob's rule). */
public enum ConcurrencyPolicy {
  /** Run alongside. */
  ALLOW,
  /** Skip the new slot, recording it as skipped. */
  FORBID,
  /** Cancel the active run and start the new one. */
  REPLACE;

  public static ConcurrencyPolicy parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a concurrency policy: use allow, forbid or replace");
    }
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
