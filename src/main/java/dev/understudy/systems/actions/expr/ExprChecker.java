package dev.understudy.systems.actions.expr;

import dev.understudy.systems.actions.expr.Expr.LogicalOp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Types an expression and reports what GitHub would reject or what is surely a mistake:
 * undefined contexts and functions, contexts or functions not allowed at the workflow key,
 * properties missing from strict objects, wrong arguments, {@code format()} placeholders,
 * broken {@code fromJSON()} literals, comparisons between incomparable types.
 *
 * <p>One checker is configured per place in a workflow, then may check many expressions:
 *
 * <pre>{@code
 * ExprChecker checker = ExprChecker.builder()
 *     .availability(ContextAvailability.of("jobs.<job_id>.steps.run"))
 *     .matrix(ObjectType.strict(Map.of("os", ExprType.STRING)))
 *     .steps(ObjectType.strict(Map.of("build", stepType)))
 *     .build();
 * ExprChecker.Result r = checker.check(ExprParser.parse(template.body()).expr());
 * }</pre>
 */
public final class ExprChecker {
  private static final String AVAILABILITY_DOC =
      "see https://docs.github.com/en/actions/learn-github-actions/contexts#context-availability for more details";

  /** The type of the checked expression and the problems found, in source order of discovery. */
  public record Result(ExprType type, List<ExprError> errors) {}

  private final Map<String, ExprType> contexts;
  private final TreeSet<String> allowedContexts; // null: all
  private final TreeSet<String> allowedFunctions; // null: all
  private List<ExprError> errors;

