package dev.understudy.util;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.UUID;

/**
 * Writes maps, lists, arrays, records, strings, numbers, booleans, enums and null as JSON, compact
 * or in Jackson's pretty layout ({@code "key" : value}, arrays on one line as {@code [ 1, 2 ]}).
 *
 * <p>The daemon answers and writes its files with this instead of Jackson: Jackson is about half of
 * the classes a supervising daemon would load, and every class is resident memory
 * (docs/BENCHMARKS.md, section 7). Any other type is refused, loudly, rather than guessed at.
 */
public final class JsonWriter {
  private static final String INDENT = "  ";

  private final StringBuilder out = new StringBuilder(256);
  private final boolean pretty;

  private JsonWriter(boolean pretty) {
    this.pretty = pretty;
  }

  /** {@code value} as one line of JSON. */
  public static String compact(Object value) {
    return new JsonWriter(false).value(value, 0).out.toString();
  }

  /** {@code value} as indented JSON, laid out as Jackson's default pretty printer does. */
  public static String pretty(Object value) {
    return new JsonWriter(true).value(value, 0).out.toString();
  }

  private JsonWriter value(Object v, int depth) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof CharSequence || v instanceof Character || v instanceof UUID) {
      out.append(JsonStrings.quote(v.toString()));
    } else if (v instanceof Boolean) {
      out.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      // JSON has no NaN or Infinity; written as strings, as Jackson does
      out.append(Double.isFinite(d) ? v.toString() : JsonStrings.quote(v.toString()));
    } else if (v instanceof Number) {
      out.append(v);
    } else if (v instanceof Enum<?> e) {
      out.append(JsonStrings.quote(e.name()));
    } else if (v instanceof Map<?, ?> m) {
      object(m, depth);
    } else if (v instanceof java.nio.file.Path) {
      // a Path is an Iterable of its names: refused rather than written as an array
      throw new IllegalArgumentException("cannot write a Path as JSON: give its toString()");
    } else if (v instanceof byte[] bytes) {
      out.append('"').append(java.util.Base64.getEncoder().encodeToString(bytes)).append('"'); // as Jackson does
    } else if (v instanceof char[] chars) {
      out.append(JsonStrings.quote(new String(chars)));
    } else if (v instanceof Iterable<?> items) {
      array(items, depth);
    } else if (v.getClass().isArray()) {
      int n = Array.getLength(v);
      java.util.List<Object> items = new java.util.ArrayList<>(n);
      for (int i = 0; i < n; i++) items.add(Array.get(v, i));
      array(items, depth);
    } else if (v instanceof Record r) {
      object(components(r), depth);
    } else {
      throw new IllegalArgumentException("cannot write a " + v.getClass().getName()
          + " as JSON: give a map, list, record, string, number, boolean or enum");
    }
    return this;
  }

  private void object(Map<?, ?> m, int depth) {
    if (m.isEmpty()) {
      out.append(pretty ? "{ }" : "{}");
      return;
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!first) out.append(',');
      first = false;
      newline(depth + 1);
      Object key = e.getKey() instanceof Enum<?> en ? en.name() : String.valueOf(e.getKey());
      out.append(JsonStrings.quote((String) key)).append(pretty ? " : " : ":");
      value(e.getValue(), depth + 1);
    }
    newline(depth);
    out.append('}');
  }

  private void array(Iterable<?> items, int depth) {
    var it = items.iterator();
    if (!it.hasNext()) {
      out.append(pretty ? "[ ]" : "[]");
      return;
    }
    out.append(pretty ? "[ " : "[");
    boolean first = true;
    while (it.hasNext()) {
      if (!first) out.append(pretty ? ", " : ",");
      first = false;
      value(it.next(), depth);
    }
    out.append(pretty ? " ]" : "]");
  }

  private void newline(int depth) {
    if (!pretty) return;
    out.append('\n');
    for (int i = 0; i < depth; i++) out.append(INDENT);
  }

  private static Map<String, Object> components(Record r) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      try {
        var accessor = c.getAccessor();
        accessor.setAccessible(true);
        m.put(c.getName(), accessor.invoke(r));
      } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
        throw new IllegalArgumentException("cannot read " + r.getClass().getSimpleName() + "." + c.getName() + " to write it as JSON", e);
      }
    }
    return m;
  }
}
