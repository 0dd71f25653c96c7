package dev.understudy.systems.actions.expr;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An expression object: keys keep the case they were first written with and their insertion order
 * (so {@code toJSON} prints them as given), while lookups ignore case, as GitHub's do ({@code
 * github.EVENT_NAME} finds {@code event_name}). Putting a key that differs only in case replaces the
 * value and keeps the first spelling. Null keys are refused; null values are allowed.
 */
public final class CaseInsensitiveMap extends AbstractMap<String, Object> {
  private final LinkedHashMap<String, Node> byFolded = new LinkedHashMap<>();

  private static final class Node implements Map.Entry<String, Object> {
    final String key;
    Object value;

    Node(String key, Object value) {
      this.key = key;
      this.value = value;
    }

    @Override
    public String getKey() {
      return key;
    }

    @Override
    public Object getValue() {
      return value;
    }

    @Override
    public Object setValue(Object v) {
      Object old = value;
      value = v;
      return old;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Map.Entry<?, ?> e
          && key.equals(e.getKey())
          && java.util.Objects.equals(value, e.getValue());
    }

    @Override
    public int hashCode() {
      return key.hashCode() ^ (value == null ? 0 : value.hashCode());
    }

    @Override
    public String toString() {
      return key + "=" + value;
    }
  }

  public CaseInsensitiveMap() {}

  /** A copy of {@code source} (shallow: values are not converted). */
  public CaseInsensitiveMap(Map<String, ?> source) {
    source.forEach(this::put);
  }

  static String fold(String key) {
    return key.toLowerCase(Locale.ROOT);
  }

  @Override
  public Object get(Object key) {
    if (!(key instanceof String s)) return null;
    Node n = byFolded.get(fold(s));
    return n == null ? null : n.value;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String s && byFolded.containsKey(fold(s));
  }

  @Override
  public Object put(String key, Object value) {
    if (key == null) throw new NullPointerException("an expression object has no null keys");
    Node n = byFolded.get(fold(key));
    if (n != null) return n.setValue(value);
    byFolded.put(fold(key), new Node(key, value));
    return null;
  }

  @Override
  public Object remove(Object key) {
    if (!(key instanceof String s)) return null;
    Node n = byFolded.remove(fold(s));
    return n == null ? null : n.value;
  }

  @Override
  public int size() {
    return byFolded.size();
  }

  @Override
  public void clear() {
    byFolded.clear();
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        Iterator<Node> it = byFolded.values().iterator();
        return new Iterator<>() {
          Node last;

          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Map.Entry<String, Object> next() {
            last = it.next();
            return last;
          }

          @Override
          public void remove() {
            it.remove();
          }
        };
      }

      @Override
      public int size() {
        return byFolded.size();
      }
    };
  }
}
