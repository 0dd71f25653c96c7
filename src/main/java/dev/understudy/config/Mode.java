package dev.understudy.config;

import java.util.Locale;

/** How an automation is covered: run here always, only when the primary missed, or not at all. */
public enum Mode {
  REPLACE,
  FAILOVER,
  OFF;

  public static Mode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a mode: use replace, failover or off");
    }
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
