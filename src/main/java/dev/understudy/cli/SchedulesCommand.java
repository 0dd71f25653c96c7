package dev.understudy.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "schedules", description = "List every schedule the running daemon knows, its next slot and last outcome.")
final class SchedulesCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print them as a JSON array.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String body = Faces.get(spec.commandLine().getErr(), "/api/schedules");
    if (json) {
      out.println(body);
      return Main.OK;
    }
    List<Map<String, Object>> rows = Json.array(body);
    if (rows.isEmpty()) {
      out.println("No schedules: add a job with a schedule to understudy.yml, or a scheduled workflow or function.");
    } else {
      table(rows).print(out);
    }
    out.flush();
    return Main.OK;
  }

  static Table table(List<Map<String, Object>> rows) {
    Table t = new Table("JOB", "SYSTEM", "SCHEDULE", "ZONE", "NEXT (UTC)", "", "LAST");
    for (Map<String, Object> s : rows) {
      String next = Faces.str(s.get("next"));
      String last = s.get("lastState") == null ? "never ran" : s.get("lastState") + " (slot " + s.get("lastSlot") + ")";
      t.row(s.get("job"), s.get("system"), s.get("expression"), s.get("timezone"), next == null ? "never" : next,
          next == null ? "" : Faces.relative(next), last);
    }
    return t;
  }
}
