package dev.understudy.systems.pm2.ecosystem;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of an ecosystem file, whatever its format (JavaScript, JSON, YAML), with where it
 * was written: {@code file:line:column} for JSON and YAML, just the file for JavaScript (node
 * hands back values, not positions).
 *
 * <p>{@link Kind#OTHER} is a JavaScript value JSON cannot carry (a function, undefined, a Symbol,
 * a BigInt, a Promise...); {@code text} names its type. {@link Kind#REGEX} is a JavaScript RegExp
 * ({@code ignore_watch} takes them); {@code text} is how JavaScript prints it, {@code /source/flags}.
 */
public final class EcoValue {
  public enum Kind { MAP, LIST, STRING, NUMBER, BOOL, NULL, OTHER, REGEX }

  private final Kind kind;
  private final String where;
  private final String text;
  private final Map<String, EcoValue> map;
  private final Map<String, String> keyWhere;
  private final List<EcoValue> list;

  private EcoValue(Kind kind, String where, String text, Map<String, EcoValue> map,
      Map<String, String> keyWhere, List<EcoValue> list) {
    this.kind = kind;
    this.where = where;
    this.text = text;
    this.map = map;
    this.keyWhere = keyWhere;
    this.list = list;
  }

  public static EcoValue scalar(Kind kind, String text, String where) {
    return new EcoValue(kind, where, text, null, null, null);
  }

  /** {@code keyWhere} gives each key's own position (for "unknown key" messages); may be empty. */
  public static EcoValue map(LinkedHashMap<String, EcoValue> entries, Map<String, String> keyWhere, String where) {
    return new EcoValue(Kind.MAP, where, null, entries, keyWhere, null);
  }

  public static EcoValue list(List<EcoValue> items, String where) {
    return new EcoValue(Kind.LIST, where, null, null, null, items);
  }

  public Kind kind() {
    return kind;
  }

  public boolean is(Kind k) {
    return kind == k;
  }

  /** The position the value was written at ({@code file:line:column}), or the file alone. */
  public String where() {
    return where;
  }

  /** Position of {@code key} itself in this map, else of its value, else of this map. */
  public String whereKey(String key) {
    if (keyWhere != null && keyWhere.containsKey(key)) return keyWhere.get(key);
    EcoValue v = map == null ? null : map.get(key);
    return v != null ? v.where : where;
  }

  /** Scalar text: a string's content, a number in JavaScript's form, true/false, null; for OTHER the type. */
  public String text() {
    return text;
  }

  public Map<String, EcoValue> entries() {
    return map == null ? Map.of() : map;
  }

  public List<EcoValue> items() {
    return list == null ? List.of() : list;
  }

  public EcoValue get(String key) {
    return map == null ? null : map.get(key);
  }

  /** What the value is, for messages: "a string", "a list", "a function"... */
  public String describe() {
    switch (kind) {
      case MAP: return "an object";
      case LIST: return "a list";
      case STRING: return "the string \"" + text + "\"";
      case NUMBER: return "the number " + text;
      case BOOL: return text;
      case NULL: return "null";
      case REGEX: return "the regular expression " + text;
      default: return "a JavaScript " + text;
    }
  }

  /** The value as JavaScript's {@code String(v)} / JSON.stringify for objects (PM2's env rule). */
  public String asEnvString() {
    switch (kind) {
      case MAP:
      case LIST:
        return toJson();
      default:
        return text;
    }
  }

  public String toJson() {
    StringBuilder b = new StringBuilder();
    json(b);
    return b.toString();
  }

  private void json(StringBuilder b) {
    switch (kind) {
      case MAP: {
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, EcoValue> e : map.entrySet()) {
          if (e.getValue().kind == Kind.OTHER) continue;
          if (!first) b.append(',');
          first = false;
          quote(b, e.getKey());
          b.append(':');
          e.getValue().json(b);
        }
        b.append('}');
        return;
      }
      case LIST: {
        b.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) b.append(',');
          EcoValue v = list.get(i);
          if (v.kind == Kind.OTHER) b.append("null"); else v.json(b);
        }
        b.append(']');
        return;
      }
      case STRING:
        quote(b, text);
        return;
      case OTHER:
        b.append("null");
        return;
      case REGEX:
        b.append("{}"); // JSON.stringify(/x/)
        return;
      default:
        b.append(text);
    }
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    b.append('"');
  }

  /** A number written the way JavaScript prints it: 3000, 1.5, 1e+21 aside. */
  static String jsNumber(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    if (s.scale() <= 0 && s.precision() - s.scale() <= 21) return s.toBigInteger().toString();
    return s.toPlainString();
  }

  @Override
  public String toString() {
    return kind == Kind.MAP || kind == Kind.LIST ? toJson() : describe();
  }
}
