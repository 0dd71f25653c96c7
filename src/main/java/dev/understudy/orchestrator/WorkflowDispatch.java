package dev.understudy.orchestrator;

import dev.understudy.config.ConfigException;
import dev.understudy.config.ConfigLoader;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.daemon.Version;
import dev.understudy.systems.actions.WorkflowRestore;
import dev.understudy.systems.actions.github.Dispatch;
import dev.understudy.systems.actions.github.Git;
import dev.understudy.systems.actions.github.GitHubAccess;
import dev.understudy.systems.actions.github.GitHubClient;
import dev.understudy.systems.actions.github.GitHubException;
import dev.understudy.systems.actions.github.Repository;
import dev.understudy.util.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code understudy trigger workflow} does, in this process: checks the workflow and its
 * inputs here, then dispatches it on GitHub ({@code workflow_dispatch}).
 */
public final class WorkflowDispatch {
  /** The longest rate-limit wait a person at a terminal sits out. */
  public static final Duration CLI_MAX_RATE_LIMIT_WAIT = Duration.ofMinutes(1);

  private WorkflowDispatch() {}

  /** What was dispatched: a line saying so, and the page to watch it on. */
  public record Done(String summary, String url) {}

  /** The dispatch did not happen; {@code badInput} tells a user's mistake from GitHub's refusal. */
  public static final class Refused extends Exception {
    public final boolean badInput;

    Refused(String message, boolean badInput) {
      super(message, null, false, false);
      this.badInput = badInput;
    }
  }

  /**
   * Dispatches {@code name} of the project at {@code ref} (null: the checked-out branch) with
   * {@code inputs}; {@code env} gives the token and overrides, {@code notes} the client's notes
   * and the local check's warnings as they come.
   */
  public static Done dispatch(Path dir, String name, String ref, Map<String, String> inputs, Map<String, String> env,
      Sleeper sleeper, Consumer<String> notes) throws Refused {
    UnderstudyConfig config;
    try {
      config = new ConfigLoader(env).read(dir);
    } catch (ConfigException e) {
      throw new Refused(e.getMessage(), true);
    }
    Path workflows = dir.resolve(WorkflowRestore.WORKFLOWS_DIR);
    String file;
    Dispatch.Checked checked;
    try {
      file = Dispatch.resolve(workflows, name);
      checked = Dispatch.check(workflows.resolve(file), inputs);
    } catch (Dispatch.InputException e) {
      throw new Refused(e.getMessage(), true);
    }
    GitHubAccess access = GitHubAccess.discover(config.githubActions(), dir, env);
    if (access.token().isEmpty()) {
      throw new Refused("no GitHub token: set " + String.join(" or ", access.tokenVariables())
          + " to a token that may run workflows (a fine-grained token with 'Actions: read and write' on the repository)", true);
    }
    if (access.repository().isEmpty()) {
      throw new Refused("no GitHub repository: " + access.repositorySource()
          + ": set githubActions.repository: owner/name in understudy.yml", true);
    }
    String r = ref;
    if (r == null || r.isBlank()) {
      Optional<String> branch = Git.currentBranch(dir);
      if (branch.isEmpty()) {
        throw new Refused("no branch is checked out in " + dir + " (detached HEAD, or not a git repository): pass --ref BRANCH", true);
      }
      r = branch.get();
    }
    Repository repo = access.repository().get();
    dev.understudy.engine.logs.EnvToken token = access.token().get();
    GitHubClient gh = new GitHubClient(access.apiUrl(), token.value(), token.variable(),
        GitHubClient.Options.DEFAULTS.withMaxRateLimitWait(CLI_MAX_RATE_LIMIT_WAIT).withUserAgent("understudy/" + Version.get()),
        Clock.systemUTC(), sleeper, notes);
    checked.warnings().forEach(notes);
    GitHubClient.Dispatched done;
    try {
      // First read the workflow: it proves the token, the repository and the file with GitHub's own
      // message (a 401 to a POST loses its body in HttpURLConnection), and a disabled workflow is named.
      GitHubClient.Workflow w = gh.workflow(repo, file);
      if (!w.state().equals("active")) {
        throw new Refused(file + " is " + w.state() + " on " + repo + ", so GitHub will not run it: enable it on GitHub"
            + " (Actions tab, or 'gh workflow enable " + file + "') and try again", false);
      }
      done = gh.dispatch(repo, file, r, checked.inputs());
    } catch (GitHubException e) {
      throw new Refused("dispatching " + file + " on " + repo + " failed: " + e.getMessage(), false);
    }
    StringBuilder what = new StringBuilder("dispatched ").append(file).append(" on ").append(repo).append(" at ").append(r);
    if (!checked.inputs().isEmpty()) {
      what.append(" with ");
      checked.inputs().forEach((k, v) -> what.append(k).append('=').append(v).append(' '));
      what.setLength(what.length() - 1);
    }
    what.append(" (GitHub answered ").append(done.status()).append(')');
    return new Done(what.toString(), done.htmlUrl().orElse(Dispatch.runsPage(access.apiUrl(), repo, file)));
  }

}
