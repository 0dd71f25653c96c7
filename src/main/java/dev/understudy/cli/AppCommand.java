package dev.understudy.cli;

import dev.understudy.util.UrlParts;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code start-app}, {@code stop-app}, {@code restart-app}, {@code reload-app}, {@code delete-app}: one action on NAME or all. */
abstract class AppCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "An app of the ecosystem (as 'understudy ps' shows it), or all.")
  String name;

  @Spec CommandSpec spec;

  abstract String action();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DaemonClient c = Faces.requireDaemon(err);
    String path = "/api/apps/" + UrlParts.encode(name) + "/" + action();
    List<Map<String, Object>> done = Json.array(Faces.ok(err, c.post(path)));
    boolean failed = false;
    for (Map<String, Object> a : done) {
      if (a.get("error") != null) {
        failed = true;
        out.println(a.get("name") + ": failed: " + a.get("error") + (a.get("status") == null ? "" : " (now " + a.get("status") + ")"));
      } else {
        out.println(a.get("name") + ": " + a.get("status"));
      }
    }
    out.flush();
    return failed ? Main.FAILED : Main.OK;
  }

  @picocli.CommandLine.Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "start-app",
      description = "Start an app (or all), also one left errored.")
  static final class Start extends AppCommand {
    String action() {
      return "start";
    }
  }

  @picocli.CommandLine.Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "stop-app",
      description = "Stop an app (or all): SIGINT, then SIGKILL to the whole process tree after kill_timeout.")
  static final class Stop extends AppCommand {
    String action() {
      return "stop";
    }
  }

  @picocli.CommandLine.Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "restart-app",
      description = "Restart an app (or all).")
  static final class Restart extends AppCommand {
    String action() {
      return "restart";
    }
  }

  @picocli.CommandLine.Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "reload-app",
      description = "Reload an app (or all) without a gap: start the new one, wait until it is ready, then stop the old.")
  static final class Reload extends AppCommand {
    String action() {
      return "reload";
    }
  }

  @picocli.CommandLine.Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "delete-app",
      description = "Stop an app (or all) and drop it from 'ps'; start-app brings it back, and so does the next daemon start unless 'save' recorded it stopped.")
  static final class Delete extends AppCommand {
    String action() {
      return "delete";
    }
  }
}
