package dev.understudy.systems.actions.expr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The runtime values of expressions and GitHub's rules over them.
 *
 * <p>A value is {@code null}, a {@code Boolean}, a {@code Double} (every number; other {@code
 * Number}s are read as numbers too), a {@code String}, a {@code Map<String, Object>} (an object;
 * {@link CaseInsensitiveMap} preferred, any map is looked up ignoring case) or a {@code
 * List<Object>} (an array).
 *
 * <p>Semantics follow GitHub's runner: strings compare ignoring case (ordinal, upper-cased),
 * different primitive kinds are compared as numbers, objects and arrays are equal only to
 * themselves, and numbers print with 15 significant digits.
 */
public final class Values {
  private Values() {}

  /** The kinds of values, as GitHub names them. */
  public enum Kind { NULL, BOOLEAN, NUMBER, STRING, ARRAY, OBJECT }

  public static Kind kindOf(Object v) {
    if (v == null) return Kind.NULL;
    if (v instanceof Boolean) return Kind.BOOLEAN;
    if (v instanceof Number) return Kind.NUMBER;
    if (v instanceof CharSequence || v instanceof Character) return Kind.STRING;
    if (v instanceof Map<?, ?>) return Kind.OBJECT;
    if (v instanceof List<?>) return Kind.ARRAY;
    return Kind.STRING; // an enum, a Path...: read through toString()
  }

  public static boolean isPrimitive(Object v) {
    Kind k = kindOf(v);
    return k != Kind.OBJECT && k != Kind.ARRAY;
  }

