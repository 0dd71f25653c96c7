package dev.understudy.cli;

import dev.understudy.orchestrator.WorkflowDispatch;
import dev.understudy.util.Sleeper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
      try {
        WorkflowDispatch.Done done = WorkflowDispatch.dispatch(dir, name, ref, given, env, sleeper, note -> {
          err.println("understudy: " + note);
          err.flush();
        });
        out.println(done.summary());
        out.println(done.url());
        return Main.OK;
      } catch (WorkflowDispatch.Refused e) {
        err.println("understudy: " + e.getMessage());
        return e.badInput ? Main.BAD_INPUT : Main.FAILED;
      }
    }

    private static int bad(PrintWriter err, String message) {
      err.println("understudy: " + message);
      return Main.BAD_INPUT;
    }
  }
}
