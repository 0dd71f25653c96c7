package dev.understudy.systems.actions.expr;

/**
 * An expression could not be evaluated: a syntax error, an unknown function or context, a bad
 * argument ({@code format('{0')}, invalid JSON for {@code fromJSON}, ...).
 *
 * <p>{@link #offset()} is 0-based into the text that was given: the expression body for {@link
 * ExprEvaluator#evaluate(Expr, EvalContext)}, the whole string for {@link Expressions#interpolate}
 * and the other string helpers. {@link #getMessage()} is {@code reason (at offset N)}.
 */
public final class ExprEvaluationException extends RuntimeException {
  private final int offset;
  private final String reason;

  public ExprEvaluationException(int offset, String reason) {
    this(offset, reason, null);
  }

  public ExprEvaluationException(int offset, String reason, Throwable cause) {
    super(reason + " (at offset " + offset + ")", cause);
    this.offset = offset;
    this.reason = reason;
  }

  /** Where the problem is, 0-based. */
  public int offset() {
    return offset;
  }

  /** What went wrong, without the offset. */
  public String reason() {
    return reason;
  }

  /** The same problem, {@code by} characters further on (a body inside a longer string). */
  ExprEvaluationException shifted(int by) {
    return by == 0 ? this : new ExprEvaluationException(offset + by, reason, getCause());
  }
}
