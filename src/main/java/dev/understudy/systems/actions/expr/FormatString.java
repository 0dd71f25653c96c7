package dev.understudy.systems.actions.expr;

import java.util.TreeSet;

/**
 * The placeholders {@code {0}}, {@code {1}}... of a {@code format()} string. {@code {{} and
 * {@code }}} are escaped braces, so {@code {{0}}} is the text {@code {0}}, not a placeholder.
 */
final class FormatString {
  private FormatString() {}

  static TreeSet<Integer> placeholders(String format) {
    TreeSet<Integer> found = new TreeSet<>();
    int i = 0;
    int n = format.length();
    while (i < n) {
      if (format.charAt(i) != '{') {
        i++;
        continue;
      }
      int run = countRun(format, i, '{');
      i += run;
      if (run % 2 == 0) continue; // only escaped braces
      int digitsStart = i;
      while (i < n && Character.isDigit(format.charAt(i)) && format.charAt(i) < 128) i++;
      if (i == digitsStart || i >= n || format.charAt(i) != '}') continue;
      int closing = countRun(format, i, '}');
      // One brace closes the placeholder; the rest must pair up as escapes.
      if (closing % 2 == 1) {
        try {
          found.add(Integer.parseInt(format.substring(digitsStart, i)));
        } catch (NumberFormatException tooLong) {
          // not a placeholder GitHub could fill either
        }
      }
      i += closing;
    }
    return found;
  }

  private static int countRun(String s, int from, char c) {
    int i = from;
    while (i < s.length() && s.charAt(i) == c) i++;
    return i - from;
  }
}
