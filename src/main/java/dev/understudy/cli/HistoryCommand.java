package dev.understudy.cli;

import dev.understudy.util.UrlParts;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "history", description = "Show past and active job runs, newest first.")
final class HistoryCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "Only this job's runs.")
  String job;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many runs (default 20, at most 1000).")
  int limit;

  @Option(names = "--json", description = "Print them as a JSON array.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String q = "/api/runs?limit=" + limit + (job == null ? "" : "&job=" + UrlParts.encode(job));
    String body = Faces.get(spec.commandLine().getErr(), q);
    if (json) {
      out.println(body);
      return Main.OK;
    }
    List<Map<String, Object>> runs = Json.array(body);
    Table t = new Table("RUN", "JOB", "TRIGGER", "SLOT", "STATE", "ATTEMPT", "ACCEPTED", "MESSAGE");
    for (Map<String, Object> run : runs) {
      String slot = (String) run.get("slot");
      t.row(((String) run.get("id")).substring(0, 8), run.get("job"), run.get("trigger"),
          slot.startsWith("run:") ? "-" : slot, run.get("state"), run.get("attempt") + "/" + run.get("maxAttempts"),
          Faces.relative((String) run.get("acceptedAt")), run.get("message"));
    }
    if (t.isEmpty()) out.println("No runs yet.");
    else t.print(out);
    out.flush();
    return Main.OK;
  }
}
