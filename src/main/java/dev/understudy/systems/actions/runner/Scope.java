package dev.understudy.systems.actions.runner;

import dev.understudy.systems.actions.expr.CaseInsensitiveMap;
import dev.understudy.systems.actions.expr.EvalContext;
import dev.understudy.systems.actions.expr.JobStatus;
import dev.understudy.systems.actions.expr.MapEvalContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a list of steps runs: a job, or a composite action inside it. It holds the contexts the
 * steps see and what the steps change for the ones after them: the environment
 * ({@code GITHUB_ENV}), the PATH additions ({@code GITHUB_PATH}), the {@code steps} context and
 * whether a step failed.
 */
final class Scope {
  final String jobId;
  final Map<String, Object> contexts = new LinkedHashMap<>();
  /** The {@code env} context: workflow and job env, then what steps wrote to GITHUB_ENV. */
  final Map<String, String> env;
  /** Added to PATH by GITHUB_PATH, in the order written; shared with the parent scope. */
  final List<String> path;
  final CaseInsensitiveMap steps = new CaseInsensitiveMap();
  final Path runnerTemp;
  final String defaultShell;
  final String defaultWorkingDirectory;
  final Scope parent;
  /** The folder of the action whose steps these are ({@code GITHUB_ACTION_PATH}), or null in a job. */
  Path actionPath;
  boolean failed;

  Scope(String jobId, Map<String, String> env, List<String> path, Path runnerTemp, String defaultShell,
      String defaultWorkingDirectory, Scope parent) {
    this.jobId = jobId;
    this.env = env;
    this.path = path;
    this.runnerTemp = runnerTemp;
    this.defaultShell = defaultShell;
    this.defaultWorkingDirectory = defaultWorkingDirectory;
    this.parent = parent;
    this.failed = parent != null && parent.failed;
  }

  /** A child scope for a composite action: its own steps and inputs, the environment given. */
  Scope composite(Map<String, String> env, Map<String, Object> inputs, Path actionPath) {
    Scope s = new Scope(jobId, new LinkedHashMap<>(env), path, runnerTemp, null, null, this);
    s.contexts.putAll(contexts);
    s.contexts.put("inputs", new CaseInsensitiveMap(inputs));
    s.actionPath = actionPath;
    if (contexts.get("github") instanceof Map<?, ?> g) {
      CaseInsensitiveMap github = new CaseInsensitiveMap();
      g.forEach((k, v) -> github.put(String.valueOf(k), v));
      github.put("action_path", actionPath.toString());
      s.contexts.put("github", github);
    }
    return s;
  }

  /** Records a variable written to GITHUB_ENV here and in every enclosing scope. */
  void setEnv(String name, String value) {
    for (Scope s = this; s != null; s = s.parent) s.env.put(name, value);
  }

  /** The expression context of one step: these contexts, with {@code env} and the status given. */
  EvalContext eval(Map<String, String> stepEnv, JobStatus status, Path workspace) {
    MapEvalContext.Builder b = MapEvalContext.builder();
    contexts.forEach(b::context);
    b.context("env", new CaseInsensitiveMap(new LinkedHashMap<>(stepEnv)));
    b.context("steps", steps);
    b.status(status);
    b.workspace(workspace);
    return b.build();
  }

  JobStatus status(boolean cancelled) {
    return JobStatus.of(!failed && !cancelled, failed, cancelled);
  }

  List<String> pathSnapshot() {
    return new ArrayList<>(path);
  }
}
