package dev.understudy.systems.actions.expr;

import java.util.Collection;
import java.util.stream.Collectors;

/** Quoting for messages, the way Go's {@code %q} prints strings (actionlint's messages use it). */
final class Quote {
  private Quote() {}

  static String go(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\x%02x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }

  /** {@code "a", "b", "c"} in the given order. */
  static String list(Collection<String> items) {
    return items.stream().map(Quote::go).collect(Collectors.joining(", "));
  }

  /** {@code "a", "b", "c"} sorted. */
  static String sortedList(Collection<String> items) {
    return items.stream().sorted().map(Quote::go).collect(Collectors.joining(", "));
  }
}
