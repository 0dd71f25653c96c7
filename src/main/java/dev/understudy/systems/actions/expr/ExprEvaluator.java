package dev.understudy.systems.actions.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a parsed expression ({@link ExprParser#parse}) against an {@link EvalContext}, with
 * GitHub's semantics (see {@link Values} for values, coercion and comparison).
 *
 * <ul>
 *   <li>{@code &&} and {@code ||} short-circuit and return an operand, not a boolean; {@code !}
 *       returns a boolean.
 *   <li>A property of a non-object is null; {@code a['b']} looks up an object ignoring case, {@code
 *       a[1]} indexes an array (fractions truncate; out of range, negative or NaN is null).
 *   <li>{@code a.*} gives an object's values or an array's elements; a property or index after it
 *       applies to every element and keeps only the elements that have it, so {@code
 *       github.event.commits.*.author.name} is the list of names.
 *   <li>Functions (names ignore case): contains, startsWith, endsWith, format, join, toJSON,
 *       fromJSON, hashFiles, case, success, always, cancelled, failure.
 * </ul>
 *
 * <p>Stateless and thread-safe; errors are {@link ExprEvaluationException}s with offsets into the
 * expression body.
 */
public final class ExprEvaluator {

  /** The status functions: an {@code if:} that calls none of them gets an implicit {@code success() &&}. */
  public static final Set<String> STATUS_FUNCTIONS = Set.of("success", "always", "cancelled", "failure");

  private static final ExprEvaluator INSTANCE = new ExprEvaluator();

  public ExprEvaluator() {}

  /** Evaluates a parsed expression. A filter's result comes back as a plain list. */
  public Object evaluate(Expr expr, EvalContext ctx) {
    Object v = eval(expr, ctx);
    return v instanceof FilteredArray f ? new ArrayList<>(f) : v;
  }

  /**
   * Parses and evaluates an expression body (the text between {@code ${{} and {@code }}}). A
   * syntax error is an {@link ExprEvaluationException} at the parser's offset.
   */
  public static Object evaluate(String body, EvalContext ctx) {
    return INSTANCE.evaluate(parse(body), ctx);
  }

  static Expr parse(String body) {
    if (body.isBlank()) throw new ExprEvaluationException(0, "the expression is empty");
    ExprParser.Result r = ExprParser.parse(body);
    if (!r.ok()) throw new ExprEvaluationException(r.error().offset(), "syntax error: " + r.error().message());
    return r.expr();
  }

  /** True when {@code expr} calls {@code success() always() cancelled()} or {@code failure()} anywhere. */
  public static boolean callsStatusFunction(Expr expr) {
    if (expr instanceof Expr.FuncCall f) {
      return STATUS_FUNCTIONS.contains(f.lowerName())
          || f.args().stream().anyMatch(ExprEvaluator::callsStatusFunction);
    }
    if (expr instanceof Expr.PropertyAccess p) return callsStatusFunction(p.receiver());
    if (expr instanceof Expr.IndexAccess i) return callsStatusFunction(i.receiver()) || callsStatusFunction(i.index());
    if (expr instanceof Expr.ArrayDeref d) return callsStatusFunction(d.receiver());
    if (expr instanceof Expr.Not n) return callsStatusFunction(n.operand());
    if (expr instanceof Expr.Compare c) return callsStatusFunction(c.left()) || callsStatusFunction(c.right());
    if (expr instanceof Expr.Logical l) return callsStatusFunction(l.left()) || callsStatusFunction(l.right());
    return false;
  }

  /**
   * The result of {@code .*} and of any access after it: a list whose further property and index
   * accesses apply to each element. Anywhere else it is an ordinary array.
   */
  static final class FilteredArray extends ArrayList<Object> {
    FilteredArray() {}
  }

  private Object eval(Expr e, EvalContext ctx) {
    if (e instanceof Expr.NullLit) return null;
    if (e instanceof Expr.BoolLit b) return b.value();
    if (e instanceof Expr.IntLit i) return (double) i.value();
    if (e instanceof Expr.FloatLit f) return f.value();
    if (e instanceof Expr.StringLit s) return s.value();
    if (e instanceof Expr.Variable v) return variable(v, ctx);
    if (e instanceof Expr.PropertyAccess p) return index(eval(p.receiver(), ctx), p.name());
    if (e instanceof Expr.IndexAccess i) return index(eval(i.receiver(), ctx), eval(i.index(), ctx));
    if (e instanceof Expr.ArrayDeref d) return wildcard(eval(d.receiver(), ctx));
    if (e instanceof Expr.Not n) return !Values.isTruthy(eval(n.operand(), ctx));
    if (e instanceof Expr.Compare c) return Values.compare(c.op(), eval(c.left(), ctx), eval(c.right(), ctx));
    if (e instanceof Expr.Logical l) return logical(l, ctx);
    if (e instanceof Expr.FuncCall f) return call(f, ctx);
    throw new IllegalStateException("unknown expression node " + e);
  }

  private static Object variable(Expr.Variable v, EvalContext ctx) {
    String name = v.lowerName();
    if (!ctx.knows(name)) {
      throw new ExprEvaluationException(v.offset(), "unrecognized named-value: '" + v.name()
          + "'; the contexts here are " + String.join(", ", new java.util.TreeSet<>(EvalContext.STANDARD_CONTEXTS)));
    }
    return ctx.context(name);
  }

  private Object logical(Expr.Logical l, EvalContext ctx) {
    Object left = eval(l.left(), ctx);
    boolean decided = Values.isTruthy(left) == (l.op() == Expr.LogicalOp.OR);
    return decided ? left : eval(l.right(), ctx);
  }

  // ---------------------------------------------------------------- access

  /** {@code receiver[key]} (a property name is a string key). */
  static Object index(Object receiver, Object key) {
    if (receiver instanceof FilteredArray filtered) {
      FilteredArray out = new FilteredArray();
      for (Object item : filtered) {
        if (item instanceof Map<?, ?> m) {
          if (Values.isPrimitive(key)) {
            String name = Values.coerceToString(key);
            if (Values.hasProperty(m, name)) out.add(Values.property(m, name));
          }
        } else if (item instanceof List<?> list) {
          int at = arrayIndex(key);
          if (at >= 0 && at < list.size()) out.add(list.get(at));
        }
      }
      return out;
    }
    if (receiver instanceof Map<?, ?> m) {
      return Values.isPrimitive(key) ? Values.property(m, Values.coerceToString(key)) : null;
    }
    if (receiver instanceof List<?> list) {
      int at = arrayIndex(key);
      return at >= 0 && at < list.size() ? list.get(at) : null;
    }
    return null;
  }

  /** The array position a key stands for (the key as a number, truncated), or -1. */
  private static int arrayIndex(Object key) {
    if (!Values.isPrimitive(key)) return -1;
    double d = Values.toNumber(key);
    if (Double.isNaN(d) || d < 0 || d > Integer.MAX_VALUE) return -1;
    return (int) Math.floor(d);
  }

  /** {@code receiver.*}. */
  static Object wildcard(Object receiver) {
    FilteredArray out = new FilteredArray();
    if (receiver instanceof FilteredArray filtered) {
      for (Object item : filtered) {
        if (item instanceof Map<?, ?> m) out.addAll(m.values());
        else if (item instanceof List<?> list) out.addAll(list);
      }
      return out;
    }
    if (receiver instanceof Map<?, ?> m) {
      out.addAll(m.values());
      return out;
    }
    if (receiver instanceof List<?> list) {
      out.addAll(list);
      return out;
    }
    return null;
  }

  // ---------------------------------------------------------------- functions

  private Object call(Expr.FuncCall f, EvalContext ctx) {
    String name = f.lowerName();
    List<Expr> args = f.args();
    switch (name) {
      case "success", "always", "cancelled", "failure" -> {
        arity(f, 0, 0);
        JobStatus s = ctx.status();
        return switch (name) {
          case "success" -> s.success();
          case "failure" -> s.failure();
          case "cancelled" -> s.cancelled();
          default -> true;
        };
      }
      case "case" -> {
        if (args.size() < 3 || args.size() % 2 == 0) {
          throw new ExprEvaluationException(f.offset(), "case() takes an odd number of arguments, at least 3"
              + " (predicate, value, ..., default), but " + args.size() + " were given");
        }
        for (int i = 0; i + 1 < args.size(); i += 2) {
          Object predicate = eval(args.get(i), ctx);
          if (!(predicate instanceof Boolean b)) {
            throw new ExprEvaluationException(args.get(i).offset(), "case() predicate " + (i / 2 + 1)
                + " must be a boolean, but it is " + describe(predicate));
          }
          if (b) return eval(args.get(i + 1), ctx);
        }
        return eval(args.get(args.size() - 1), ctx);
      }
      default -> {}
    }
    List<Object> values = new ArrayList<>(args.size());
    switch (name) {
      case "contains", "startswith", "endswith" -> arity(f, 2, 2);
      case "format", "hashfiles" -> arity(f, 1, Integer.MAX_VALUE);
      case "join" -> arity(f, 1, 2);
      case "tojson", "fromjson" -> arity(f, 1, 1);
      default -> throw new ExprEvaluationException(f.offset(), "unknown function '" + f.name() + "'; the functions"
          + " are contains, startsWith, endsWith, format, join, toJSON, fromJSON, hashFiles, case, success,"
          + " always, cancelled, failure");
    }
    for (Expr a : args) values.add(eval(a, ctx));
    return switch (name) {
      case "contains" -> contains(values.get(0), values.get(1));
      case "startswith" -> bothPrimitive(values)
          && Values.startsWithIgnoreCase(Values.coerceToString(values.get(0)), Values.coerceToString(values.get(1)));
      case "endswith" -> bothPrimitive(values)
          && Values.endsWithIgnoreCase(Values.coerceToString(values.get(0)), Values.coerceToString(values.get(1)));
      case "format" -> FormatFunction.format(f, values);
      case "join" -> join(values);
      case "tojson" -> Values.toJson(values.get(0));
      case "fromjson" -> fromJson(f, values.get(0));
      case "hashfiles" -> HashFiles.hash(f, values, ctx.workspace());
      default -> throw new IllegalStateException(name);
    };
  }

  private static void arity(Expr.FuncCall f, int min, int max) {
    int n = f.args().size();
    if (n >= min && n <= max) return;
    String expected = min == max ? String.valueOf(min)
        : max == Integer.MAX_VALUE ? "at least " + min : min + " or " + max;
    throw new ExprEvaluationException(f.offset(), f.name() + "() takes " + expected + " argument"
        + (max == 1 || (min == 1 && max == Integer.MAX_VALUE) ? "" : "s") + ", but " + n + (n == 1 ? " was" : " were") + " given");
  }

  private static boolean bothPrimitive(List<Object> v) {
    return Values.isPrimitive(v.get(0)) && Values.isPrimitive(v.get(1));
  }

  /** {@code contains(search, item)}: a substring ignoring case, or an array element loosely equal to item. */
  static boolean contains(Object search, Object item) {
    if (search instanceof List<?> list) {
      for (Object element : list) {
        if (Values.looseEquals(element, item)) return true;
      }
      return false;
    }
    if (Values.isPrimitive(search) && Values.isPrimitive(item)) {
      return Values.containsIgnoreCase(Values.coerceToString(search), Values.coerceToString(item));
    }
    return false;
  }

  /** {@code join(array, sep = ',')}; a primitive stands for itself, an object gives "". */
  static String join(List<Object> values) {
    Object items = values.get(0);
    if (items instanceof List<?> list) {
      String sep = ",";
      if (values.size() > 1 && Values.isPrimitive(values.get(1))) sep = Values.coerceToString(values.get(1));
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) b.append(sep);
        b.append(Values.coerceToString(list.get(i)));
      }
      return b.toString();
    }
    return Values.isPrimitive(items) ? Values.coerceToString(items) : "";
  }

  private static Object fromJson(Expr.FuncCall f, Object arg) {
    String text = Values.coerceToString(arg);
    try {
      return Values.parseJson(text);
    } catch (Values.JsonSyntaxException e) {
      throw new ExprEvaluationException(f.offset(), "fromJSON(): the argument is not valid JSON: " + e.getMessage()
          + " at character " + e.offset() + " of " + Quote.go(abbreviate(text)));
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  static String describe(Object v) {
    return switch (Values.kindOf(v)) {
      case NULL -> "null";
      case BOOLEAN, NUMBER -> Values.kindOf(v).name().toLowerCase(java.util.Locale.ROOT) + " " + Values.coerceToString(v);
      case STRING -> "string " + Quote.go(abbreviate(v.toString()));
      case ARRAY -> "an array";
      case OBJECT -> "an object";
    };
  }
}
