package dev.understudy.systems.actions.model;

import java.util.List;
import java.util.Map;

/** A free-form YAML value, as matrix values are: a string, an array or an object. */
public sealed interface RawValue {
  Pos pos();

  record Text(Str value) implements RawValue {
    public Pos pos() {
      return value.pos();
    }

    @Override
    public String toString() {
      return "\"" + value.value() + "\"";
    }
  }

  record Array(List<RawValue> items, Pos pos) implements RawValue {
    @Override
    public String toString() {
      return items.toString();
    }
  }

  record Obj(Map<String, RawValue> props, Pos pos) implements RawValue {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("{");
      new java.util.TreeMap<>(props).forEach((k, v) -> {
        if (b.length() > 1) b.append(", ");
        b.append('"').append(k).append("\": ").append(v);
      });
      return b.append('}').toString();
    }
  }

  /** Whether two values are equal the way GitHub compares matrix values (keys ignore case). */
  static boolean same(RawValue a, RawValue b) {
    if (a instanceof Text x && b instanceof Text y) return x.value().value().equals(y.value().value());
    if (a instanceof Array x && b instanceof Array y) {
      if (x.items().size() != y.items().size()) return false;
      for (int i = 0; i < x.items().size(); i++) if (!same(x.items().get(i), y.items().get(i))) return false;
      return true;
    }
    if (a instanceof Obj x && b instanceof Obj y) {
      if (x.props().size() != y.props().size()) return false;
      for (var e : x.props().entrySet()) {
        RawValue other = y.props().get(e.getKey());
        if (other == null || !same(e.getValue(), other)) return false;
      }
      return true;
    }
    return false;
  }
}
