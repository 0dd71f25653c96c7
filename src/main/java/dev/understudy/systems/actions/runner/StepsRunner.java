package dev.understudy.systems.actions.runner;

import dev.understudy.systems.actions.expr.CaseInsensitiveMap;
import dev.understudy.systems.actions.expr.EvalContext;
import dev.understudy.systems.actions.expr.ExprEvaluationException;
import dev.understudy.systems.actions.expr.Expressions;
import dev.understudy.systems.actions.expr.Values;
import dev.understudy.systems.actions.model.ActionMetadata;
import dev.understudy.systems.actions.model.Scalar;
import dev.understudy.systems.actions.model.Step;
import dev.understudy.systems.actions.model.Str;
import dev.understudy.systems.actions.model.Workflow;
import dev.understudy.systems.actions.model.WorkflowParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the steps of one scope in order: each step's {@code if:} (with {@code success()} implied),
 * its environment, {@code run:} scripts through {@link ScriptStep}, and {@code uses:} actions
 * (the checkout, local composite and JavaScript actions, actions already on disk).
 * {@code continue-on-error} and {@code timeout-minutes} hold for every step.
 */
final class StepsRunner {
  static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(360);

  private final RunContext run;
  private final Instant jobDeadline;
  private final List<Runnable> postSteps;

  StepsRunner(RunContext run, Instant jobDeadline, List<Runnable> postSteps) {
    this.run = run;
    this.jobDeadline = jobDeadline;
    this.postSteps = postSteps;
  }

  /** Runs {@code steps} in {@code scope}; the scope records failures, outputs and env changes. */
  void runAll(List<Step> steps, Scope scope, String label) {
    int n = 0;
    for (Step step : steps) {
      n++;
      runOne(step, scope, label, n);
    }
  }

