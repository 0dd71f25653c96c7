package dev.understudy.systems.actions.lint;

import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Lists of names in messages: {@code "a", "b", "c"}, sorted. */
final class Quotes {
  private Quotes() {}

  static String sorted(Collection<String> names) {
    return new TreeSet<>(names).stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
