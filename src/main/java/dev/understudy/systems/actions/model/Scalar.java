package dev.understudy.systems.actions.model;

/**
 * A boolean, integer or float setting that may instead be a {@code ${{ }}} expression: exactly
 * one of {@code value} and {@code expression} is set.
 */
public record Scalar<T>(T value, Str expression, Pos pos) {
  public boolean isExpression() {
    return expression != null;
  }

  /** The literal value, or {@code fallback} when the setting is an expression. */
  public T orElse(T fallback) {
    return value == null ? fallback : value;
  }
}
