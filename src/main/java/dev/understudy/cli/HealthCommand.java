package dev.understudy.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "health",
    description = {"Show the daemon's health checks: state (ok, warning, failing, recovered), since when, why, the last recovery "
        + "and trend warnings, worst first.",
        "--json prints an array of {check, system, subject, kind, status, since, problemSince, reason, last, value, trend, recovery}."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:no check is failing", "1:a check is failing", "3:no daemon is running"})
final class HealthCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print a JSON array.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String body = Faces.get(err, "/api/health/checks");
    List<Map<String, Object>> checks = Json.array(body);
    boolean failing = checks.stream().anyMatch(c -> "failing".equals(c.get("status")));
    if (json) {
      out.println(body);
    } else if (checks.isEmpty()) {
      out.println("No checks yet: the first probes run within their interval.");
    } else {
      Table t = new Table("CHECK", "STATUS", "SINCE", "DETAIL");
      for (Map<String, Object> c : checks) {
        String detail = c.get("reason") != null && !"ok".equals(c.get("status")) ? Faces.str(c.get("reason")) : Faces.str(c.get("last"));
        t.row(c.get("check"), c.get("status"), Faces.relative(Faces.str(c.get("since"))), detail == null ? "" : detail);
      }
      t.print(out);
      for (Map<String, Object> c : checks) {
        if (c.get("trend") != null) out.println("trend: " + c.get("trend"));
        if (c.get("recovery") != null) out.println("recovery " + c.get("check") + ": " + c.get("recovery"));
      }
      long n = checks.stream().filter(c -> "failing".equals(c.get("status"))).count();
      long w = checks.stream().filter(c -> "warning".equals(c.get("status"))).count();
      out.println(checks.size() + " checks: " + n + " failing, " + w + " warning");
    }
    out.flush();
    return failing ? Main.FAILED : Main.OK;
  }
}
