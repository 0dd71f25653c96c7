package dev.understudy.systems.actions.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The combinations of a {@code strategy.matrix}, by GitHub's rules: the product of the rows in
 * file order, minus every combination an {@code exclude} entry matches (all of its keys), then
 * each {@code include} entry added to every combination whose original values it does not change
 * (values added by an earlier include may be overwritten), or as a combination of its own when it
 * fits none. With no rows at all, each include entry is a combination.
 */
public final class MatrixExpansion {
  private MatrixExpansion() {}

  /** A matrix with neither rows nor includes gives one empty combination: the job runs once. A row with no values gives none. */
  public static List<Map<String, Object>> expand(
      Map<String, List<Object>> rows, List<Map<String, Object>> include, List<Map<String, Object>> exclude) {
    if (rows.isEmpty()) {
      // "If you don't specify any matrix variables, all configurations under include will run."
      List<Map<String, Object>> out = new ArrayList<>();
      for (Map<String, Object> inc : include) out.add(new LinkedHashMap<>(inc));
      if (out.isEmpty()) out.add(new LinkedHashMap<>());
      return out;
    }
    List<Map<String, Object>> product = new ArrayList<>();
    product.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<Object>> row : rows.entrySet()) {
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> partial : product) {
        for (Object value : row.getValue()) {
          Map<String, Object> c = new LinkedHashMap<>(partial);
          c.put(row.getKey(), value);
          next.add(c);
        }
      }
      product = next;
    }
    if (rows.values().stream().anyMatch(List::isEmpty)) product = new ArrayList<>();
    product.removeIf(c -> exclude.stream().anyMatch(e -> matches(c, e)));

    List<Map<String, Object>> originals = new ArrayList<>();
    for (Map<String, Object> c : product) originals.add(Map.copyOf(c));
    List<Map<String, Object>> extra = new ArrayList<>();
    for (Map<String, Object> inc : include) {
      boolean added = false;
      for (int i = 0; i < product.size(); i++) {
        if (keepsOriginals(originals.get(i), inc)) {
          product.get(i).putAll(inc);
          added = true;
        }
      }
      if (!added) extra.add(new LinkedHashMap<>(inc));
    }
    product.addAll(extra);
    return product;
  }

  private static boolean matches(Map<String, Object> combination, Map<String, Object> partial) {
    for (Map.Entry<String, Object> e : partial.entrySet()) {
      if (!combination.containsKey(e.getKey()) || !same(combination.get(e.getKey()), e.getValue())) return false;
    }
    return true;
  }

  private static boolean keepsOriginals(Map<String, Object> original, Map<String, Object> include) {
    for (Map.Entry<String, Object> e : include.entrySet()) {
      if (original.containsKey(e.getKey()) && !same(original.get(e.getKey()), e.getValue())) return false;
    }
    return true;
  }

  /** Matrix values compare as written: numbers by value, strings exactly, objects by content. */
  static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
    return Objects.equals(a, b);
  }
}
