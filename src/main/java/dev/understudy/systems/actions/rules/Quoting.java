package dev.understudy.systems.actions.rules;

import java.util.Collection;
import java.util.stream.Collectors;

/** Message formatting shared by the checkers. */
final class Quoting {

  private Quoting() {}

  /** {@code "a", "b", "c"} in the given order. */
  static String quoteAll(Collection<String> words) {
    return words.stream().map(Quoting::quote).collect(Collectors.joining(", "));
  }

  /** {@code "a", "b", "c"} sorted. */
  static String quoteSorted(Collection<String> words) {
    return words.stream().sorted().map(Quoting::quote).collect(Collectors.joining(", "));
  }

  /** A double-quoted string with {@code "} and {@code \} and control characters escaped, as Go's %q does. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> b.append(escape(c, '"')));
    return b.append('"').toString();
  }

  /** A single-quoted character as Go's %q prints a rune: {@code 'x'}, {@code '\\'}, {@code '\n'}. */
  static String quoteChar(int c) {
    return "'" + escape(c, '\'') + "'";
  }

  private static String escape(int c, char quote) {
    return switch (c) {
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> {
        if (c == quote) yield "\\" + quote;
        if (Character.isISOControl(c)) yield String.format("\\x%02x", c);
        yield new String(Character.toChars(c));
      }
    };
  }
}
