package dev.understudy.systems.actions.expr;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An object type. Property names are case-insensitive, as in GitHub's expressions.
 *
 * <ul>
 *   <li>strict ({@code mapped == null}): only {@code props} exist; printed {@code {a: string; b:
 *       number}};
 *   <li>loose ({@code mapped} is any): unknown properties are {@code any}; printed {@code object};
 *   <li>map ({@code mapped} is another type): unknown properties have that type; printed {@code
 *       {string => T}}.
 * </ul>
 */
public record ObjectType(Map<String, ExprType> props, ExprType mapped) implements ExprType {

  public ObjectType {
    TreeMap<String, ExprType> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (props != null) copy.putAll(props);
    props = java.util.Collections.unmodifiableSortedMap(copy);
  }

  public static ObjectType strict(Map<String, ExprType> props) {
    return new ObjectType(props, null);
  }

  public static ObjectType strictEmpty() {
    return new ObjectType(Map.of(), null);
  }

  public static ObjectType loose(Map<String, ExprType> props) {
    return new ObjectType(props, ANY);
  }

  public static ObjectType looseEmpty() {
    return new ObjectType(Map.of(), ANY);
  }

  /** {@code {string => elem}}. */
  public static ObjectType mapOf(ExprType elem) {
    return new ObjectType(Map.of(), elem);
  }

  public boolean isStrict() {
    return mapped == null;
  }

  public boolean isLoose() {
    return mapped instanceof AnyType;
  }

  /** The declared type of a property, looked up case-insensitively. */
  public Optional<ExprType> prop(String name) {
    return Optional.ofNullable(props.get(name));
  }

  /** A copy with one more (or a replaced) property. */
  public ObjectType withProp(String name, ExprType type) {
    TreeMap<String, ExprType> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(props);
    copy.remove(name);
    copy.put(name, type);
    return new ObjectType(copy, mapped);
  }

  public boolean accepts(ExprType other) {
    if (other instanceof AnyType) return true;
    if (!(other instanceof ObjectType o)) return false;
    if (!isStrict()) {
      if (!o.isStrict()) return mapped.accepts(o.mapped);
      return o.props.values().stream().allMatch(mapped::accepts);
    }
    if (!o.isStrict()) return props.values().stream().allMatch(t -> t.accepts(o.mapped));
    for (Map.Entry<String, ExprType> e : o.props.entrySet()) {
      ExprType mine = props.get(e.getKey());
      if (mine == null || !mine.accepts(e.getValue())) return false;
    }
    return true;
  }

  public ExprType merge(ExprType other) {
    if (!(other instanceof ObjectType o)) return ANY;
    if (props.isEmpty() && o.isLoose()) return o;
    if (o.props.isEmpty() && isLoose()) return this;
    ExprType mergedMapped = mapped == null ? o.mapped : o.mapped == null ? mapped : mapped.merge(o.mapped);
    TreeMap<String, ExprType> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    merged.putAll(props);
    for (Map.Entry<String, ExprType> e : o.props.entrySet()) {
      ExprType mine = merged.get(e.getKey());
      if (mine != null) {
        merged.put(e.getKey(), mine.merge(e.getValue()));
      } else {
        merged.put(e.getKey(), e.getValue());
        if (mergedMapped != null) mergedMapped = mergedMapped.merge(e.getValue());
      }
    }
    return new ObjectType(merged, mergedMapped);
  }

  @Override
  public String toString() {
    if (isLoose()) return "object";
    if (mapped != null) return "{string => " + mapped + "}";
    return props.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining("; ", "{", "}"));
  }
}
