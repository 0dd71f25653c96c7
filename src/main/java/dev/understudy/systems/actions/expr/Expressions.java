package dev.understudy.systems.actions.expr;

import java.util.List;

/**
 * The runner's entry points: evaluate the string values of a workflow.
 *
 * <pre>{@code
 * EvalContext ctx = EvalContext.builder()
 *     .github(Map.of("ref", "refs/heads/main", "event_name", "push"))
 *     .status(JobStatus.SUCCESS)
 *     .build();
 * Expressions.interpolate("ref=${{ github.ref }}", ctx);          // "ref=refs/heads/main"
 * Expressions.condition("github.event_name == 'push'", ctx);      // true
 * Expressions.evaluateValue("${{ fromJSON('[1,2]') }}", ctx);     // [1.0, 2.0]
 * }</pre>
 *
 * <p>Errors are {@link ExprEvaluationException}s with offsets into the whole string given.
 */
public final class Expressions {
  private Expressions() {}

  /**
   * Every {@code ${{ }}} of {@code text} replaced by its value as {@link
   * Values#toStringForTemplate} prints it; text without templates is returned as is.
   */
  public static String interpolate(String text, EvalContext ctx) {
    if (text == null || !Templates.containsTemplate(text)) return text;
    List<Template> templates = scan(text);
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    for (Template t : templates) {
      out.append(text, from, t.start());
      out.append(Values.toStringForTemplate(evaluateTemplate(t, ctx)));
      from = t.end();
    }
    return out.append(text, from, text.length()).toString();
  }

  /**
   * The value of a workflow string: when the whole of {@code text} is one {@code ${{ }}}, its raw
   * value (an object stays an object, a number a {@code Double}: for {@code strategy.matrix},
   * {@code runs-on}, {@code continue-on-error}, {@code timeout-minutes}); otherwise the {@link
   * #interpolate interpolated} string.
   */
  public static Object evaluateValue(String text, EvalContext ctx) {
    if (text == null) return null;
    Template whole = wholeTemplate(text);
    return whole != null ? evaluateTemplate(whole, ctx) : interpolate(text, ctx);
  }

  /**
   * GitHub's {@code if:}. The value is an expression, written bare or as one {@code ${{ }}}
   * filling the whole value. Blank or null means {@code success()}. An expression that calls none
   * of {@code success() always() cancelled() failure()} means {@code success() && (expr)}, so it is
   * not evaluated at all once something failed. A value that mixes templates with other text is
   * that text interpolated, a non-empty string (see {@link IfConditions#isAlwaysTrue}).
   *
   * @return the truthiness of the result
   */
  public static boolean condition(String ifValue, EvalContext ctx) {
    if (ifValue == null || ifValue.isBlank()) return ctx.status().success();
    if (Templates.containsTemplate(ifValue)) {
      Template whole = wholeTemplate(ifValue);
      if (whole != null) {
        return condition(parseIn(whole.body(), whole.bodyStart()), whole.bodyStart(), ctx);
      }
      List<Template> templates = scan(ifValue);
      boolean status = false;
      for (Template t : templates) status |= ExprEvaluator.callsStatusFunction(parseIn(t.body(), t.bodyStart()));
      if (!status && !ctx.status().success()) return false;
      return Values.isTruthy(interpolate(ifValue, ctx));
    }
    return condition(parseIn(ifValue, 0), 0, ctx);
  }

  private static boolean condition(Expr expr, int shift, EvalContext ctx) {
    if (!ExprEvaluator.callsStatusFunction(expr) && !ctx.status().success()) return false;
    try {
      return Values.isTruthy(new ExprEvaluator().evaluate(expr, ctx));
    } catch (ExprEvaluationException e) {
      throw e.shifted(shift);
    }
  }

  /** The template filling all of {@code text}, or null. */
  static Template wholeTemplate(String text) {
    if (!text.startsWith("${{")) return null;
    Templates.Scan scan = Templates.scan(text);
    if (!scan.errors().isEmpty() || scan.templates().size() != 1) return null;
    Template t = scan.templates().get(0);
    return t.start() == 0 && t.end() == text.length() ? t : null;
  }

  private static List<Template> scan(String text) {
    Templates.Scan scan = Templates.scan(text);
    if (!scan.errors().isEmpty()) {
      ExprError e = scan.errors().get(0);
      throw new ExprEvaluationException(e.offset(), e.message());
    }
    return scan.templates();
  }

  private static Object evaluateTemplate(Template t, EvalContext ctx) {
    Expr expr = parseIn(t.body(), t.bodyStart());
    try {
      return new ExprEvaluator().evaluate(expr, ctx);
    } catch (ExprEvaluationException e) {
      throw e.shifted(t.bodyStart());
    }
  }

  private static Expr parseIn(String body, int shift) {
    try {
      return ExprEvaluator.parse(body);
    } catch (ExprEvaluationException e) {
      throw e.shifted(shift);
    }
  }
}
