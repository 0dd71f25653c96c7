package dev.understudy.systems.actions.runner;

import dev.understudy.systems.actions.expr.CaseInsensitiveMap;
import dev.understudy.systems.actions.expr.EvalContext;
import dev.understudy.systems.actions.expr.Expressions;
import dev.understudy.systems.actions.model.RawValue;
import dev.understudy.systems.actions.model.Str;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Free-form YAML values (matrix rows, include and exclude entries) turned into runtime values,
 * their {@code ${{ }}} evaluated: a key {@code ${{ insert }}} merges the object it holds into the
 * enclosing one, and an array element that evaluates to an array is spliced in, as GitHub's
 * template reader does.
 */
final class RawValues {
  private RawValues() {}

  static Object evaluate(RawValue v, EvalContext ctx) {
    if (v instanceof RawValue.Text t) return scalar(t.value(), ctx);
    if (v instanceof RawValue.Array a) {
      List<Object> out = new ArrayList<>();
      for (RawValue item : a.items()) {
        Object x = evaluate(item, ctx);
        boolean spliced = item instanceof RawValue.Text t && t.value().isExpression() && x instanceof List<?>;
        if (spliced) out.addAll((List<?>) x);
        else out.add(x);
      }
      return out;
    }
    RawValue.Obj o = (RawValue.Obj) v;
    CaseInsensitiveMap out = new CaseInsensitiveMap();
    for (Map.Entry<String, RawValue> e : o.props().entrySet()) {
      Object x = evaluate(e.getValue(), ctx);
      if (isInsert(e.getKey()) && x instanceof Map<?, ?> m) {
        m.forEach((k, val) -> out.put(String.valueOf(k), val));
      } else {
        out.put(e.getKey(), x);
      }
    }
    return out;
  }

  private static boolean isInsert(String key) {
    String k = key.strip();
    return k.startsWith("${{") && k.endsWith("}}") && k.substring(3, k.length() - 2).strip().equals("insert");
  }

  /** A plain scalar is typed as YAML's core schema would: numbers, booleans, null, else a string. */
  static Object scalar(Str s, EvalContext ctx) {
    if (s.containsExpression()) return Expressions.evaluateValue(s.value(), ctx);
    if (s.quoted()) return s.value();
    String v = s.value().strip();
    switch (v) {
      case "true", "True", "TRUE": return Boolean.TRUE;
      case "false", "False", "FALSE": return Boolean.FALSE;
      case "null", "Null", "NULL", "~", "": return null;
      default:
    }
    if (v.matches("[-+]?(\\d+|\\d*\\.\\d+|\\d+\\.\\d*)([eE][-+]?\\d+)?")) {
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        return s.value();
      }
    }
    return s.value();
  }
}