  private void runOne(Step step, Scope scope, String label, int index) {
    Path workspace = run.request.workspace();
    Map<String, String> stepEnv = new LinkedHashMap<>(scope.env);
    String name = displayName(step, index);
    String tag = "[" + label + "] ";
    StepResult.Outcome outcome;
    Map<String, String> outputs = Map.of();
    boolean continueOnError = false;
    try {
      EvalContext beforeEnv = scope.eval(stepEnv, scope.status(run.cancelled.get()), workspace);
      name = step.name() != null ? Expressions.interpolate(step.name().value(), beforeEnv) : name;
      String ifValue = step.ifCondition() == null ? "" : step.ifCondition().value();
      if (!Expressions.condition(ifValue, beforeEnv)) {
        run.log(tag + "- " + name + " (skipped)");
        record(step, scope, "skipped", "skipped", Map.of());
        return;
      }
      if (step.env() != null) stepEnv.putAll(evaluateEnv(step.env(), scope, stepEnv));
      EvalContext ctx = scope.eval(stepEnv, scope.status(run.cancelled.get()), workspace);
      continueOnError = bool(step.continueOnError(), ctx, false);
      Duration timeout = timeout(step.timeoutMinutes(), ctx);
      run.log(tag + "> " + name);
      StepOutcome result = step.exec() instanceof Step.Run r
          ? script(r, scope, stepEnv, ctx, timeout, tag)
          : action((Step.Action) step.exec(), scope, stepEnv, ctx, timeout, tag, step);
      outcome = result.outcome;
      outputs = result.outputs;
    } catch (ExprEvaluationException | RunnerException e) {
      run.log(tag + "! " + name + ": " + e.getMessage());
      outcome = StepResult.Outcome.FAILURE;
    } catch (RuntimeException e) {
      // A bug of ours fails this step, saying what it was, rather than the whole run.
      run.log(tag + "! " + name + ": internal error " + e + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""));
      outcome = StepResult.Outcome.FAILURE;
    }
    String conclusion = outcome == StepResult.Outcome.SUCCESS || continueOnError ? "success" : outcome.contextValue();
    run.log(tag + (outcome == StepResult.Outcome.SUCCESS ? "  ok: " : "  " + outcome.word() + ": ") + name
        + (outcome != StepResult.Outcome.SUCCESS && continueOnError ? " (continue-on-error)" : ""));
    if (!conclusion.equals("success")) scope.failed = true;
    record(step, scope, outcome.contextValue(), conclusion, outputs);
  }

  private record StepOutcome(StepResult.Outcome outcome, Map<String, String> outputs) {}

  private void record(Step step, Scope scope, String outcome, String conclusion, Map<String, String> outputs) {
    if (step.id() == null || step.id().isEmpty()) return;
    CaseInsensitiveMap entry = new CaseInsensitiveMap();
    entry.put("outputs", new CaseInsensitiveMap(new LinkedHashMap<>(outputs)));
    entry.put("outcome", outcome);
    entry.put("conclusion", conclusion);
    scope.steps.put(step.id().value(), entry);
  }

  private static String displayName(Step step, int index) {
    if (step.exec() instanceof Step.Run r && r.script() != null) {
      String first = r.script().value().strip().lines().findFirst().orElse("");
      return "Run " + (first.length() > 60 ? first.substring(0, 60) + "..." : first);
    }
    if (step.exec() instanceof Step.Action a && a.uses() != null) return "Run " + a.uses().value();
    return "step " + index;
  }

  // ---- run: ----

  private StepOutcome script(Step.Run r, Scope scope, Map<String, String> stepEnv, EvalContext ctx, Duration timeout,
      String tag) {
    String body = Expressions.interpolate(r.script().value(), ctx);
    String shell = r.shell() != null ? Expressions.interpolate(r.shell().value(), ctx) : scope.defaultShell;
    String dir = r.workingDirectory() != null ? Expressions.interpolate(r.workingDirectory().value(), ctx)
        : scope.defaultWorkingDirectory;
    return process(body, shell, dir, scope, stepEnv, timeout, tag, Map.of());
  }

  private StepOutcome process(String body, String shell, String dir, Scope scope, Map<String, String> stepEnv,
      Duration timeout, String tag, Map<String, String> extraEnv) {
    Map<String, String> env = run.standardEnv(scope.jobId, scope.runnerTemp);
    env.putAll(stepEnv);
    env.putAll(extraEnv);
    if (scope.actionPath != null) env.putIfAbsent("GITHUB_ACTION_PATH", scope.actionPath.toString());
    env.put("PATH", FileCommands.prependPath(env.getOrDefault("PATH", ""), scope.pathSnapshot()));
    Path workspace = run.request.workspace();
    Path cwd = dir == null || dir.isEmpty() ? workspace : workspace.resolve(dir);
    if (!Files.isDirectory(cwd)) throw new RunnerException("working-directory " + cwd + " does not exist");
    StepResult result;
    try {
      result = ScriptStep.builder(body)
          .shell(shell)
          .workingDirectory(cwd)
          .env(env)
          .tempDir(scope.runnerTemp)
          .fileCommandDir(scope.runnerTemp)
          .timeout(timeout)
          .masker(run.masker)
          .lines(line -> run.request.log().accept(tag + "  | " + line))
          .build()
          .run();
    } catch (StepException e) {
      throw new RunnerException(e.getMessage());
    }
    result.env().forEach(scope::setEnv);
    scope.path.addAll(result.path());
    return new StepOutcome(result.outcome(), result.outputs());
  }

  // ---- uses: ----

  private StepOutcome action(Step.Action a, Scope scope, Map<String, String> stepEnv, EvalContext ctx,
      Duration timeout, String tag, Step step) {
    String uses = Expressions.interpolate(a.uses().value(), ctx);
    if (uses.startsWith("docker://")) {
      throw new RunnerException("\"" + uses + "\" is a Docker image: Understudy runs no containers (there is no "
          + "Docker here); run the tool with a run: step instead");
    }
    if (isCheckout(uses)) {
      run.log(tag + "  | the workspace is the checkout: " + run.request.workspace());
      return new StepOutcome(StepResult.Outcome.SUCCESS, Map.of());
    }
    Path dir = actionDir(uses);
    ActionMetadata meta = metadata(dir, uses);
    Map<String, Object> inputs = inputs(meta, a, ctx, scope, stepEnv);
    ActionMetadata.Runs runs = meta.runs();
    if (runs.isComposite()) return composite(meta, dir, scope, stepEnv, inputs, tag, uses);
    if (runs.isNode()) return node(meta, dir, scope, stepEnv, inputs, timeout, tag, uses);
    throw new RunnerException("action " + uses + " runs with \"" + (runs.using() == null ? "?" : runs.using().value())
        + "\": Understudy runs composite and JavaScript (node) actions; a Docker action needs Docker, which is not here");
  }

  private static boolean isCheckout(String uses) {
    return uses.toLowerCase(Locale.ROOT).startsWith("actions/checkout@");
  }

  /** A local action's folder, or a remote action's when its code is on this machine. */
  private Path actionDir(String uses) {
    if (uses.startsWith("./") || uses.equals(".")) return run.request.workspace().resolve(uses).normalize();
    int at = uses.indexOf('@');
    String[] parts = (at < 0 ? uses : uses.substring(0, at)).split("/", 3);
    if (at < 0 || parts.length < 2) {
      throw new RunnerException("\"" + uses + "\" is not an action reference: write ./path/to/action or owner/repo@ref");
    }
    Path root = RemoteActions.root();
    Path dir = root.resolve(parts[0]).resolve(parts[1] + "@" + uses.substring(at + 1));
    if (parts.length == 3) dir = dir.resolve(parts[2]);
    if (!Files.isDirectory(dir)) {
      throw new RunnerException("action " + uses + " is not on this machine and Understudy fetches nothing from the "
          + "network: put its code at " + dir + " (e.g. git clone --depth 1 --branch " + uses.substring(at + 1)
          + " https://github.com/" + parts[0] + "/" + parts[1] + " " + root.resolve(parts[0]).resolve(parts[1] + "@"
          + uses.substring(at + 1)) + ") or copy it into the project and use it as ./path");
    }
    return dir;
  }

  private static ActionMetadata metadata(Path dir, String uses) {
    Path file = Files.isRegularFile(dir.resolve("action.yml")) ? dir.resolve("action.yml") : dir.resolve("action.yaml");
    if (!Files.isRegularFile(file)) {
      throw new RunnerException("action " + uses + " has no action.yml at " + dir);
    }
    WorkflowParser.ActionResult r;
    try {
      r = WorkflowParser.parseAction(Files.readString(file));
    } catch (IOException e) {
      throw new RunnerException("cannot read " + file + ": " + e.getMessage());
    }
    if (r.action() == null || r.action().runs() == null) {
      String why = r.problems().isEmpty() ? "no runs: section" : r.problems().get(0).pos() + ": " + r.problems().get(0).message();
      throw new RunnerException("action " + uses + ": " + file + ":" + why);
    }
    return r.action();
  }

  /** The action's inputs: the step's {@code with:}, then the action's defaults for the rest. */
  private Map<String, Object> inputs(ActionMetadata meta, Step.Action a, EvalContext ctx, Scope scope,
      Map<String, String> stepEnv) {
    Map<String, Object> inputs = new CaseInsensitiveMap();
    a.inputs().forEach((k, v) -> inputs.put(k, Expressions.interpolate(v.value().value(), ctx)));
    for (ActionMetadata.Input i : meta.inputs().values()) {
      String key = i.name().value();
      if (inputs.containsKey(key)) continue;
      if (i.defaultValue() != null) inputs.put(key, Expressions.interpolate(i.defaultValue().value(), ctx));
      else if (i.required()) throw new RunnerException("input \"" + key + "\" is required by the action and not given in with:");
      else inputs.put(key, "");
    }
    return inputs;
  }

  private StepOutcome composite(ActionMetadata meta, Path dir, Scope scope, Map<String, String> stepEnv,
      Map<String, Object> inputs, String tag, String uses) {
    Scope inner = scope.composite(stepEnv, inputs, dir);
    inner.failed = false;
    runAll(meta.runs().steps(), inner, tag.substring(1, tag.length() - 2) + " > " + uses);
    EvalContext ctx = inner.eval(inner.env, inner.status(run.cancelled.get()), run.request.workspace());
    Map<String, String> outputs = new LinkedHashMap<>();
    for (ActionMetadata.Output o : meta.outputs().values()) {
      if (o.value() == null) continue;
      try {
        outputs.put(o.name().value(), Expressions.interpolate(o.value().value(), ctx));
      } catch (ExprEvaluationException e) {
        run.log(tag + "! output " + o.name().value() + ": " + e.getMessage());
      }
    }
    return new StepOutcome(inner.failed ? StepResult.Outcome.FAILURE : StepResult.Outcome.SUCCESS, outputs);
  }

  private StepOutcome node(ActionMetadata meta, Path dir, Scope scope, Map<String, String> stepEnv,
      Map<String, Object> inputs, Duration timeout, String tag, String uses) {
    ActionMetadata.Runs runs = meta.runs();
    if (runs.main() == null) throw new RunnerException("action " + uses + " has no runs.main");
    Map<String, String> extra = new LinkedHashMap<>();
    inputs.forEach((k, v) -> extra.put("INPUT_" + k.replace(' ', '_').toUpperCase(Locale.ROOT), Values.toStringForTemplate(v)));
    extra.put("GITHUB_ACTION_PATH", dir.toString());
    if (runs.pre() != null) {
      StepOutcome pre = nodeScript(dir.resolve(runs.pre().value()), scope, stepEnv, extra, timeout, tag);
      if (pre.outcome != StepResult.Outcome.SUCCESS) return pre;
    }
    StepOutcome main = nodeScript(dir.resolve(runs.main().value()), scope, stepEnv, extra, timeout, tag);
    if (runs.post() != null) {
      Path post = dir.resolve(runs.post().value());
      Map<String, String> env = new LinkedHashMap<>(stepEnv);
      postSteps.add(0, () -> nodeScript(post, scope, env, extra, DEFAULT_STEP_TIMEOUT, tag + "(post) "));
    }
    return main;
  }

  private StepOutcome nodeScript(Path script, Scope scope, Map<String, String> stepEnv, Map<String, String> extra,
      Duration timeout, String tag) {
    Map<String, String> env = new LinkedHashMap<>(extra);
    env.put("UNDERSTUDY_ACTION_SCRIPT", script.toString());
    // The script's path travels in the environment, never pasted into the command.
    return process("exec node \"$UNDERSTUDY_ACTION_SCRIPT\"", "bash", null, scope, stepEnv, timeout, tag, env);
  }

  // ---- values ----

  private Map<String, String> evaluateEnv(Workflow.Env env, Scope scope, Map<String, String> current) {
    EvalContext ctx = scope.eval(current, scope.status(run.cancelled.get()), run.request.workspace());
    return JobRunner.env(env, ctx);
  }

  private Duration timeout(Scalar<Double> minutes, EvalContext ctx) {
    Duration d = DEFAULT_STEP_TIMEOUT;
    if (minutes != null) {
      Object v = minutes.isExpression() ? Expressions.evaluateValue(minutes.expression().value(), ctx) : minutes.value();
      double m = Values.toNumber(v);
      if (!Double.isNaN(m) && m > 0) d = Duration.ofMillis((long) (m * 60_000));
    }
    Duration left = Duration.between(Instant.now(), jobDeadline);
    return left.compareTo(d) < 0 ? (left.isNegative() ? Duration.ofMillis(1) : left) : d;
  }

  static boolean bool(Scalar<Boolean> b, EvalContext ctx, boolean fallback) {
    if (b == null) return fallback;
    if (b.isExpression()) return Values.isTruthy(Expressions.evaluateValue(b.expression().value(), ctx));
    return b.orElse(fallback);
  }

  static String str(Str s, EvalContext ctx) {
    return s == null ? null : Expressions.interpolate(s.value(), ctx);
  }
}
