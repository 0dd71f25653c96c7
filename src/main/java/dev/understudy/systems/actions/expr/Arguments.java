package dev.understudy.systems.actions.expr;

import java.util.List;

/** Matches the argument types of a call against one function signature. */
final class Arguments {
  private Arguments() {}

  /** Why the arguments do not fit {@code sig}, or null when they do. */
  static ExprError mismatch(Expr.FuncCall call, FunctionSignature sig, List<ExprType> args) {
    int params = sig.params().size();
    int given = args.size();
    if (sig.variadic() ? given < params : given != params) {
      return new ExprError(call.offset(), "number of arguments is wrong. function " + Quote.go(sig.toString())
          + " takes " + (sig.variadic() ? "at least " : "") + params + " parameters but " + given
          + " arguments are given");
    }
    for (int i = 0; i < given; i++) {
      ExprType param = sig.params().get(Math.min(i, params - 1));
      if (!param.accepts(args.get(i))) {
        return new ExprError(call.args().get(i).offset(), ordinal(i + 1)
            + " argument of function call is not assignable. " + Quote.go(args.get(i).toString())
            + " cannot be assigned to " + Quote.go(param.toString()) + ". called function type is "
            + Quote.go(sig.toString()));
      }
    }
    return null;
  }

  static String ordinal(int n) {
    String suffix = "th";
    if (n % 100 < 11 || n % 100 > 13) {
      switch (n % 10) {
        case 1 -> suffix = "st";
        case 2 -> suffix = "nd";
        case 3 -> suffix = "rd";
        default -> {}
      }
    }
    return n + suffix;
  }
}
