package dev.understudy.util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal strict JSON reader, for the CLI (where loading Jackson would cost more than the rest of
 * its start-up together) and the daemon (where Jackson's classes would be half its resident
 * memory): the daemon's answers and requests, GitHub's and Netlify's answers, its own files.
 * Objects become {@link Map}, arrays {@link List}, numbers {@link Long} (an integer that fits),
 * {@link java.math.BigInteger} (one that does not) or {@link Double}. Every malformed input is an {@link IllegalArgumentException} naming line and column.
 */
public final class JsonReader {
  /** Deeper nesting is refused rather than run off the thread's stack. */
  static final int MAX_DEPTH = 500;

  private final String s;
  private final String from;
  private int i;
  private int depth;

  private JsonReader(String s, String from) {
    this.s = s;
    this.from = from;
  }

  /** @param from who sent it, for the message of a {@link IllegalArgumentException} ("the daemon") */
  public static Object parse(String text, String from) {
    // a byte-order mark, as some editors write one: not JSON, but Jackson skipped it too
    JsonReader p = new JsonReader(text.startsWith("\uFEFF") ? text.substring(1) : text, from);
    p.ws();
    Object v = p.value();
    p.ws();
    if (p.i != p.s.length()) throw p.error("trailing characters");
    return v;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String text, String from) {
    Object v = parse(text, from);
    if (!(v instanceof Map)) throw new IllegalArgumentException("expected a JSON object from " + from);
    return (Map<String, Object>) v;
  }

  private Object value() {
    if (i >= s.length()) throw error("unexpected end");
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return obj();
      case '[':
        return arr();
      case '"':
        return str();
      case 't':
        return lit("true", Boolean.TRUE);
      case 'f':
        return lit("false", Boolean.FALSE);
      case 'n':
        return lit("null", null);
      default:
        return num();
    }
  }

  private Map<String, Object> obj() {
    Map<String, Object> m = new LinkedHashMap<>();
    enter();
    ws();
    if (peek('}')) return leave(m);
    while (true) {
      ws();
      String k = str();
      ws();
      expect(':');
      ws();
      m.put(k, value());
      ws();
      if (peek('}')) return leave(m);
      expect(',');
    }
  }

  private List<Object> arr() {
    List<Object> l = new ArrayList<>();
    enter();
    ws();
    if (peek(']')) return leave(l);
    while (true) {
      ws();
      l.add(value());
      ws();
      if (peek(']')) return leave(l);
      expect(',');
    }
  }

  private String str() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') return b.toString();
      if (c != '\\') {
        if (c < 0x20) throw error("a control character inside a string: escape it");
        b.append(c);
        continue;
      }
      if (i >= s.length()) break;
      char e = s.charAt(i++);
      switch (e) {
        case 'n':
          b.append('\n');
          break;
        case 't':
          b.append('\t');
          break;
        case 'r':
          b.append('\r');
          break;
        case 'b':
          b.append('\b');
          break;
        case 'f':
          b.append('\f');
          break;
        case 'u':
          if (i + 4 > s.length()) throw error("a \\u escape needs four hex digits");
          try {
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          } catch (NumberFormatException x) {
            throw error("a \\u escape needs four hex digits");
          }
          i += 4;
          break;
        case '"':
        case '\\':
        case '/':
          b.append(e);
          break;
        default:
          throw error("unknown escape '\\" + e + "'");
      }
    }
    throw error("unterminated string");
  }

  private Object num() {
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
    String t = s.substring(start, i);
    if (t.isEmpty()) throw error("unexpected character '" + s.charAt(i) + "'");
    if (!isJsonNumber(t)) {
      i = start;
      throw error("'" + t + "' is not a JSON number");
    }
    if (t.contains(".") || t.contains("e") || t.contains("E")) return Double.parseDouble(t);
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException tooBig) {
      return new java.math.BigInteger(t);
    }
  }

  /** JSON's grammar: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}; no {@code +1}, {@code 01}, {@code .5}, {@code 1.}. */
  static boolean isJsonNumber(String t) {
    int k = 0;
    int n = t.length();
    if (k < n && t.charAt(k) == '-') k++;
    if (k >= n) return false;
    if (t.charAt(k) == '0') {
      k++;
    } else if (t.charAt(k) >= '1' && t.charAt(k) <= '9') {
      while (k < n && Character.isDigit(t.charAt(k))) k++;
    } else {
      return false;
    }
    if (k < n && t.charAt(k) == '.') {
      int digits = ++k;
      while (k < n && Character.isDigit(t.charAt(k))) k++;
      if (k == digits) return false;
    }
    if (k < n && (t.charAt(k) == 'e' || t.charAt(k) == 'E')) {
      k++;
      if (k < n && (t.charAt(k) == '+' || t.charAt(k) == '-')) k++;
      int digits = k;
      while (k < n && Character.isDigit(t.charAt(k))) k++;
      if (k == digits) return false;
    }
    return k == n;
  }

  private void enter() {
    i++;
    if (++depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH + " levels");
  }

  private <T> T leave(T v) {
    depth--;
    return v;
  }

  private Object lit(String word, Object v) {
    if (!s.startsWith(word, i)) throw error("unexpected token");
    i += word.length();
    return v;
  }

  private boolean peek(char c) {
    if (i < s.length() && s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!peek(c)) throw error("expected '" + c + "'");
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
  }

  private IllegalArgumentException error(String what) {
    int at = Math.min(i, s.length());
    int line = 1;
    int lineStart = 0;
    for (int k = 0; k < at; k++) {
      if (s.charAt(k) == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return new IllegalArgumentException("bad JSON from " + from + " at line " + line + ", column " + (at - lineStart + 1) + ": " + what);
  }
}
