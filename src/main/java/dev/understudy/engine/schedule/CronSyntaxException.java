package dev.understudy.engine.schedule;

/**
 * A cron expression that {@link PosixCron#parse(String)} rejects. The message is one line
 * that says what is wrong, where (as {@code (column N)}) and, when it is not obvious, how to
 * fix it; {@link #column()} gives the same place for callers that map it to
 * {@code file:line:column}.
 */
public final class CronSyntaxException extends IllegalArgumentException {

  private final int column;

  public CronSyntaxException(String message, int column) {
    super(message);
    this.column = column;
  }

  /** 1-based column, within the string given to {@code parse}, where the bad field or token starts. */
  public int column() {
    return column;
  }
}
