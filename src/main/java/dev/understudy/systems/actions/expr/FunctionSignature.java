package dev.understudy.systems.actions.expr;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One overload of a built-in function. With {@code variadic}, the last parameter may repeat
 * (zero or more extra times).
 */
record FunctionSignature(String name, ExprType returns, List<ExprType> params, boolean variadic) {

  @Override
  public String toString() {
    String ps = params.stream().map(ExprType::toString).collect(Collectors.joining(", "));
    return name + "(" + ps + (variadic ? "..." : "") + ") -> " + returns;
  }

  private static FunctionSignature fixed(String name, ExprType returns, ExprType... params) {
    return new FunctionSignature(name, returns, List.of(params), false);
  }

  private static FunctionSignature variadic(String name, ExprType returns, ExprType... params) {
    return new FunctionSignature(name, returns, List.of(params), true);
  }

  private static final ExprType S = ExprType.STRING;
  private static final ExprType B = ExprType.BOOL;
  private static final ExprType A = ExprType.ANY;

  /** Lower-case name -> overloads, tried in order. */
  static final Map<String, List<FunctionSignature>> BUILTINS = Map.ofEntries(
      Map.entry("contains", List.of(
          fixed("contains", B, S, S),
          fixed("contains", B, new ArrayType(A), A))),
      Map.entry("startswith", List.of(fixed("startsWith", B, S, S))),
      Map.entry("endswith", List.of(fixed("endsWith", B, S, S))),
      Map.entry("format", List.of(variadic("format", S, S, A))),
      Map.entry("join", List.of(
          fixed("join", S, new ArrayType(S), S),
          fixed("join", S, new ArrayType(S)))),
      Map.entry("tojson", List.of(fixed("toJSON", S, A))),
      Map.entry("fromjson", List.of(fixed("fromJSON", A, S))),
      Map.entry("hashfiles", List.of(variadic("hashFiles", S, S))),
      Map.entry("success", List.of(fixed("success", B))),
      Map.entry("always", List.of(fixed("always", B))),
      Map.entry("cancelled", List.of(fixed("cancelled", B))),
      Map.entry("failure", List.of(fixed("failure", B))),
      Map.entry("case", List.of(variadic("case", A, B, A, A))));
}
