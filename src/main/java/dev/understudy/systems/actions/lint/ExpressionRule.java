package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.expr.ArrayType;
import dev.understudy.systems.actions.expr.ContextAvailability;
import dev.understudy.systems.actions.expr.Expr;
import dev.understudy.systems.actions.expr.ExprChecker;
import dev.understudy.systems.actions.expr.ExprError;
import dev.understudy.systems.actions.expr.ExprParser;
import dev.understudy.systems.actions.expr.ExprType;
import dev.understudy.systems.actions.expr.ObjectType;
import dev.understudy.systems.actions.expr.Template;
import dev.understudy.systems.actions.expr.Templates;
import dev.understudy.systems.actions.expr.UntrustedInputs;
import dev.understudy.systems.actions.model.Event;
import dev.understudy.systems.actions.model.Job;
import dev.understudy.systems.actions.model.Pos;
import dev.understudy.systems.actions.model.RawValue;
import dev.understudy.systems.actions.model.Scalar;
import dev.understudy.systems.actions.model.Step;
import dev.understudy.systems.actions.model.Str;
import dev.understudy.systems.actions.model.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every {@code ${{ }}} of the workflow: syntax, the contexts and functions GitHub allows at its
 * key, types (properties, matrix values, step and job outputs, inputs, secrets), values a template
 * cannot print, and untrusted input pasted into scripts.
 */
final class ExpressionRule implements Rule {
  private static final String RULE = "expression";
  /** Keys where GitHub evaluates no context at all: a step's id and shell, the workflow's defaults. */
  private static final String NO_CONTEXT = "(no context)";

  private Report report;
  private Workflow workflow;
  // Types of the contexts that depend on where we are; null keeps the checker's default.
  private ObjectType inputs, dispatchInputs, secrets, matrix, steps, needs, jobs;

  private record Typed(ExprType type, Pos pos) {}

  @Override
  public void check(Workflow w, Report r) {
    report = r;
    workflow = w;
    if (w.name() != null) string(w.name(), "");
    for (Event e : w.on()) event(e);
    string(w.runName(), "run-name");
    env(w.env(), "env");
    defaults(w.defaults(), NO_CONTEXT);
    concurrency(w.concurrency(), "concurrency");
    for (Job j : w.jobs().values()) job(j);
    Event.Call call = w.event(Event.Call.class);
    if (call != null) callOutputs(call);
  }

  // ---- workflow level ----

  private void event(Event e) {
    if (e instanceof Event.Webhook h) {
      strings(h.types(), "");
      for (Event.Filter f : h.filters()) strings(f.values(), "");
      strings(h.workflows(), "");
    } else if (e instanceof Event.Schedule s) {
      for (Event.Cron c : s.crons()) {
        string(c.cron(), "");
        string(c.timezone(), "");
      }
    } else if (e instanceof Event.Dispatch d) {
      Map<String, ExprType> props = new HashMap<>();
      d.inputs().forEach((id, i) -> {
        string(i.description(), "");
        string(i.defaultValue(), "");
        bool(i.required(), "");
        if (i.options() != null) strings(i.options(), "");
        props.put(lower(id), switch (i.type()) {
          case BOOLEAN -> ExprType.BOOL;
          case NUMBER -> ExprType.NUMBER;
          case STRING, CHOICE, ENVIRONMENT -> ExprType.STRING;
          default -> ExprType.ANY;
        });
      });
      dispatchInputs = ObjectType.strict(props);
    } else if (e instanceof Event.RepositoryDispatch d) {
      strings(d.types(), "");
    } else if (e instanceof Event.Call c) {
      Map<String, ExprType> props = new HashMap<>();
      for (Event.CallInput i : c.inputs()) {
        string(i.description(), "");
        List<Typed> ts = string(i.defaultValue(), "on.workflow_call.inputs.<inputs_id>.default");
        ExprType t = switch (i.type()) {
          case STRING -> ExprType.STRING;
          case BOOLEAN -> ExprType.BOOL;
          case NUMBER -> ExprType.NUMBER;
          default -> ExprType.ANY;
        };
        if (ts.size() == 1 && i.defaultValue().isExpression()) {
          ExprType got = ts.get(0).type();
          if (t == ExprType.BOOL && got != ExprType.BOOL && got != ExprType.ANY) {
            add(i.defaultValue().pos(), "type of input " + Quotes.quote(i.name().value()) + " must be bool but found type " + got);
          }
          if (t == ExprType.NUMBER && got != ExprType.NUMBER && got != ExprType.ANY) {
            add(i.defaultValue().pos(), "type of input " + Quotes.quote(i.name().value()) + " must be number but found type " + got);
          }
        }
        props.put(lower(i.name().value()), t);
        inputs = ObjectType.strict(props);
      }
      if (inputs == null) inputs = ObjectType.strict(Map.of());
      if (c.secrets() != null) {
        Map<String, ExprType> s = new HashMap<>();
        c.secrets().forEach((id, sec) -> {
          s.put(lower(id), ExprType.STRING);
          string(sec.description(), "");
        });
        secrets = ObjectType.strict(s);
      }
      for (Event.CallOutput o : c.outputs().values()) string(o.description(), "");
    } else if (e instanceof Event.ImageVersion v) {
      strings(v.names(), "");
      strings(v.versions(), "");
    }
  }

