package dev.understudy.systems.actions.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which contexts and special functions each workflow key may use, after GitHub's "Context
 * availability" table
 * (https://docs.github.com/en/actions/learn-github-actions/contexts#context-availability). Keys
 * are spelled as there: {@code jobs.<job_id>.steps.run}.
 *
 * @param key the workflow key
 * @param contexts the contexts allowed there, sorted
 * @param specialFunctions the special functions ({@code always}, {@code cancelled}, {@code
 *     failure}, {@code success}, {@code hashFiles}) allowed there, lower case, sorted
 */
public record ContextAvailability(String key, List<String> contexts, List<String> specialFunctions) {

  /** The functions that GitHub allows only at some keys, lower case. */
  public static final Set<String> SPECIAL_FUNCTIONS =
      Set.of("always", "cancelled", "failure", "success", "hashfiles");

  private static final String STEP_CONTEXTS =
      "env github inputs job matrix needs runner secrets steps strategy vars";
  private static final String JOB_CONTEXTS = "github inputs matrix needs strategy vars";
  private static final String STATUS_FUNCTIONS = "always cancelled failure success";

  private static final Map<String, ContextAvailability> TABLE = new LinkedHashMap<>();

  static {
    row("run-name", "github inputs vars", "");
    row("concurrency", "github inputs vars", "");
    row("env", "github inputs secrets vars", "");
    row("on.workflow_call.inputs.<inputs_id>.default", "github inputs vars", "");
    row("on.workflow_call.outputs.<output_id>.value", "github inputs jobs vars", "");
    row("jobs.<job_id>.if", "github inputs needs vars", STATUS_FUNCTIONS);
    row("jobs.<job_id>.strategy", "github inputs needs vars", "");
    row("jobs.<job_id>.env", "github inputs matrix needs secrets strategy vars", "");
    row("jobs.<job_id>.secrets.<secrets_id>", "github inputs matrix needs secrets strategy vars", "");
    for (String k : List.of("concurrency", "container", "container.image", "continue-on-error",
        "environment", "name", "runs-on", "services", "timeout-minutes", "with.<with_id>", "snapshot.if")) {
      row("jobs.<job_id>." + k, JOB_CONTEXTS, "");
    }
    row("jobs.<job_id>.defaults.run", "env github inputs matrix needs strategy vars", "");
    row("jobs.<job_id>.container.credentials", "env github inputs matrix needs secrets strategy vars", "");
    row("jobs.<job_id>.services.<service_id>.credentials",
        "env github inputs matrix needs secrets strategy vars", "");
    row("jobs.<job_id>.container.env.<env_id>",
        "env github inputs job matrix needs runner secrets strategy vars", "");
    row("jobs.<job_id>.services.<service_id>.env.<env_id>",
        "env github inputs job matrix needs runner secrets strategy vars", "");
    row("jobs.<job_id>.environment.url", "env github inputs job matrix needs runner steps strategy vars", "");
    row("jobs.<job_id>.outputs.<output_id>", STEP_CONTEXTS, "");
    row("jobs.<job_id>.steps.if", "env github inputs job matrix needs runner steps strategy vars",
        STATUS_FUNCTIONS + " hashfiles");
    for (String k : List.of("continue-on-error", "env", "name", "run", "timeout-minutes", "with",
        "working-directory")) {
      row("jobs.<job_id>.steps." + k, STEP_CONTEXTS, "hashfiles");
    }
  }

  private static void row(String key, String contexts, String functions) {
    TABLE.put(key, new ContextAvailability(key, words(contexts), words(functions)));
  }

  private static List<String> words(String s) {
    return s.isBlank() ? List.of() : List.of(s.trim().split(" +")).stream().sorted().toList();
  }

  /**
   * The availability at a workflow key.
   *
   * @throws IllegalArgumentException for a key not in GitHub's table
   */
  public static ContextAvailability of(String key) {
    ContextAvailability a = TABLE.get(key);
    if (a == null) throw new IllegalArgumentException("no context availability for workflow key " + key);
    return a;
  }

  /** All workflow keys of the table. */
  public static Set<String> keys() {
    return TABLE.keySet();
  }

  /** The workflow keys where a special function may be called, sorted; empty if not special. */
  public static List<String> keysAllowing(String function) {
    String f = function.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (ContextAvailability a : TABLE.values()) {
      if (a.specialFunctions.contains(f)) out.add(a.key);
    }
    out.sort(null);
    return out;
  }
}
