package dev.understudy.systems.actions.expr;

/**
 * {@code array<elem>}.
 *
 * @param filtered true when the array came from an object filter {@code .*}: then {@code .prop}
 *     on it maps over the elements ({@code github.event.commits.*.message} is {@code
 *     array<...>})
 */
public record ArrayType(ExprType elem, boolean filtered) implements ExprType {

  public ArrayType(ExprType elem) {
    this(elem, false);
  }

  public boolean accepts(ExprType other) {
    if (other instanceof AnyType) return true;
    return other instanceof ArrayType a && elem.accepts(a.elem);
  }

  public ExprType merge(ExprType other) {
    if (!(other instanceof ArrayType a)) return ANY;
    if (elem instanceof AnyType) return this;
    if (a.elem instanceof AnyType) return a;
    // Merged arrays no longer continue a filter chain.
    return new ArrayType(elem.merge(a.elem), false);
  }

  @Override
  public String toString() {
    return "array<" + elem + ">";
  }
}