  private void callOutputs(Event.Call call) {
    if (call.outputs().isEmpty() || workflow.jobs().isEmpty()) return;
    Map<String, ExprType> props = new HashMap<>();
    workflow.jobs().forEach((id, j) -> {
      ObjectType outputs = j.call() != null ? ObjectType.looseEmpty() : outputsType(j);
      props.put(lower(id), ObjectType.strict(Map.of("outputs", outputs)));
    });
    jobs = ObjectType.strict(props);
    for (Event.CallOutput o : call.outputs().values()) string(o.value(), "on.workflow_call.outputs.<output_id>.value");
    jobs = null;
  }

  // ---- jobs ----

  private void job(Job j) {
    needs = needsType(j);
    matrix = j.strategy() != null && j.strategy().matrix() != null ? matrixType(j.strategy().matrix()) : null;
    string(j.name(), "jobs.<job_id>.name");
    strings(j.needsOrEmpty(), "");
    if (j.runsOn() != null) {
      Job.RunsOn r = j.runsOn();
      if (r.labelsExpression() != null) {
        ExprType t = one(r.labelsExpression(), "runner label at \"runs-on\" section", "jobs.<job_id>.runs-on");
        if (t != null && !(t instanceof ArrayType) && t != ExprType.STRING && t != ExprType.ANY) {
          add(r.labelsExpression().pos(), "type of expression at \"runs-on\" must be string or array but found type \"" + t + "\"");
        }
      } else if (r.labels() != null) {
        strings(r.labels(), "jobs.<job_id>.runs-on");
      }
      string(r.group(), "jobs.<job_id>.runs-on");
    }
    concurrency(j.concurrency(), "jobs.<job_id>.concurrency");
    env(j.env(), "jobs.<job_id>.env");
    defaults(j.defaults(), "jobs.<job_id>.defaults.run");
    ifCondition(j.ifCondition(), "jobs.<job_id>.if");
    if (j.strategy() != null) {
      bool(j.strategy().failFast(), "jobs.<job_id>.strategy");
      number(j.strategy().maxParallel(), "integer value", "jobs.<job_id>.strategy");
    }
    bool(j.continueOnError(), "jobs.<job_id>.continue-on-error");
    number(j.timeoutMinutes(), "float number value", "jobs.<job_id>.timeout-minutes");
    container(j.container(), "jobs.<job_id>.container", "");
    if (j.services() != null) {
      if (j.services().expression() != null) object(j.services().expression(), "services", "jobs.<job_id>.services");
      else j.services().services().values().forEach(s -> container(s.container(), "jobs.<job_id>.services", "<service_id>"));
    }
    if (j.call() != null) call(j.call());
    steps = ObjectType.strict(Map.of());
    Map<String, ExprType> stepProps = new HashMap<>();
    boolean looseSteps = false;
    if (j.steps() != null) {
      for (Step s : j.steps()) {
        step(s);
        if (s.id() != null && !s.id().isEmpty()) {
          if (s.id().containsExpression()) {
            string(s.id(), NO_CONTEXT);
            looseSteps = true;
          }
          ExprType outputs = s.exec() instanceof Step.Action a && a.uses() != null
              && a.uses().value().startsWith("actions/github-script@") ? ObjectType.looseEmpty() : ObjectType.mapOf(ExprType.STRING);
          stepProps.put(lower(s.id().value()), ObjectType.strict(Map.of(
              "outputs", outputs, "conclusion", ExprType.STRING, "outcome", ExprType.STRING)));
          steps = looseSteps ? ObjectType.loose(stepProps) : ObjectType.strict(stepProps);
        }
      }
    }
    if (j.environment() != null) {
      string(j.environment().name(), "jobs.<job_id>.environment");
      string(j.environment().url(), "jobs.<job_id>.environment.url");
    }
    if (j.outputs() != null) j.outputs().values().forEach(o -> string(o.value(), "jobs.<job_id>.outputs.<output_id>"));
    matrix = steps = needs = null;
  }

