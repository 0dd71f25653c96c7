package dev.understudy.cli;

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
import dev.understudy.systems.actions.github.Sleeper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "trigger", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, description = "Start an automation on its primary platform.", subcommands = {TriggerCommand.Workflow.class})
final class TriggerCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "workflow", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
      description = {"Dispatch a workflow on GitHub (workflow_dispatch), as the 'Run workflow' button does. Needs no daemon.",
          "The token comes from GITHUB_TOKEN or GH_TOKEN (or githubActions.tokenEnv); the repository from",
          "githubActions.repository or the project's origin remote."},
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:GitHub accepted the dispatch", "1:GitHub refused it or could not be reached",
          "2:bad input: an unknown workflow, a malformed --input, no token, no repository"})
  static final class Workflow implements Callable<Integer> {
    /** The longest rate-limit wait a person at a terminal sits out. */
    static final Duration CLI_MAX_RATE_LIMIT_WAIT = Duration.ofMinutes(1);

    @Parameters(index = "0", paramLabel = "NAME", description = "The workflow's file name in .github/workflows, with or without .yml/.yaml.")
    String name;

    @Option(names = "--ref", paramLabel = "REF", description = "The branch or tag to run it on (default: the branch checked out in the project).")
    String ref;

    @Option(names = {"--input", "-i"}, paramLabel = "KEY=VALUE", description = "A workflow_dispatch input; repeat for several.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--project", description = "The project directory (default: the current one).", defaultValue = ".")
    Path project;

    @Spec CommandSpec spec;

    private final Map<String, String> env;
    private final Sleeper sleeper;

    Workflow() {
      this(System.getenv(), Sleeper.REAL);
    }

    /** For tests: the environment to read the token and overrides from, and how to wait. */
    Workflow(Map<String, String> env, Sleeper sleeper) {
      this.env = env;
      this.sleeper = sleeper;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        return dispatch(out, err);
      } finally {
        out.flush();
        err.flush();
      }
    }

    private int dispatch(PrintWriter out, PrintWriter err) {
      Path dir = project.toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        return bad(err, "project directory " + dir + " does not exist: pass an existing directory with --project DIR");
      }
      Map<String, String> given = new LinkedHashMap<>();
      for (String kv : inputs) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          return bad(err, "--input '" + kv + "' is not KEY=VALUE: write e.g. --input environment=staging");
        }
        String key = kv.substring(0, eq).trim();
        if (key.isEmpty()) return bad(err, "--input '" + kv + "' has no key before '=': write e.g. --input environment=staging");
        if (given.put(key, kv.substring(eq + 1)) != null) return bad(err, "--input " + key + " is given twice: keep one");
      }
      UnderstudyConfig config;
      try {
        config = new ConfigLoader(env).read(dir);
      } catch (ConfigException e) {
        return bad(err, e.getMessage());
      }
      Path workflows = dir.resolve(WorkflowRestore.WORKFLOWS_DIR);
      String file;
      Dispatch.Checked checked;
      try {
        file = Dispatch.resolve(workflows, name);
        checked = Dispatch.check(workflows.resolve(file), given);
      } catch (Dispatch.InputException e) {
        return bad(err, e.getMessage());
      }
      GitHubAccess access = GitHubAccess.discover(config.githubActions(), dir, env);
      if (access.token().isEmpty()) {
        return bad(err, "no GitHub token: set " + String.join(" or ", access.tokenVariables())
            + " to a token that may run workflows (a fine-grained token with 'Actions: read and write' on the repository)");
      }
      if (access.repository().isEmpty()) {
        return bad(err, "no GitHub repository: " + access.repositorySource()
            + ": set githubActions.repository: owner/name in understudy.yml");
      }
      String r = ref;
      if (r == null || r.isBlank()) {
        Optional<String> branch = Git.currentBranch(dir);
        if (branch.isEmpty()) {
          return bad(err, "no branch is checked out in " + dir + " (detached HEAD, or not a git repository): pass --ref BRANCH");
        }
        r = branch.get();
      }
      Repository repo = access.repository().get();
      GitHubAccess.Token token = access.token().get();
      GitHubClient gh = new GitHubClient(access.apiUrl(), token.value(), token.variable(),
          GitHubClient.Options.DEFAULTS.withMaxRateLimitWait(CLI_MAX_RATE_LIMIT_WAIT).withUserAgent("understudy/" + Version.get()),
          Clock.systemUTC(), sleeper, note -> {
            err.println("understudy: " + note);
            err.flush();
          });
      checked.warnings().forEach(w -> err.println("understudy: " + w));
      GitHubClient.Dispatched done;
      try {
        // First read the workflow: it proves the token, the repository and the file with GitHub's own
        // message (a 401 to a POST loses its body in HttpURLConnection), and a disabled workflow is named.
        GitHubClient.Workflow w = gh.workflow(repo, file);
        if (!w.state().equals("active")) {
          err.println("understudy: " + file + " is " + w.state() + " on " + repo + ", so GitHub will not run it: enable it on GitHub"
              + " (Actions tab, or 'gh workflow enable " + file + "') and try again");
          return Main.FAILED;
        }
        done = gh.dispatch(repo, file, r, checked.inputs());
      } catch (GitHubException e) {
        err.println("understudy: dispatching " + file + " on " + repo + " failed: " + e.getMessage());
        return Main.FAILED;
      }
      StringBuilder what = new StringBuilder("dispatched ").append(file).append(" on ").append(repo).append(" at ").append(r);
      if (!checked.inputs().isEmpty()) {
        what.append(" with ");
        checked.inputs().forEach((k, v) -> what.append(k).append('=').append(v).append(' '));
        what.setLength(what.length() - 1);
      }
      what.append(" (GitHub answered ").append(done.status()).append(')');
      out.println(what);
      out.println(done.htmlUrl().orElse(Dispatch.runsPage(access.apiUrl(), repo, file)));
      return Main.OK;
    }

    private static int bad(PrintWriter err, String message) {
      err.println("understudy: " + message);
      return Main.BAD_INPUT;
    }
  }
}
