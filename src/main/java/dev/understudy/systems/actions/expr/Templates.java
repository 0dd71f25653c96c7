package dev.understudy.systems.actions.expr;

import java.util.ArrayList;
import java.util.List;

/** Finds {@code ${{ ... }}} templates in a string value of a workflow. */
public final class Templates {
  private Templates() {}

  /** The templates of a string, and an error for a {@code ${{} that is never closed. */
  public record Scan(List<Template> templates, List<ExprError> errors) {}

  /**
   * Finds every template in {@code text}. A {@code }}} inside a single-quoted string literal does
   * not close a template, so {@code ${{ format('}}') }}} is one template.
   */
  public static Scan scan(String text) {
    List<Template> found = new ArrayList<>();
    List<ExprError> errors = new ArrayList<>();
    int from = 0;
    while (true) {
      int start = text.indexOf("${{", from);
      if (start < 0) break;
      int bodyStart = start + 3;
      int close = findClose(text, bodyStart);
      if (close < 0) {
        errors.add(new ExprError(start, "\"${{\" is not closed: expected \"}}\" before the end of the string"));
        break;
      }
      found.add(new Template(start, bodyStart, text.substring(bodyStart, close)));
      from = close + 2;
    }
    return new Scan(List.copyOf(found), List.copyOf(errors));
  }

  /** True when {@code text} holds at least one template. */
  public static boolean containsTemplate(String text) {
    return text.contains("${{");
  }

  /**
   * Offset of the {@code }}} closing a template body starting at {@code from}, or -1. Quotes
   * toggle "inside a string": the escape {@code ''} closes and reopens, which comes to the same.
   */
  private static int findClose(String text, int from) {
    boolean inString = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        inString = !inString;
      } else if (!inString && c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
        return i;
      }
    }
    return -1;
  }
}