  private void step(Step s) {
    string(s.name(), "jobs.<job_id>.steps.name");
    ifCondition(s.ifCondition(), "jobs.<job_id>.steps.if");
    if (s.exec() instanceof Step.Run r) {
      script(r.script(), "jobs.<job_id>.steps.run");
      string(r.shell(), NO_CONTEXT);
      string(r.workingDirectory(), "jobs.<job_id>.steps.working-directory");
    } else if (s.exec() instanceof Step.Action a) {
      string(a.uses(), "");
      boolean githubScript = a.uses() != null && a.uses().value().startsWith("actions/github-script@");
      a.inputs().forEach((name, i) -> {
        if (githubScript && name.equals("script")) script(i.value(), "jobs.<job_id>.steps.with");
        else string(i.value(), "jobs.<job_id>.steps.with");
      });
      string(a.entrypoint(), "jobs.<job_id>.steps.with");
      string(a.args(), "jobs.<job_id>.steps.with");
    }
    env(s.env(), "jobs.<job_id>.steps.env");
    bool(s.continueOnError(), "jobs.<job_id>.steps.continue-on-error");
    number(s.timeoutMinutes(), "float number value", "jobs.<job_id>.steps.timeout-minutes");
  }

  private void call(Job.WorkflowCall c) {
    string(c.uses(), "");
    c.inputs().values().forEach(i -> string(i.value(), "jobs.<job_id>.with.<with_id>"));
    if (c.secrets() != null) c.secrets().values().forEach(s -> string(s.value(), "jobs.<job_id>.secrets.<secrets_id>"));
  }

  private ObjectType needsType(Job job) {
    Map<String, ExprType> props = new HashMap<>();
    for (Str id : job.needsOrEmpty()) {
      String i = lower(id.value());
      if (i.equals(lower(job.id().value())) || props.containsKey(i)) continue;
      Job j = findJob(i);
      if (j == null) continue;
      ObjectType outputs = j.call() != null ? ObjectType.mapOf(ExprType.STRING) : outputsType(j);
      props.put(i, ObjectType.strict(Map.of("outputs", outputs, "result", ExprType.STRING)));
    }
    return ObjectType.strict(props);
  }

  private Job findJob(String lowerId) {
    for (Job j : workflow.jobs().values()) if (lower(j.id().value()).equals(lowerId)) return j;
    return null;
  }

  private static ObjectType outputsType(Job j) {
    Map<String, ExprType> p = new HashMap<>();
    if (j.outputs() != null) j.outputs().keySet().forEach(n -> p.put(lower(n), ExprType.STRING));
    return ObjectType.strict(p);
  }

  // ---- matrix ----

  private ObjectType matrixType(Job.Matrix m) {
    if (m.expression() != null) {
      ExprType t = object(m.expression(), "matrix", "jobs.<job_id>.strategy");
      if (!(t instanceof ObjectType o)) return ObjectType.looseEmpty();
      Map<String, ExprType> props = new HashMap<>(o.props());
      ExprType include = props.remove("include");
      props.remove("exclude");
      if (include instanceof ArrayType a && a.elem() instanceof ObjectType io) {
        io.props().forEach((n, p) -> props.merge(n, p, ExprType::merge));
      }
      return o.isStrict() ? ObjectType.strict(props) : ObjectType.loose(props);
    }
    if (m.exclude() != null) {
      if (m.exclude().expression() != null) {
        ExprType t = array(m.exclude().expression(), "exclude", "jobs.<job_id>.strategy");
        if (t instanceof ArrayType a) objectType(a.elem(), m.exclude().expression().pos(), "exclude");
      } else {
        for (Job.Combination c : m.exclude().combinations()) {
          if (c.expression() != null) object(c.expression(), "exclude", "jobs.<job_id>.strategy");
          else c.assigns().values().forEach(a -> raw(a.value()));
        }
      }
    }
    Map<String, ExprType> props = new HashMap<>();
    m.rows().forEach((n, r) -> props.put(lower(n), row(r)));
    ObjectType o = ObjectType.strict(props);
    if (m.include() == null) return o;
    if (m.include().expression() != null) {
      ExprType t = one(m.include().expression(), "include", "jobs.<job_id>.strategy");
      if (t instanceof ArrayType a && o.merge(a.elem()) instanceof ObjectType merged) return merged;
      return ObjectType.looseEmpty();
    }
    boolean loose = false;
    for (Job.Combination c : m.include().combinations()) {
      if (c.expression() != null) {
        ExprType t = one(c.expression(), "matrix combination at element of include section", "jobs.<job_id>.strategy");
        if (t instanceof ObjectType to) to.props().forEach((n, p) -> props.merge(n, p, ExprType::merge));
        else if (t != null) loose = true;
        continue;
      }
      c.assigns().forEach((n, a) -> props.merge(lower(n), raw(a.value()), ExprType::merge));
    }
    return loose ? ObjectType.loose(props) : ObjectType.strict(props);
  }

