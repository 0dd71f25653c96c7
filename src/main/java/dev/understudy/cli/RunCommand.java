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

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "run", description = "Run something now.", subcommands = {RunCommand.Job.class, RunCommand.WorkflowRun.class})
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

  @Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "workflow",
      description = {"Run one workflow now on this machine and stream its log (no Docker: jobs run on the host).",
          "The workflow must validate first. Secrets: --secret, then .secrets in the workspace, then",
          "$UNDERSTUDY_HOME/secrets; vars: .vars. Every secret value is shown as ***."},
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:every job succeeded", "1:a job failed", "2:bad input (no such workflow, bad flag, invalid file)"})
  static final class WorkflowRun implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "A workflow file of the project (ci, ci.yml) or a path to one.")
    String name;

    @Option(names = "--job", paramLabel = "ID", description = "Run only this job (and the jobs it needs).")
    String job;

    @Option(names = "--event", paramLabel = "EVENT", description = "The event (default: workflow_dispatch when the workflow has it, else its first event).")
    String event;

    @Option(names = "--input", paramLabel = "KEY=VALUE", description = "A workflow_dispatch input; repeat for more.")
    java.util.List<String> inputs = new java.util.ArrayList<>();

    @Option(names = "--payload", paramLabel = "FILE", description = "The event payload (JSON), as github.event.")
    java.nio.file.Path payload;

    @Option(names = "--secret", paramLabel = "KEY[=VALUE]", description = "A secret; without =VALUE it is read from the environment variable KEY.")
    java.util.List<String> secrets = new java.util.ArrayList<>();

    @Option(names = "--workdir", paramLabel = "DIR", description = "The workspace (default: the project).")
    java.nio.file.Path workdir;

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".", description = "The project (default: the current directory).")
    java.nio.file.Path project;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Map<String, String> in = new java.util.LinkedHashMap<>();
      for (String kv : inputs) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          err.println("understudy: --input " + kv + ": write KEY=VALUE");
          return Main.BAD_INPUT;
        }
        in.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      Map<String, String> sec = new java.util.LinkedHashMap<>();
      for (String kv : secrets) {
        int eq = kv.indexOf('=');
        String key = eq < 0 ? kv : kv.substring(0, eq);
        String value = eq < 0 ? System.getenv(kv) : kv.substring(eq + 1);
        if (key.isEmpty() || value == null) {
          err.println("understudy: --secret " + kv + ": write KEY=VALUE, or KEY with the environment variable KEY set");
          return Main.BAD_INPUT;
        }
        sec.put(key, value);
      }
      var home = dev.understudy.daemon.DaemonHome.fromEnvironment();
      boolean plain = job == null && event == null && in.isEmpty() && payload == null && sec.isEmpty() && workdir == null;
      if (plain) {
        var daemon = home.readDaemonInfo().filter(i -> java.nio.file.Path.of(i.project()).toAbsolutePath().normalize()
            .equals(project.toAbsolutePath().normalize()));
        if (daemon.isPresent() && Faces.daemon(home).isPresent()) {
          // The daemon of this project runs it through the queue: it is recorded in the history.
          java.nio.file.Path file = dev.understudy.orchestrator.WorkflowRuns.resolveOrNull(project, name);
          if (file != null) {
            String stem = file.getFileName().toString().replaceAll("\\.ya?ml$", "");
            Job viaQueue = new Job();
            viaQueue.name = "workflow:" + stem;
            viaQueue.await = true;
            viaQueue.spec = spec;
            return viaQueue.call();
          }
        }
      }
      var options = new dev.understudy.orchestrator.WorkflowRuns.Options(project.toAbsolutePath().normalize(), name, job,
          event, in, payload, sec, workdir == null ? null : workdir.toAbsolutePath().normalize(), home.root());
      try {
        boolean ok = dev.understudy.orchestrator.WorkflowRuns.run(options, line -> {
          out.println(line);
          out.flush();
        });
        return ok ? Main.OK : Main.FAILED;
      } catch (dev.understudy.orchestrator.WorkflowRuns.BadRequest e) {
        err.println("understudy: " + e.getMessage());
        return Main.BAD_INPUT;
      }
    }
  }
}
