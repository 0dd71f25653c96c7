package dev.understudy.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "report",
    description = {"Have the daemon write a full status report (status, health checks, alerts, recent runs) to "
        + "reports/status-report.json under its home, and print where.",
        "--json prints {file}."})
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print {\"file\": PATH}.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String body = Faces.ok(err, Faces.requireDaemon(err).post("/api/reports"));
    if (json) {
      out.println(body);
    } else {
      Map<String, Object> m = Json.object(body);
      out.println("Status report written to " + m.get("file"));
    }
    out.flush();
    return Main.OK;
  }
}