  private ExprType row(Job.Row r) {
    if (r.expression() != null) {
      ExprType t = array(r.expression(), "matrix row", "jobs.<job_id>.strategy");
      return t instanceof ArrayType a ? a.elem() : ExprType.ANY;
    }
    if (r.values() == null) return ExprType.ANY;
    ExprType t = null;
    for (RawValue v : r.values()) {
      ExprType x = raw(v);
      t = t == null ? x : t.merge(x);
    }
    return t == null ? ExprType.ANY : t;
  }

  private ExprType raw(RawValue v) {
    if (v instanceof RawValue.Obj o) {
      Map<String, ExprType> m = new HashMap<>();
      o.props().forEach((k, p) -> m.put(lower(k), raw(p)));
      return ObjectType.strict(m);
    }
    if (v instanceof RawValue.Array a) {
      if (a.items().isEmpty()) return new ArrayType(ExprType.ANY);
      ExprType elem = null;
      for (RawValue i : a.items()) {
        ExprType x = raw(i);
        elem = elem == null ? x : elem.merge(x);
      }
      return new ArrayType(elem);
    }
    Str s = ((RawValue.Text) v).value();
    List<Typed> ts = expressions(s, false, "jobs.<job_id>.strategy");
    if (s.isExpression()) return ts != null && ts.size() == 1 ? ts.get(0).type() : ExprType.ANY;
    String t = s.value().strip();
    if (t.equals("true") || t.equals("false")) return ExprType.BOOL;
    if (t.equals("null")) return ExprType.NULL;
    try {
      Double.parseDouble(t);
      return ExprType.NUMBER;
    } catch (NumberFormatException e) {
      return ExprType.STRING;
    }
  }

  // ---- sections ----

  private void env(Workflow.Env env, String key) {
    if (env == null) return;
    if (env.vars() != null) {
      for (Workflow.EnvVar v : env.vars().values()) {
        string(v.name(), key);
        string(v.value(), key);
      }
    } else {
      object(env.expression(), "env", key);
    }
  }

  private void container(Job.Container c, String key, String childPrefix) {
    if (c == null) return;
    String child = childPrefix.isEmpty() ? key : key + "." + childPrefix;
    string(c.image(), key);
    if (c.credentials() != null) {
      String k = child + ".credentials";
      if (c.credentials().expression() != null) object(c.credentials().expression(), "credentials", k);
      else {
        string(c.credentials().username(), k);
        string(c.credentials().password(), k);
      }
    }
    env(c.env(), child + ".env.<env_id>");
    if (c.ports() != null) strings(c.ports(), key);
    if (c.volumes() != null) strings(c.volumes(), key);
    string(c.options(), key);
  }

  private void concurrency(Workflow.Concurrency c, String key) {
    if (c == null) return;
    string(c.group(), key);
    bool(c.cancelInProgress(), key);
  }

  private void defaults(Workflow.Defaults d, String key) {
    if (d == null) return;
    string(d.shell(), key);
    string(d.workingDirectory(), key);
  }

  private void ifCondition(Str s, String key) {
    if (s == null) return;
    ExprType condition = null;
    if (s.containsExpression()) {
      List<Typed> ts = string(s, key);
      if (ts.size() == 1 && s.isExpression()) condition = ts.get(0).type();
    } else {
      // An if: without ${{ }} is an expression all the same.
      condition = checkBody(s, s.value(), 0, false, key);
    }
    if (condition != null && condition != ExprType.BOOL && condition != ExprType.ANY && !ExprType.BOOL.accepts(condition)) {
      add(s.pos(), "\"if\" condition should be type \"bool\" but got type \"" + condition + "\"");
    }
  }

  // ---- typed checks of one value ----

  private void bool(Scalar<Boolean> b, String key) {
    if (b == null || b.expression() == null) return;
    ExprType t = one(b.expression(), "bool value", key);
    if (t != null && t != ExprType.BOOL && t != ExprType.ANY) {
      add(b.expression().pos(), "type of expression must be bool but found type " + t);
    }
  }

