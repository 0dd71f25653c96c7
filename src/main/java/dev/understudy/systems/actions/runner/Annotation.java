package dev.understudy.systems.actions.runner;

/**
 * One {@code ::error}, {@code ::warning} or {@code ::notice} of a step (or an error the runner
 * itself reports about the step). Position fields are {@code null} when not given. The message
 * and title are already masked.
 */
public record Annotation(Level level, String message, String file, Integer line, Integer endLine,
    Integer column, Integer endColumn, String title) {

  public enum Level {
    ERROR("error"),
    WARNING("warning"),
    NOTICE("notice");

    private final String word;

    Level(String word) {
      this.word = word;
    }

    /** The command's name: {@code error}, {@code warning}, {@code notice}. */
    public String word() {
      return word;
    }
  }

  /** An annotation without a position. */
  public static Annotation of(Level level, String message) {
    return new Annotation(level, message, null, null, null, null, null, null);
  }

  /** {@code file:line:col: message}, as far as known. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(level.word()).append(": ");
    if (file != null) {
      sb.append(file);
      if (line != null) sb.append(':').append(line);
      if (line != null && column != null) sb.append(':').append(column);
      sb.append(": ");
    }
    if (title != null) sb.append(title).append(": ");
    return sb.append(message).toString();
  }
}
