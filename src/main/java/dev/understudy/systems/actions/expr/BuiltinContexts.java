package dev.understudy.systems.actions.expr;

import java.util.LinkedHashMap;
import java.util.Map;

/** The default types of the contexts, before the workflow tells more (actionlint's defaults). */
final class BuiltinContexts {
  private BuiltinContexts() {}

  static final ExprType S = ExprType.STRING;
  static final ExprType N = ExprType.NUMBER;
  static final ExprType B = ExprType.BOOL;

  static final ObjectType GITHUB = github();

  static final ObjectType RUNNER = ObjectType.strict(Map.of(
      "arch", S, "debug", S, "environment", S, "name", S, "os", S, "temp", S, "tool_cache", S));

  static final ObjectType JOB = ObjectType.strict(Map.of(
      "check_run_id", N,
      "container", ObjectType.strict(Map.of("id", S, "network", S)),
      "services", ObjectType.mapOf(ObjectType.strict(Map.of(
          "id", S, "network", S, "ports", ObjectType.mapOf(S)))),
      "status", S));

  static final ObjectType STRATEGY = ObjectType.loose(Map.of(
      "fail-fast", B, "job-index", N, "job-total", N, "max-parallel", N));

  /** Secrets every workflow has, added to the ones a reusable workflow declares. */
  static final Map<String, ExprType> ALWAYS_SECRETS = Map.of(
      "github_token", S, "actions_step_debug", S, "actions_runner_debug", S);

  /** Name -> type of every context a checker knows by default. */
  static Map<String, ExprType> defaults() {
    Map<String, ExprType> m = new LinkedHashMap<>();
    m.put("env", ObjectType.mapOf(S));
    m.put("github", GITHUB);
    m.put("inputs", ObjectType.strictEmpty());
    m.put("job", JOB);
    m.put("matrix", ObjectType.looseEmpty());
    m.put("needs", ObjectType.strictEmpty());
    m.put("runner", RUNNER);
    m.put("secrets", ObjectType.mapOf(S));
    m.put("steps", ObjectType.strictEmpty());
    m.put("strategy", STRATEGY);
    m.put("vars", ObjectType.mapOf(S));
    return m;
  }

  private static ObjectType github() {
    Map<String, ExprType> p = new LinkedHashMap<>();
    for (String name : new String[] {"action", "action_path", "action_ref", "action_repository",
        "action_status", "actor", "actor_id", "api_url", "base_ref", "env", "event_name", "event_path",
        "graphql_url", "head_ref", "job", "output", "path", "ref", "ref_name", "ref_type", "repository",
        "repository_id", "repository_owner", "repository_owner_id", "repository_visibility",
        "repositoryurl", "run_attempt", "run_id", "run_number", "secret_source", "server_url", "sha",
        "state", "step_summary", "token", "triggering_actor", "workflow", "workflow_ref",
        "workflow_sha", "workspace"}) {
      p.put(name, S);
    }
    p.put("artifact_cache_size_limit", N);
    p.put("retention_days", N);
    p.put("ref_protected", B);
    // The event payload differs per event; it is left loose.
    p.put("event", ObjectType.looseEmpty());
    return ObjectType.strict(p);
  }
}