  private void number(Scalar<? extends Number> n, String what, String key) {
    if (n == null || n.expression() == null) return;
    ExprType t = one(n.expression(), what, key);
    if (t != null) numberType(t, n.expression().pos(), what);
  }

  private ExprType object(Str s, String what, String key) {
    if (s == null) return null;
    ExprType t = one(s, what, key);
    return t == null ? null : objectType(t, s.pos(), what);
  }

  private ExprType objectType(ExprType t, Pos pos, String what) {
    if (t instanceof ObjectType || t == ExprType.ANY) return t;
    add(pos, "type of expression at " + Quotes.quote(what) + " must be object but found type " + t);
    return null;
  }

  private ExprType array(Str s, String what, String key) {
    if (s == null) return null;
    ExprType t = one(s, what, key);
    if (t == null || t instanceof ArrayType || t == ExprType.ANY) return t;
    add(s.pos(), "type of expression at " + Quotes.quote(what) + " must be array but found type " + t);
    return null;
  }

  private void numberType(ExprType t, Pos pos, String what) {
    if (t == ExprType.NUMBER || t == ExprType.ANY) return;
    add(pos, "type of expression at " + Quotes.quote(what) + " must be number but found type " + t);
  }

  /** The type of the one {@code ${{ }}} that {@code s} must hold, or null after a problem. */
  private ExprType one(Str s, String what, String key) {
    if (s == null) return null;
    List<Typed> ts = expressions(s, false, key);
    if (ts == null) return null;
    if (ts.size() != 1) {
      add(s.pos(), "one ${{ }} expression should be included in " + Quotes.quote(what) + " value but got " + ts.size() + " expressions");
      return null;
    }
    return ts.get(0).type();
  }

  private void strings(List<Str> ss, String key) {
    if (ss != null) for (Str s : ss) string(s, key);
  }

  private List<Typed> string(Str s, String key) {
    if (s == null) return List.of();
    List<Typed> ts = expressions(s, false, key);
    if (ts == null) return List.of();
    printable(ts);
    return ts;
  }

  private void script(Str s, String key) {
    if (s == null) return;
    List<Typed> ts = expressions(s, true, key);
    if (ts != null) printable(ts);
  }

  private void printable(List<Typed> ts) {
    for (Typed t : ts) ExprChecker.templateValueProblem(t.type()).ifPresent(m -> add(t.pos(), m));
  }

  /** Checks each template of {@code s}; null when one of them has a problem. */
  private List<Typed> expressions(Str s, boolean untrusted, String key) {
    if (!s.value().contains("${{")) return List.of();
    Templates.Scan scan = Templates.scan(s.value());
    List<Typed> out = new ArrayList<>();
    boolean ok = true;
    for (Template t : scan.templates()) {
      ExprType type = checkBody(s, t.body(), t.bodyStart(), untrusted, key);
      if (type == null) ok = false;
      else out.add(new Typed(type, s.posAt(t.start())));
    }
    for (ExprError e : scan.errors()) {
      add(s.posAt(e.offset()), e.message());
      ok = false;
    }
    return ok ? out : null;
  }

  /** Parses and checks one expression body found at {@code offset} of {@code s}. */
  private ExprType checkBody(Str s, String body, int offset, boolean untrusted, String key) {
    ExprParser.Result parsed = ExprParser.parse(body);
    if (!parsed.ok()) {
      add(s.posAt(offset + parsed.error().offset()), parsed.error().message());
      return null;
    }
    Expr expr = parsed.expr();
    ExprChecker.Result r = checker(key).check(expr);
    for (ExprError e : r.errors()) add(s.posAt(offset + e.offset()), e.message());
    if (untrusted) {
      for (ExprError e : UntrustedInputs.find(expr)) add(s.posAt(offset + e.offset()), e.message());
    }
    return r.errors().isEmpty() ? r.type() : null;
  }

  private ExprChecker checker(String key) {
    ExprChecker.Builder b = ExprChecker.builder();
    if (inputs != null) b.inputs(inputs);
    if (dispatchInputs != null) b.dispatchInputs(dispatchInputs);
    if (secrets != null) b.secrets(secrets);
    if (matrix != null) b.matrix(matrix);
    if (steps != null) b.steps(steps);
    if (needs != null) b.needs(needs);
    if (jobs != null) b.jobs(jobs);
    if (key.equals(NO_CONTEXT)) b.contexts(List.of()).specialFunctions(List.of());
    else if (!key.isEmpty()) b.availability(ContextAvailability.of(key));
    return b.build();
  }

  private void add(Pos pos, String message) {
    report.add(pos, message, RULE);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
