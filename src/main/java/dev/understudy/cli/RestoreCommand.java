package dev.understudy.cli;

import dev.understudy.engine.keep.Restorer;
import dev.understudy.daemon.DaemonHome;
import dev.understudy.orchestrator.Recovery;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "restore",
    description = "Write a last-known-good copy back into the project.",
    subcommands = {RestoreCommand.Workflow.class, RestoreCommand.Function.class})
final class RestoreCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "workflow",
      description = {"Write a good copy of a workflow file back over the current one (or where it was deleted).",
          "The bytes it replaces are kept under $UNDERSTUDY_HOME/rejected first. Needs no daemon."})
  static final class Workflow extends Restoring {
    @Parameters(index = "0", paramLabel = "NAME", description = "The workflow's file name, with or without .yml/.yaml (ci or ci.yml).")
    String name;

    @Override
    String name() {
      return name;
    }

    @Override
    Recovery recovery(Path dir, DaemonHome home) {
      return BackupsCommand.recovery(dir, home);
    }
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "function",
      description = {"Write a good copy of a Netlify function's main file back over the current one (or where it was deleted).",
          "The bytes it replaces are kept under $UNDERSTUDY_HOME/rejected first. Needs no daemon."})
  static final class Function extends Restoring {
    @Parameters(index = "0", paramLabel = "NAME", description = "The function's name (hello) or its file in the functions folder (hello.mjs).")
    String name;

    @Override
    String name() {
      return name;
    }

    @Override
    Recovery recovery(Path dir, DaemonHome home) {
      return BackupsCommand.functions(dir, home);
    }
  }

  /** What both kinds do: plan, show or apply, and say where the replaced bytes went. */
  abstract static class Restoring implements Callable<Integer> {
    @Option(names = "--to", paramLabel = "N", defaultValue = "1",
        description = "Which good copy: 1 = the newest (default), 2 the one before... 'understudy backups KIND NAME' lists them.")
    int to;

    @Option(names = "--dry-run", description = "Print the change as a unified diff and write nothing.")
    boolean dryRun;

    @Option(names = "--project", description = "The project directory (default: the current one).", defaultValue = ".")
    Path project;

    @Spec CommandSpec spec;

    abstract String name();

    abstract Recovery recovery(Path dir, DaemonHome home);

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Path dir = project.toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        err.println("understudy: project directory " + dir + " does not exist: pass an existing directory with --project DIR");
        return Main.BAD_INPUT;
      }
      DaemonHome home = DaemonHome.fromEnvironment();
      Recovery r = recovery(dir, home);
      Restorer.Plan plan;
      try {
        plan = r.plan(r.resolve(name()), to);
      } catch (Recovery.NotFound e) {
        err.println("understudy: " + e.getMessage());
        return Main.BAD_INPUT;
      } catch (IOException e) {
        err.println("understudy: cannot read the good copy: " + e.getMessage() + "; pick another with --to N");
        return Main.FAILED;
      }
      String what = "good copy #" + plan.copy().number() + " (" + plan.copy().shortSha() + ", saved " + plan.copy().savedAt() + ")";
      Path rel = dir.relativize(plan.file());
      if (!plan.changes()) {
        out.println(rel + " already holds " + what + ": nothing to do");
        out.flush();
        return Main.OK;
      }
      if (dryRun) {
        out.print(plan.diff());
        out.println("dry run: " + rel + " would be " + (plan.current().isPresent() ? "replaced" : "recreated") + " with " + what
            + "; nothing was written");
        out.flush();
        return Main.OK;
      }
      Restorer.Done done;
      try {
        done = r.restore(plan);
      } catch (IOException e) {
        err.println("understudy: restoring " + rel + " failed: " + e.getMessage() + ": check the permissions of " + plan.file().getParent()
            + " and " + home);
        return Main.FAILED;
      }
      out.println("restored " + rel + " from " + what);
      done.kept().ifPresent(p -> out.println("the replaced file is kept at " + p));
      if (Faces.daemon(home).isPresent()) out.println("the running daemon re-checks it within a second ('understudy status')");
      out.flush();
      return Main.OK;
    }
  }
}
