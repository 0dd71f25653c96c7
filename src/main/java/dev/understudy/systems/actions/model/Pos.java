package dev.understudy.systems.actions.model;

/** A place in a workflow file, 1-based as editors count. */
public record Pos(int line, int column) {
  public static final Pos NONE = new Pos(0, 0);

  /** The place {@code chars} characters further on the same line. */
  public Pos plus(int chars) {
    return new Pos(line, column + chars);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
