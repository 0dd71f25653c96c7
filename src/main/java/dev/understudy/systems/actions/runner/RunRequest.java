package dev.understudy.systems.actions.runner;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What to run: one workflow file, for one event, in one workspace.
 *
 * @param eventName {@code push}, {@code workflow_dispatch}, {@code schedule}, ...
 * @param payload the event's payload ({@code github.event}); for a schedule, {@code schedule} is the cron
 * @param inputs {@code workflow_dispatch} inputs as given ({@code --input k=v})
 * @param secrets secret values by name; every value is masked in every line
 * @param vars configuration variables ({@code vars} context)
 * @param workspace the checkout the jobs run in ({@code GITHUB_WORKSPACE})
 * @param onlyJob run only this job (and the jobs it needs), or null for all
 * @param log where every output line goes, already masked
 * @param env variables given by the user ({@code --env}), under the workflow's own {@code env:}
 * @param actor who runs it ({@code github.actor}); the local user by default
 */
public record RunRequest(
    Path workflowFile,
    String eventName,
    Map<String, Object> payload,
    Map<String, String> inputs,
    Map<String, String> secrets,
    Map<String, String> vars,
    Path workspace,
    String onlyJob,
    Consumer<String> log,
    Map<String, String> env,
    String actor) {

  /** A request with no extra environment, run as the local user. */
  public RunRequest(Path workflowFile, String eventName, Map<String, Object> payload, Map<String, String> inputs,
      Map<String, String> secrets, Map<String, String> vars, Path workspace, String onlyJob, Consumer<String> log) {
    this(workflowFile, eventName, payload, inputs, secrets, vars, workspace, onlyJob, log, Map.of(),
        System.getProperty("user.name", "understudy"));
  }
}
