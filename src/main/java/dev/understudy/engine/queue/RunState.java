package dev.understudy.engine.queue;

import java.util.Locale;

/** Where a job run is in its life. */
public enum RunState {
  QUEUED(false),
  RUNNING(false),
  /** Failed; waiting for its next attempt. */
  RETRYING(false),
  SUCCEEDED(true),
  FAILED(true),
  TIMED_OUT(true),
  CANCELLED(true),
  /** A slot that came while a run was active under the forbid policy. */
  SKIPPED(true),
  /** A slot whose catch-up came later than the starting deadline. */
  MISSED(true);

  private final boolean terminal;

  RunState(boolean terminal) {
    this.terminal = terminal;
  }

  public boolean terminal() {
    return terminal;
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static RunState fromWord(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
