package dev.understudy.cli;

import dev.understudy.orchestrator.Lifecycle;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code start-system}, {@code stop-system}, {@code restart-system NAME}, and {@code ensure}. */
abstract class SystemCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "pm2, githubActions, netlifyFunctions or gitSync (any case).")
  String name;

  @Spec CommandSpec spec;

  abstract String action();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String system;
    try {
      system = Lifecycle.system(name);
    } catch (IllegalArgumentException e) {
      err.println("understudy: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    DaemonClient c = Faces.requireDaemon(err);
    Map<String, Object> r = Json.object(Faces.ok(err, c.post("/api/systems/" + system + "/" + action())));
    out.println(r.get("message"));
    out.flush();
    return Boolean.TRUE.equals(r.get("running")) == !action().equals("stop") ? Main.OK : Main.FAILED;
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "start-system",
      description = "Start a system in the running daemon (also one disabled in understudy.yml, until the daemon stops).")
  static final class Start extends SystemCommand {
    String action() {
      return "start";
    }
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "stop-system",
      description = "Stop a system in the running daemon: its apps stop, its functions stop answering, its jobs are unregistered.")
  static final class Stop extends SystemCommand {
    String action() {
      return "stop";
    }
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "restart-system",
      description = "Stop a system, then start it again (its files are read anew).")
  static final class Restart extends SystemCommand {
    String action() {
      return "restart";
    }
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "ensure",
      description = "Make everything that should run run (enabled systems, errored apps, jobs, schedules) and print what changed.")
  static final class Ensure implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      DaemonClient c = Faces.requireDaemon(err);
      Object changes = Json.object(Faces.ok(err, c.post("/api/ensure"))).get("changes");
      List<?> list = changes instanceof List<?> l ? l : List.of();
      if (list.isEmpty()) out.println("nothing to change: everything that should run runs");
      for (Object o : list) out.println(o);
      out.flush();
      return list.stream().anyMatch(o -> String.valueOf(o).contains("could not")) ? Main.FAILED : Main.OK;
    }
  }
}
