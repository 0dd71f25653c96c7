package dev.understudy.systems.actions.lint;

/**
 * One problem found in a workflow file: where ({@code line} and {@code column} are 1-based),
 * what, and the rule that found it ({@code syntax-check}, {@code expression}, ...).
 */
public record Finding(String file, int line, int column, String message, String rule)
    implements Comparable<Finding> {

  /** {@code path:line:column: message [rule]}, the form editors and actionlint users know. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message + " [" + rule + "]";
  }

  @Override
  public int compareTo(Finding o) {
    int c = file.compareTo(o.file);
    if (c != 0) return c;
    c = Integer.compare(line, o.line);
    if (c != 0) return c;
    return Integer.compare(column, o.column);
  }
}
