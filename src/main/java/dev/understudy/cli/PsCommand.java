package dev.understudy.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "ps",
    description = {"List the supervised processes, like 'pm2 ls': name, id, pid, status, restarts, uptime, cpu, memory.",
        "--json prints an array of {name, id, pid, status, restarts, uptimeMs, cpu, memoryBytes}; never environment values."})
final class PsCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print a JSON array.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return run(spec.commandLine().getOut(), spec.commandLine().getErr(), json);
  }

  /**
   * Whether {@code args} (after {@code ps}) are the plain forms {@link Main} runs without building
   * picocli's model: {@code ps} is what scripts and dashboards poll, and picocli's annotation
   * model costs about 90 ms of every start here.
   */
  static boolean plain(String[] args) {
    return args.length == 1 || (args.length == 2 && args[1].equals("--json"));
  }

  static int run(PrintWriter out, PrintWriter err, boolean json) throws java.io.IOException {
    String body = Faces.get(err, "/api/apps");
    if (json) {
      out.println(body);
      out.flush();
      return Main.OK;
    }
    List<Map<String, Object>> apps = Json.array(body);
    Table t = new Table("ID", "NAME", "PID", "STATUS", "RESTARTS", "UPTIME", "CPU", "MEMORY");
    for (Map<String, Object> a : apps) {
      Number uptime = (Number) a.get("uptimeMs");
      Number mem = (Number) a.get("memoryBytes");
      Number cpu = (Number) a.get("cpu");
      t.row(a.get("id"), a.get("name"), a.get("pid") == null ? "-" : a.get("pid"), a.get("status"), a.get("restarts"),
          uptime == null || uptime.longValue() <= 0 ? "-" : Faces.span(Duration.ofMillis(uptime.longValue())),
          cpu == null ? "-" : String.format("%.0f%%", cpu.doubleValue()),
          mem == null ? "-" : bytes(mem.longValue()));
    }
    if (t.isEmpty()) out.println("No supervised processes.");
    else t.print(out);
    out.flush();
    return Main.OK;
  }

  static String bytes(long b) {
    if (b < 1024) return b + " B";
    if (b < 1024 * 1024) return String.format("%.1f KB", b / 1024.0);
    if (b < 1024L * 1024 * 1024) return String.format("%.1f MB", b / (1024.0 * 1024));
    return String.format("%.2f GB", b / (1024.0 * 1024 * 1024));
  }
}
