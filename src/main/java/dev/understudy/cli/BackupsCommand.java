package dev.understudy.cli;

import dev.understudy.daemon.DaemonHome;
import dev.understudy.orchestrator.FunctionRecovery;
import dev.understudy.orchestrator.Recovery;
import dev.understudy.orchestrator.WorkflowRecovery;
import dev.understudy.engine.keep.GoodCopies;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "backups",
    description = "List the last-known-good copies kept in the home.",
    subcommands = {BackupsCommand.Workflow.class, BackupsCommand.Function.class})
final class BackupsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Retention is read by the daemon, not here: listing and restoring keep everything. */
  static WorkflowRecovery recovery(Path dir, DaemonHome home) {
    return WorkflowRecovery.open(dir, places(home), 1);
  }

  static FunctionRecovery functions(Path dir, DaemonHome home) {
    return FunctionRecovery.open(dir, places(home), 1);
  }

  private static WorkflowRecovery.Places places(DaemonHome home) {
    return new WorkflowRecovery.Places(home.backupsDir(), home.rejectedDir(), home.root().resolve("secrets"));
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "workflow", description = {"List the good copies of one workflow file, newest (1) first.",
      "Pick one with 'understudy restore workflow NAME --to N'. Needs no daemon."})
  static final class Workflow extends Listing {
    @Parameters(index = "0", paramLabel = "NAME", description = "The workflow's file name, with or without .yml/.yaml.")
    String name;

    @Override
    String name() {
      return name;
    }

    @Override
    Recovery recovery(Path dir) {
      return BackupsCommand.recovery(dir, DaemonHome.fromEnvironment());
    }
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "function", description = {"List the good copies of one Netlify function's main file, newest (1) first.",
      "Pick one with 'understudy restore function NAME --to N'. Needs no daemon."})
  static final class Function extends Listing {
    @Parameters(index = "0", paramLabel = "NAME", description = "The function's name (hello) or its file in the functions folder (hello.mjs).")
    String name;

    @Override
    String name() {
      return name;
    }

    @Override
    Recovery recovery(Path dir) {
      return functions(dir, DaemonHome.fromEnvironment());
    }
  }

  /** What both kinds print: a table of copies, or a JSON array. */
  abstract static class Listing implements Callable<Integer> {
    @Option(names = "--project", description = "The project directory (default: the current one).", defaultValue = ".")
    Path project;

    @Option(names = "--json", description = "Print them as a JSON array.")
    boolean json;

    @Spec CommandSpec spec;

    abstract String name();

    abstract Recovery recovery(Path dir);

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Path dir = project.toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        err.println("understudy: project directory " + dir + " does not exist: pass an existing directory with --project DIR");
        return Main.BAD_INPUT;
      }
      Recovery r = recovery(dir);
      String file;
      try {
        file = r.resolve(name());
      } catch (Recovery.NotFound e) {
        err.println("understudy: " + e.getMessage());
        return Main.BAD_INPUT;
      }
      List<GoodCopies.Copy> copies = r.copies(file);
      String current = r.currentSha(file);
      if (json) {
        StringBuilder b = new StringBuilder("[");
        for (GoodCopies.Copy c : copies) {
          if (b.length() > 1) b.append(',');
          b.append("\n  {\"number\": ").append(c.number()).append(", \"sha256\": \"").append(c.sha256())
              .append("\", \"savedAt\": \"").append(c.savedAt()).append("\", \"size\": ").append(c.size())
              .append(", \"current\": ").append(c.sha256().equals(current)).append('}');
        }
        out.println(b.append(copies.isEmpty() ? "]" : "\n]"));
        out.flush();
        return Main.OK;
      }
      if (copies.isEmpty()) {
        out.println("No good copy of " + file + " is kept in " + r.backupsRoot()
            + ": the daemon keeps one each time it sees the file valid.");
        out.flush();
        return Main.OK;
      }
      Table t = new Table("#", "SAVED (UTC)", "SHA-256", "BYTES", "");
      for (GoodCopies.Copy c : copies) {
        t.row(c.number(), c.savedAt(), c.shortSha(), c.size(), c.sha256().equals(current) ? "= current file" : "");
      }
      out.println(file + ": " + copies.size() + " good cop" + (copies.size() == 1 ? "y" : "ies") + " in " + copies.get(0).file().getParent()
          + (current.equals("missing") ? " (the file is missing)" : ""));
      t.print(out);
      out.flush();
      return Main.OK;
    }
  }
}
