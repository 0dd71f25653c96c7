package dev.understudy.systems.actions.expr;

import java.util.List;

/** Helpers for the {@code if:} keys, whose value is an expression even without {@code ${{ }}}. */
public final class IfConditions {
  private IfConditions() {}

  /**
   * True when an {@code if:} value mixes a template with other text, like {@code ${{ false }} ||
   * x} or {@code " ${{ false }}"}: GitHub then evaluates a non-empty string, which is always
   * true. Whitespace around the template counts as text, as it does on GitHub.
   */
  public static boolean isAlwaysTrue(String value) {
    List<Template> templates = Templates.scan(value).templates();
    if (templates.isEmpty()) return false;
    if (templates.size() > 1) return true;
    Template only = templates.get(0);
    return only.start() > 0 || only.end() < value.length();
  }

  /** The message for {@link #isAlwaysTrue}, as actionlint words it. */
  public static String alwaysTrueMessage(String value) {
    return "if: condition " + Quote.go(value)
        + " is always evaluated to true because extra characters are around ${{ }}";
  }
}