  private ExprChecker(Builder b) {
    this.contexts = Map.copyOf(b.contexts);
    this.allowedContexts = b.allowedContexts;
    this.allowedFunctions = b.allowedFunctions;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Types {@code expr} and collects its problems. */
  public Result check(Expr expr) {
    errors = new ArrayList<>();
    ExprType t = type(expr);
    Result r = new Result(t, List.copyOf(errors));
    errors = null;
    return r;
  }

  /**
   * The message for a template like {@code "v=${{ steps.x.outputs }}"} whose value is an object,
   * an array or null, which GitHub prints unhelpfully; empty for other types.
   */
  public static Optional<String> templateValueProblem(ExprType type) {
    if (!type.isObjectArrayOrNull()) return Optional.empty();
    return Optional.of("object, array, and null values should not be evaluated in template with ${{ }} "
        + "but evaluating the value of type " + type);
  }

  private void error(Expr at, String message) {
    errors.add(new ExprError(at.offset(), message));
  }

  private ExprType type(Expr e) {
    if (e instanceof Expr.NullLit) return ExprType.NULL;
    if (e instanceof Expr.BoolLit) return ExprType.BOOL;
    if (e instanceof Expr.IntLit || e instanceof Expr.FloatLit) return ExprType.NUMBER;
    if (e instanceof Expr.StringLit) return ExprType.STRING;
    if (e instanceof Expr.Variable v) return variable(v);
    if (e instanceof Expr.PropertyAccess p) return property(p);
    if (e instanceof Expr.ArrayDeref d) return filter(d);
    if (e instanceof Expr.IndexAccess i) return index(i);
    if (e instanceof Expr.FuncCall c) return call(c);
    if (e instanceof Expr.Compare c) return compare(c);
    if (e instanceof Expr.Logical l) return logical(l);
    type(((Expr.Not) e).operand()); // any operand has a truthiness
    return ExprType.BOOL;
  }

  private ExprType variable(Expr.Variable v) {
    String name = v.lowerName();
    ExprType t = contexts.get(name);
    if (t == null) {
      error(v, "undefined variable " + Quote.go(v.name()) + ". available variables are "
          + Quote.sortedList(contexts.keySet()));
      return ExprType.ANY;
    }
    if (allowedContexts != null && !allowedContexts.contains(name)) {
      String note = switch (allowedContexts.size()) {
        case 0 -> "no context is available here";
        case 1 -> "available context is " + Quote.list(allowedContexts);
        default -> "available contexts are " + Quote.list(allowedContexts);
      };
      error(v, "context " + Quote.go(name) + " is not allowed here. " + note + ". " + AVAILABILITY_DOC);
    }
    return t;
  }

  private ExprType property(Expr.PropertyAccess p) {
    String name = p.lowerName();
    ExprType receiver = type(p.receiver());
    if (receiver instanceof ExprType.AnyType) return ExprType.ANY;
    if (receiver instanceof ObjectType o) {
      if (p.receiver() instanceof Expr.Variable v && v.lowerName().equals("vars")) checkVariableName(p);
      return propertyOf(o, name, p, "");
    }
    if (receiver instanceof ArrayType a && a.filtered()) {
      // github.event.commits.*.message: the property of each element
      if (a.elem() instanceof ExprType.AnyType) return a;
      if (a.elem() instanceof ObjectType o) {
        return new ArrayType(propertyOf(o, name, p, " as element of filtered array"), true);
      }
      error(p, "property filtered by " + Quote.go(name)
          + " at object filtering must be type of object but got " + Quote.go(a.elem().toString()));
      return ExprType.ANY;
    }
    error(p, "receiver of object dereference " + Quote.go(name) + " must be type of object but got "
        + Quote.go(receiver.toString()));
    return ExprType.ANY;
  }

  /** GitHub rejects such configuration variable names, so {@code vars.<name>} is always empty. */
  private void checkVariableName(Expr.PropertyAccess p) {
    String name = p.lowerName();
    String convention = ". note: see the convention at https://docs.github.com/en/actions/learn-github-actions/"
        + "variables#naming-conventions-for-configuration-variables";
    if (name.startsWith("github_")) {
      error(p, "configuration variable name " + Quote.go(name)
          + " must not start with the GITHUB_ prefix (case insensitive)" + convention);
    } else if (!name.matches("[a-z0-9_]+")) {
      error(p, "configuration variable name " + Quote.go(name)
          + " can only contain alphabets, decimal numbers, and '_'" + convention);
    }
  }

  private ExprType propertyOf(ObjectType o, String name, Expr at, String where) {
    Optional<ExprType> declared = o.prop(name);
    if (declared.isPresent()) return declared.get();
    if (o.mapped() != null) return o.mapped();
    error(at, "property " + Quote.go(name) + " is not defined in object type " + o + where);
    return ExprType.ANY;
  }

  private ExprType filter(Expr.ArrayDeref d) {
    ExprType receiver = type(d.receiver());
    if (receiver instanceof ExprType.AnyType) return new ArrayType(ExprType.ANY, true);
    if (receiver instanceof ArrayType a) return new ArrayType(a.elem(), true);
    if (receiver instanceof ObjectType o) {
      if (o.mapped() != null) {
        if (o.mapped() instanceof ExprType.AnyType) return new ArrayType(ExprType.ANY, true);
        if (o.mapped() instanceof ObjectType) return new ArrayType(o.mapped(), true);
        error(d, "elements of object at receiver of object filtering `.*` must be type of object but got "
            + Quote.go(o.mapped().toString()) + ". the type of receiver was " + Quote.go(o.toString()));
        return ExprType.ANY;
      }
      if (o.props().values().stream().noneMatch(t -> t instanceof ObjectType)) {
        error(d, "object type " + Quote.go(o.toString())
            + " cannot be filtered by object filtering `.*` since it has no object element");
        return ExprType.ANY;
      }
      return new ArrayType(ExprType.ANY, true);
    }
    error(d, "receiver of object filtering `.*` must be type of array or object but got "
        + Quote.go(receiver.toString()));
    return ExprType.ANY;
  }

  private ExprType index(Expr.IndexAccess i) {
    ExprType idx = type(i.index());
    ExprType receiver = type(i.receiver());
    if (receiver instanceof ExprType.AnyType) return ExprType.ANY;
    if (receiver instanceof ArrayType a) {
      if (idx instanceof ExprType.AnyType || idx instanceof ExprType.NumberType) return a.elem();
      error(i.index(), "index access of array must be type of number but got " + Quote.go(idx.toString()));
      return ExprType.ANY;
    }
    if (receiver instanceof ObjectType o) {
      if (idx instanceof ExprType.AnyType) return ExprType.ANY;
      if (!(idx instanceof ExprType.StringType)) {
        error(i.index(), "property access of object must be type of string but got " + Quote.go(idx.toString()));
        return ExprType.ANY;
      }
      if (i.index() instanceof Expr.StringLit lit) return propertyOf(o, lit.value(), i, "");
      return o.mapped() != null ? o.mapped() : ExprType.ANY;
    }
    error(i, "index access operand must be type of object or array but got " + Quote.go(receiver.toString()));
    return ExprType.ANY;
  }

  private ExprType call(Expr.FuncCall c) {
    List<ExprType> args = new ArrayList<>();
    for (Expr a : c.args()) args.add(type(a));
    List<FunctionSignature> overloads = FunctionSignature.BUILTINS.get(c.lowerName());
    if (overloads == null) {
      error(c, "undefined function " + Quote.go(c.name()) + ". available functions are "
          + Quote.sortedList(FunctionSignature.BUILTINS.keySet()));
      return ExprType.ANY;
    }
    List<ExprError> mismatches = new ArrayList<>();
    for (FunctionSignature sig : overloads) {
      ExprError mismatch = Arguments.mismatch(c, sig, args);
      if (mismatch == null) return checkCallOf(c, sig);
      mismatches.add(mismatch);
    }
    errors.addAll(mismatches);
    return ExprType.ANY;
  }

  private ExprType checkCallOf(Expr.FuncCall c, FunctionSignature sig) {
    String name = c.lowerName();
    if (ContextAvailability.SPECIAL_FUNCTIONS.contains(name)
        && allowedFunctions != null && !allowedFunctions.contains(name)) {
      error(c, "calling function " + Quote.go(c.name()) + " is not allowed here. " + Quote.go(c.name())
          + " is only available in " + Quote.list(ContextAvailability.keysAllowing(name)) + ". "
          + AVAILABILITY_DOC);
    }
    switch (name) {
      case "format" -> checkFormat(c);
      case "fromjson" -> {
        if (c.args().get(0) instanceof Expr.StringLit lit) {
          JsonLiteral.Result json = JsonLiteral.typeOf(lit.value());
          if (json.type() != null) return json.type();
          error(lit, "broken JSON string is passed to fromJSON() at offset " + json.offset() + ": "
              + json.problem());
        }
      }
      case "case" -> {
        if (c.args().size() % 2 == 0) {
          error(c, "case() requires an odd number of arguments (pred/value pairs + default) but got "
              + c.args().size());
        }
      }
      default -> {}
    }
    return sig.returns();
  }

  private void checkFormat(Expr.FuncCall c) {
    if (!(c.args().get(0) instanceof Expr.StringLit lit)) return;
    int given = c.args().size() - 1;
    TreeSet<Integer> holders = FormatString.placeholders(lit.value());
    for (int i = 0; i < given; i++) {
      if (!holders.remove(i)) {
        error(c, "format string " + Quote.go(lit.value()) + " does not contain placeholder {" + i
            + "}. remove argument which is unused in the format string");
      }
    }
    for (int i : holders) {
      error(c, "format string " + Quote.go(lit.value()) + " contains placeholder {" + i + "} but only "
          + given + " arguments are given to format");
    }
  }

  private ExprType compare(Expr.Compare c) {
    ExprType l = type(c.left());
    ExprType r = type(c.right());
    if (!Comparisons.allowed(c.op(), l, r)) {
      error(c, Quote.go(l.toString()) + " value cannot be compared to " + Quote.go(r.toString())
          + " value with " + Quote.go(c.op().symbol()) + " operator");
    }
    return ExprType.BOOL;
  }

  /**
   * {@code a && b} is a when a is falsy, else b; {@code a || b} is a when a is truthy, else b.
   * When the left operand is itself a logical expression, only the branch that can reach the
   * result contributes its type (so {@code x && 'a' || 'b'} is a string).
   */
  private ExprType logical(Expr.Logical l) {
    boolean leftTruthy = l.op() == LogicalOp.OR;
    return typeWhen(l.left(), leftTruthy).merge(type(l.right()));
  }

  private ExprType typeWhen(Expr e, boolean truthy) {
    if (e instanceof Expr.Logical l) {
      boolean shortCircuits = (l.op() == LogicalOp.AND) != truthy;
      if (!shortCircuits) {
        type(l.left());
        return type(l.right());
      }
      return logical(l);
    }
    if (e instanceof Expr.Not n) return typeWhen(n.operand(), !truthy);
    return type(e);
  }

  /** Configures an {@link ExprChecker}. Unset context types keep actionlint's defaults. */
  public static final class Builder {
    private final Map<String, ExprType> contexts = new HashMap<>(BuiltinContexts.defaults());
    private TreeSet<String> allowedContexts;
    private TreeSet<String> allowedFunctions;

    private Builder() {}

    /** Contexts allowed at this place; null (the default) allows all. */
    public Builder contexts(Collection<String> names) {
      allowedContexts = names == null ? null : lowerSorted(names);
      return this;
    }

    /** Special functions allowed here ({@code always}, {@code hashFiles}...); null allows all. */
    public Builder specialFunctions(Collection<String> names) {
      allowedFunctions = names == null ? null : lowerSorted(names);
      return this;
    }

    /** Contexts and special functions as GitHub allows them at a workflow key. */
    public Builder availability(ContextAvailability a) {
      return contexts(a.contexts()).specialFunctions(a.specialFunctions());
    }

    /** Sets the type of any context by name (case-insensitive). */
    public Builder context(String name, ExprType type) {
      contexts.put(name.toLowerCase(Locale.ROOT), type);
      return this;
    }

    public Builder matrix(ObjectType t) {
      return context("matrix", t);
    }

    public Builder steps(ObjectType t) {
      return context("steps", t);
    }

    public Builder needs(ObjectType t) {
      return context("needs", t);
    }

    public Builder env(ObjectType t) {
      return context("env", t);
    }

    public Builder vars(ObjectType t) {
      return context("vars", t);
    }

    /** Adds the {@code jobs} context (only in {@code on.workflow_call.outputs}). */
    public Builder jobs(ObjectType t) {
      return context("jobs", t);
    }

    /** The inputs of a reusable workflow; a second call merges. */
    public Builder inputs(ObjectType t) {
      ObjectType current = (ObjectType) contexts.get("inputs");
      boolean unset = current.isStrict() && current.props().isEmpty();
      return context("inputs", unset ? t : current.merge(t));
    }

    /**
     * The inputs of {@code workflow_dispatch}: they are {@code inputs} and also {@code
     * github.event.inputs}, where every value is a string.
     */
    public Builder dispatchInputs(ObjectType t) {
      inputs(t);
      Map<String, ExprType> asStrings = new HashMap<>();
      for (String name : t.props().keySet()) asStrings.put(name, ExprType.STRING);
      ObjectType github = (ObjectType) contexts.get("github");
      ObjectType event = (ObjectType) github.prop("event").orElse(ObjectType.looseEmpty());
      return context("github", github.withProp("event", event.withProp("inputs", ObjectType.strict(asStrings))));
    }

    /**
     * The secrets a reusable workflow declares; {@code GITHUB_TOKEN} and the debug secrets are
     * added, and no others exist.
     */
    public Builder secrets(ObjectType declared) {
      Map<String, ExprType> all = new HashMap<>(BuiltinContexts.ALWAYS_SECRETS);
      all.putAll(declared.props());
      return context("secrets", ObjectType.strict(all));
    }

    public ExprChecker build() {
      return new ExprChecker(this);
    }

    private static TreeSet<String> lowerSorted(Collection<String> names) {
      TreeSet<String> s = new TreeSet<>();
      for (String n : names) s.add(n.toLowerCase(Locale.ROOT));
      return s;
    }
  }
}
