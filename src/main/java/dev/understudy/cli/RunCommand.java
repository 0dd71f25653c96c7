package dev.understudy.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "run", description = "Run something now.", subcommands = {RunCommand.Job.class})
final class RunCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "job", description = "Queue a run of a job now (through the queue, with its retries and history).")
  static final class Job implements Callable<Integer> {
    static final long POLL_MS = 100;

    @Parameters(index = "0", paramLabel = "NAME", description = "The job's name, as 'understudy schedules' or understudy.yml shows it.")
    String name;

    @Option(names = "--wait", description = "Wait until the run finishes; exit 0 if it succeeded, 1 if not, and print its log.")
    boolean await;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      DaemonClient c = Faces.requireDaemon(err);
      String path = "/api/jobs/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "/runs";
      Map<String, Object> run = Json.object(Faces.ok(err, c.post(path)));
      String id = (String) run.get("id");
      out.println("queued " + name + " run " + id);
      out.flush();
      if (!await) return Main.OK;
      while (true) {
        Thread.sleep(POLL_MS);
        run = Json.object(Faces.ok(err, c.get("/api/runs/" + id)));
        String state = (String) run.get("state");
        if (!"queued".equals(state) && !"running".equals(state) && !"retrying".equals(state)) {
          if (run.get("log") != null) out.print(run.get("log"));
          out.println(name + " " + state + ": " + run.get("message"));
          out.flush();
          return "succeeded".equals(state) ? Main.OK : Main.FAILED;
        }
      }
    }
  }
}