  /**
   * Deep copy into the canonical representation: numbers to {@code Double}, strings and other
   * scalars to {@code String}, maps to {@link CaseInsensitiveMap} (keys by {@code toString()}),
   * lists, arrays and other iterables to {@code ArrayList}, Jackson trees converted. Null stays null.
   */
  public static Object normalize(Object v) {
    if (v == null || v instanceof Boolean || v instanceof Double || v instanceof String) return v;
    if (v instanceof JsonNode node) return fromJsonNode(node);
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof Map<?, ?> m) {
      CaseInsensitiveMap out = new CaseInsensitiveMap();
      m.forEach((k, val) -> out.put(String.valueOf(k), normalize(val)));
      return out;
    }
    if (v instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      for (Object o : it) out.add(normalize(o));
      return out;
    }
    if (v instanceof Object[] arr) {
      List<Object> out = new ArrayList<>(arr.length);
      for (Object o : arr) out.add(normalize(o));
      return out;
    }
    return v.toString();
  }

  // ---------------------------------------------------------------- truthiness and coercion

  /** False for {@code false}, {@code 0}, {@code -0}, {@code NaN}, {@code ""} and {@code null}; true otherwise. */
  public static boolean isTruthy(Object v) {
    return switch (kindOf(v)) {
      case NULL -> false;
      case BOOLEAN -> (Boolean) v;
      case NUMBER -> {
        double d = ((Number) v).doubleValue();
        yield d != 0 && !Double.isNaN(d);
      }
      case STRING -> !v.toString().isEmpty();
      case ARRAY, OBJECT -> true;
    };
  }

  /**
   * The number a value stands for: null 0, true 1, false 0, a string as {@link #parseNumber},
   * an object or array NaN.
   */
  public static double toNumber(Object v) {
    return switch (kindOf(v)) {
      case NULL -> 0;
      case BOOLEAN -> (Boolean) v ? 1 : 0;
      case NUMBER -> ((Number) v).doubleValue();
      case STRING -> parseNumber(v.toString());
      case ARRAY, OBJECT -> Double.NaN;
    };
  }

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
  private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");

  /**
   * GitHub's string-to-number rule (JavaScript's {@code Number()}, nearly): surrounding
   * whitespace is ignored, {@code ""} is 0, decimals with an optional sign and exponent, {@code
   * 0x1A} hex and {@code 0o17} octal (32-bit: {@code 0xFFFFFFFF} is -1, more is NaN), {@code
   * Infinity} and {@code -Infinity}; anything else is NaN.
   */
  public static double parseNumber(String s) {
    String t = s.strip();
    if (t.isEmpty()) return 0;
    if (DECIMAL.matcher(t).matches()) return Double.parseDouble(t);
    if (HEX.matcher(t).matches()) return int32(new BigInteger(t.substring(2), 16));
    if (OCTAL.matcher(t).matches()) return int32(new BigInteger(t.substring(2), 8));
    if (t.equals("Infinity")) return Double.POSITIVE_INFINITY;
    if (t.equals("-Infinity")) return Double.NEGATIVE_INFINITY;
    return Double.NaN;
  }

  private static double int32(BigInteger v) {
    if (v.bitLength() > 32) return Double.NaN;
    return (int) v.longValue();
  }

  /**
   * A value as functions see a string argument ({@code format}, {@code join}, {@code contains},
   * {@code startsWith}...): null {@code ""}, {@code true}/{@code false}, numbers as {@link
   * #formatNumber}, and, as GitHub does, {@code Object} and {@code Array} for containers.
   */
  public static String coerceToString(Object v) {
    return switch (kindOf(v)) {
      case NULL -> "";
      case BOOLEAN -> v.toString();
      case NUMBER -> formatNumber(((Number) v).doubleValue());
      case STRING -> v.toString();
      case ARRAY -> "Array";
      case OBJECT -> "Object";
    };
  }

  /**
   * A value as a {@code ${{ }}} puts it into a string: like {@link #coerceToString}, except that
   * objects and arrays print as {@link #toJson} does.
   */
  public static String toStringForTemplate(Object v) {
    return isPrimitive(v) ? coerceToString(v) : toJson(v);
  }

  /**
   * A number as GitHub prints it (.NET's {@code G15}): 15 significant digits, integers without a
   * fraction, {@code 1E+15} and up and {@code 1E-05} and down in exponent form, {@code NaN},
   * {@code Infinity}, {@code -Infinity}. Negative zero prints as {@code 0}.
   */
  public static String formatNumber(double d) {
    if (Double.isNaN(d)) return "NaN";
    if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
    if (d == 0) return "0";
    BigDecimal rounded = new BigDecimal(d).round(new MathContext(15, RoundingMode.HALF_UP)).stripTrailingZeros();
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent >= 15 || exponent < -4) {
      String digits = rounded.unscaledValue().abs().toString();
      StringBuilder b = new StringBuilder();
      if (rounded.signum() < 0) b.append('-');
      b.append(digits.charAt(0));
      if (digits.length() > 1) b.append('.').append(digits, 1, digits.length());
      b.append('E').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) b.append('0');
      return b.append(abs).toString();
    }
    return rounded.toPlainString();
  }

  // ---------------------------------------------------------------- comparison

  /**
   * GitHub's {@code ==}: same kinds compare directly (strings ignoring case, NaN never equal,
   * objects and arrays by identity); a boolean or null is first turned into a number, then a
   * number and a string compare as numbers; anything else is unequal.
   */
  public static boolean looseEquals(Object a, Object b) {
    Object[] p = coerce(a, b);
    Kind ka = kindOf(p[0]);
    if (ka != kindOf(p[1])) return false;
    return switch (ka) {
      case NULL -> true;
      case BOOLEAN -> p[0].equals(p[1]);
      case NUMBER -> ((Number) p[0]).doubleValue() == ((Number) p[1]).doubleValue();
      case STRING -> compareIgnoreCase(p[0].toString(), p[1].toString()) == 0;
      case ARRAY, OBJECT -> p[0] == p[1];
    };
  }

  /** {@code a < b}, GitHub's: numbers, strings (ignoring case) and booleans order; all else is false. */
  public static boolean lessThan(Object a, Object b) {
    Integer c = order(a, b);
    return c != null && c < 0;
  }

  /** {@code a > b}. */
  public static boolean greaterThan(Object a, Object b) {
    Integer c = order(a, b);
    return c != null && c > 0;
  }

  /** {@code a <= b}: {@code a < b || a == b}, as GitHub defines it. */
  public static boolean lessOrEqual(Object a, Object b) {
    return lessThan(a, b) || looseEquals(a, b);
  }

  /** {@code a >= b}: {@code a > b || a == b}. */
  public static boolean greaterOrEqual(Object a, Object b) {
    return greaterThan(a, b) || looseEquals(a, b);
  }

  /** Evaluates one comparison operator. */
  public static boolean compare(Expr.CompareOp op, Object a, Object b) {
    return switch (op) {
      case EQ -> looseEquals(a, b);
      case NOT_EQ -> !looseEquals(a, b);
      case LESS -> lessThan(a, b);
      case LESS_EQ -> lessOrEqual(a, b);
      case GREATER -> greaterThan(a, b);
      case GREATER_EQ -> greaterOrEqual(a, b);
    };
  }

  /** Sign of a - b after coercion, or null when the two cannot be ordered (NaN, containers, mixed). */
  private static Integer order(Object a, Object b) {
    Object[] p = coerce(a, b);
    Kind ka = kindOf(p[0]);
    if (ka != kindOf(p[1])) return null;
    return switch (ka) {
      case NUMBER -> {
        double x = ((Number) p[0]).doubleValue();
        double y = ((Number) p[1]).doubleValue();
        yield Double.isNaN(x) || Double.isNaN(y) ? null : (x < y ? -1 : x > y ? 1 : 0);
      }
      case STRING -> Integer.signum(compareIgnoreCase(p[0].toString(), p[1].toString()));
      case BOOLEAN -> Boolean.compare((Boolean) p[0], (Boolean) p[1]);
      default -> null;
    };
  }

  /** GitHub's type coercion before a comparison; returns the pair to compare. */
  private static Object[] coerce(Object a, Object b) {
    while (true) {
      Kind ka = kindOf(a);
      Kind kb = kindOf(b);
      if (ka == kb) return new Object[] {a, b};
      if (ka == Kind.NUMBER && kb == Kind.STRING) return new Object[] {a, toNumber(b)};
      if (ka == Kind.STRING && kb == Kind.NUMBER) return new Object[] {toNumber(a), b};
      if (ka == Kind.BOOLEAN || ka == Kind.NULL) {
        a = toNumber(a);
      } else if (kb == Kind.BOOLEAN || kb == Kind.NULL) {
        b = toNumber(b);
      } else {
        return new Object[] {a, b}; // a container against anything else: unequal, unordered
      }
    }
  }

  /** Ordinal comparison ignoring case, .NET's {@code OrdinalIgnoreCase}: each char upper-cased. */
  public static int compareIgnoreCase(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = Character.toUpperCase(a.charAt(i));
      char y = Character.toUpperCase(b.charAt(i));
      if (x != y) return x - y;
    }
    return a.length() - b.length();
  }

  /** {@code haystack} contains {@code needle}, ignoring case as {@link #compareIgnoreCase} does. */
  static boolean containsIgnoreCase(String haystack, String needle) {
    return indexOfIgnoreCase(haystack, needle, 0) >= 0;
  }

  static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.length() >= prefix.length() && regionEqualsIgnoreCase(s, 0, prefix);
  }

  static boolean endsWithIgnoreCase(String s, String suffix) {
    return s.length() >= suffix.length() && regionEqualsIgnoreCase(s, s.length() - suffix.length(), suffix);
  }

  private static int indexOfIgnoreCase(String s, String part, int from) {
    for (int i = from; i + part.length() <= s.length(); i++) {
      if (regionEqualsIgnoreCase(s, i, part)) return i;
    }
    return -1;
  }

  private static boolean regionEqualsIgnoreCase(String s, int at, String part) {
    for (int j = 0; j < part.length(); j++) {
      if (Character.toUpperCase(s.charAt(at + j)) != Character.toUpperCase(part.charAt(j))) return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- objects

  /**
   * The property {@code name} of an object, ignoring case; null when {@code object} is not an
   * object or has no such property.
   */
  public static Object property(Object object, String name) {
    if (!(object instanceof Map<?, ?> m)) return null;
    if (m instanceof CaseInsensitiveMap) return m.get(name);
    if (m.containsKey(name)) return m.get(name);
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (e.getKey() instanceof String k && compareIgnoreCase(k, name) == 0) return e.getValue();
    }
    return null;
  }

  /** Whether an object has the property {@code name}, ignoring case. */
  static boolean hasProperty(Map<?, ?> m, String name) {
    if (m instanceof CaseInsensitiveMap || m.containsKey(name)) return m.containsKey(name);
    for (Object k : m.keySet()) {
      if (k instanceof String s && compareIgnoreCase(s, name) == 0) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- JSON

  /**
   * A value as GitHub's {@code toJSON} writes it: pretty-printed with two-space indent, {@code
   * "key": value}, empty containers as {@code []} and {@code {}}, numbers as {@link #formatNumber}
   * (so {@code 1} not {@code 1.0}), strings with JSON escapes.
   */
  public static String toJson(Object v) {
    StringBuilder b = new StringBuilder();
    writeJson(b, v, 0);
    return b.toString();
  }

  private static void writeJson(StringBuilder b, Object v, int depth) {
    switch (kindOf(v)) {
      case NULL -> b.append("null");
      case BOOLEAN -> b.append(v);
      case NUMBER -> b.append(formatNumber(((Number) v).doubleValue()));
      case STRING -> quoteJson(b, v.toString());
      case ARRAY -> {
        List<?> list = (List<?>) v;
        if (list.isEmpty()) {
          b.append("[]");
          return;
        }
        b.append('[');
        boolean first = true;
        for (Object item : list) {
          if (!first) b.append(',');
          first = false;
          newline(b, depth + 1);
          writeJson(b, item, depth + 1);
        }
        newline(b, depth);
        b.append(']');
      }
      case OBJECT -> {
        Map<?, ?> map = (Map<?, ?>) v;
        if (map.isEmpty()) {
          b.append("{}");
          return;
        }
        b.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!first) b.append(',');
          first = false;
          newline(b, depth + 1);
          quoteJson(b, String.valueOf(e.getKey()));
          b.append(": ");
          writeJson(b, e.getValue(), depth + 1);
        }
        newline(b, depth);
        b.append('}');
      }
    }
  }

  private static void newline(StringBuilder b, int depth) {
    b.append('\n');
    b.append("  ".repeat(depth));
  }

  private static void quoteJson(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u0085' || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  // Lenient like the runner's JSON reader: comments, single quotes, unquoted names, NaN.
  private static final ObjectMapper LENIENT = JsonMapper.builder(new JsonFactory())
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_SINGLE_QUOTES,
          JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  /** Thrown by {@link #parseJson}: {@code offset} into the JSON text. */
  public static final class JsonSyntaxException extends Exception {
    private final int offset;

    JsonSyntaxException(int offset, String message) {
      super(message, null, false, false);
      this.offset = offset;
    }

    public int offset() {
      return offset;
    }
  }

  /**
   * Reads JSON text into values (objects as {@link CaseInsensitiveMap} in document order, numbers
   * as {@code Double}). Text after the first complete value is ignored, as GitHub's reader does.
   */
  public static Object parseJson(String json) throws JsonSyntaxException {
    if (json.isBlank()) throw new JsonSyntaxException(json.length(), "the text is empty");
    try (JsonParser p = LENIENT.createParser(json)) {
      JsonNode node = LENIENT.readTree(p);
      if (node == null || node.isMissingNode()) throw new JsonSyntaxException(json.length(), "the text is empty");
      return fromJsonNode(node);
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? 0 : e.getLocation().getCharOffset();
      String msg = e.getOriginalMessage();
      int nl = msg.indexOf('\n');
      throw new JsonSyntaxException((int) Math.max(0, at), nl < 0 ? msg : msg.substring(0, nl));
    } catch (java.io.IOException e) {
      throw new JsonSyntaxException(0, String.valueOf(e.getMessage()));
    }
  }

  private static Object fromJsonNode(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) return null;
    if (node.isBoolean()) return node.booleanValue();
    if (node.isNumber()) return node.doubleValue();
    if (node.isTextual()) return node.textValue();
    if (node.isArray()) {
      List<Object> out = new ArrayList<>(node.size());
      for (JsonNode e : node) out.add(fromJsonNode(e));
      return out;
    }
    if (node.isObject()) {
      CaseInsensitiveMap out = new CaseInsensitiveMap();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), fromJsonNode(e.getValue()));
      }
      return out;
    }
    return node.asText();
  }
}
