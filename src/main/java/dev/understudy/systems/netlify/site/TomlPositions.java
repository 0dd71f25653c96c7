package dev.understudy.systems.netlify.site;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where tables and keys are written in a TOML file, found by scanning its lines: Jackson's TOML
 * reader gives values but no positions. Knows {@code [a."b"]} headers and {@code key =},
 * {@code "quoted key" =} and {@code dotted.key =} lines; a key inside an inline table or a
 * multi-line value is found at the key that holds it.
 */
final class TomlPositions {
  /** A 1-based line and column. */
  record Position(int line, int column) {}

  private final Map<List<String>, Position> positions = new HashMap<>();

  TomlPositions(String text) {
    List<String> table = List.of();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int start = 0;
      while (start < line.length() && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) start++;
      if (start >= line.length() || line.charAt(start) == '#') continue;
      if (line.charAt(start) == '[') {
        boolean array = line.startsWith("[[", start);
        int open = start + (array ? 2 : 1);
        int close = closing(line, open);
        if (close < 0) continue;
        table = dotted(line.substring(open, close));
        positions.putIfAbsent(table, new Position(i + 1, start + 1));
        continue;
      }
      int eq = equalsSign(line, start);
      if (eq < 0) continue;
      List<String> path = new ArrayList<>(table);
      path.addAll(dotted(line.substring(start, eq)));
      positions.putIfAbsent(List.copyOf(path), new Position(i + 1, start + 1));
    }
  }

  /** Where {@code path} (table names then key) is written, or the nearest enclosing table or key. */
  Optional<Position> find(List<String> path) {
    for (int n = path.size(); n > 0; n--) {
      Position p = positions.get(path.subList(0, n));
      if (p != null) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** Where exactly {@code path} is written, if it is. */
  Optional<Position> exact(List<String> path) {
    return Optional.ofNullable(positions.get(path));
  }

  /** The index of the {@code ]} ending a header that starts at {@code from}, skipping quoted parts. */
  private static int closing(String line, int from) {
    return firstOutsideQuotes(line, from, c -> c == ']' ? 1 : 0);
  }

  /** The index of a key's {@code =}, or -1 when the line is no {@code key = value}. */
  private static int equalsSign(String line, int from) {
    return firstOutsideQuotes(line, from, c -> c == '=' ? 1
        : Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ' ' || c == '\t' ? 0 : -1);
  }

  /**
   * The index of the first character outside quotes that {@code verdict} accepts (1), or -1 when
   * it rejects one first (-1) or none is found; 0 reads on.
   */
  private static int firstOutsideQuotes(String line, int from, java.util.function.IntUnaryOperator verdict) {
    char quote = 0;
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"') i++;
        else if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else {
        int v = verdict.applyAsInt(c);
        if (v != 0) return v > 0 ? i : -1;
      }
    }
    return -1;
  }

  /** {@code a."b.c" . 'd'} as {@code [a, b.c, d]}. */
  static List<String> dotted(String key) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"' && i + 1 < key.length()) cur.append(key.charAt(++i));
        else if (c == quote) quote = 0;
        else cur.append(c);
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '.') {
        parts.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString().strip());
    return List.copyOf(parts);
  }
}
