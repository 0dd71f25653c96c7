package dev.understudy.util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader for code that runs in the CLI, where loading Jackson would cost more than
 * the rest of its start-up together (docs/BENCHMARKS.md): the daemon's answers, GitHub's answers.
 * Objects become {@link Map}, arrays {@link List}, numbers {@link Long} or {@link Double}.
 */
public final class JsonReader {
  private final String s;
  private final String from;
  private int i;

  private JsonReader(String s, String from) {
    this.s = s;
    this.from = from;
  }

  /** @param from who sent it, for the message of a {@link IllegalArgumentException} ("the daemon") */
  public static Object parse(String text, String from) {
    JsonReader p = new JsonReader(text, from);
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
    i++;
    ws();
    if (peek('}')) return m;
    while (true) {
      ws();
      String k = str();
      ws();
      expect(':');
      ws();
      m.put(k, value());
      ws();
      if (peek('}')) return m;
      expect(',');
    }
  }

  private List<Object> arr() {
    List<Object> l = new ArrayList<>();
    i++;
    ws();
    if (peek(']')) return l;
    while (true) {
      ws();
      l.add(value());
      ws();
      if (peek(']')) return l;
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
        b.append(c);
        continue;
      }
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
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
          break;
        default:
          b.append(e);
      }
    }
    throw error("unterminated string");
  }

  private Object num() {
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
    String t = s.substring(start, i);
    if (t.isEmpty()) throw error("unexpected character '" + s.charAt(i) + "'");
    if (t.contains(".") || t.contains("e") || t.contains("E")) return Double.parseDouble(t);
    return Long.parseLong(t);
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
    return new IllegalArgumentException("bad JSON from " + from + " at offset " + i + ": " + what);
  }
}
