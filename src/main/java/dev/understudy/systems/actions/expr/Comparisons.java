package dev.understudy.systems.actions.expr;

import dev.understudy.systems.actions.expr.Expr.CompareOp;

/** Which operand types a comparison operator accepts (GitHub coerces, but some pairs never make sense). */
final class Comparisons {
  private Comparisons() {}

  static boolean allowed(CompareOp op, ExprType l, ExprType r) {
    return op.isEquality() ? equalityAllowed(l, r) : orderingAllowed(l, r);
  }

  private static boolean equalityAllowed(ExprType l, ExprType r) {
    if (l instanceof ExprType.AnyType || l instanceof ExprType.NullType) return true;
    if (l instanceof ObjectType) return r instanceof ObjectType || isNullOrAny(r);
    if (l instanceof ArrayType a) {
      return r instanceof ArrayType ra ? equalityAllowed(a.elem(), ra.elem()) : isNullOrAny(r);
    }
    return !isContainer(r); // number, bool, string
  }

  /** {@code < <= > >=} only order numbers and strings. */
  private static boolean orderingAllowed(ExprType l, ExprType r) {
    boolean leftOk = l instanceof ExprType.AnyType || l instanceof ExprType.NumberType || l instanceof ExprType.StringType;
    boolean rightOk = r instanceof ExprType.AnyType || r instanceof ExprType.NumberType || r instanceof ExprType.StringType;
    return leftOk && rightOk;
  }

  private static boolean isContainer(ExprType t) {
    return t instanceof ObjectType || t instanceof ArrayType;
  }

  private static boolean isNullOrAny(ExprType t) {
    return t instanceof ExprType.NullType || t instanceof ExprType.AnyType;
  }
}
