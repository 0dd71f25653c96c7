package dev.understudy.orchestrator;

/**
 * One finding of {@code understudy validate}, whatever it checked; {@link #toString()} is
 * {@code path:line:column: message [rule]}, without line and column when the finding is about the
 * whole file (0).
 */
public record Finding(String file, int line, int column, String message, String rule) {
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + message + " [" + rule + "]";
  }
}
