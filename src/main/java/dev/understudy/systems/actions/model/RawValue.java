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
}
