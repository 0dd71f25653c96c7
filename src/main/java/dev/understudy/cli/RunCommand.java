package dev.understudy.cli;

import dev.understudy.util.UrlParts;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "run", description = "Run something now.", subcommands = {RunCommand.Job.class, RunCommand.WorkflowRun.class, RunCommand.FunctionRun.class})
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
      String path = "/api/jobs/" + UrlParts.encode(name) + "/runs";
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
        if (Faces.projectDaemon(home, project).isPresent()) {
          // The daemon of this project runs it through the queue: it is recorded in the history.
          java.util.Optional<String> queued = dev.understudy.orchestrator.WorkflowRuns.queueJob(project, name);
          if (queued.isPresent()) {
            Job viaQueue = new Job();
            viaQueue.name = queued.get();
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

  @Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "function",
      description = {"Invoke one Netlify function now, as an HTTP request to it would, and print its response.",
          "With this project's daemon running, its warm workers run it; otherwise one Node worker starts here."},
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:the function answered below 500", "1:it answered 500 or more (an error, a timeout)",
          "2:bad input (no such function, an invalid one, a bad flag)"})
  static final class FunctionRun implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The function's name (its file's base name, or its folder's).")
    String name;

    @Option(names = "--payload", paramLabel = "JSON", description = "The request body (sent as application/json).")
    String payload;

    @Option(names = "--method", paramLabel = "M", description = "The HTTP method (default: POST with --payload, else GET).")
    String method;

    @Option(names = "--path", paramLabel = "P", description = "The request path with its query (default: the function's first path).")
    String path;

    @Option(names = "--header", paramLabel = "NAME:VALUE", description = "A request header; repeat for more.")
    java.util.List<String> headers = new java.util.ArrayList<>();

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".", description = "The project (default: the current directory).")
    java.nio.file.Path project;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String m = method != null ? method.toUpperCase(java.util.Locale.ROOT) : payload != null ? "POST" : "GET";
      if (!m.matches("[A-Z]{1,16}")) {
        err.println("understudy: --method " + method + " is not an HTTP method: use GET, POST, PUT, DELETE...");
        return Main.BAD_INPUT;
      }
      if (path != null && !path.startsWith("/")) {
        err.println("understudy: --path " + path + " must start with / (e.g. /api/hello?name=Ada)");
        return Main.BAD_INPUT;
      }
      if (payload != null) {
        try {
          Json.parse(payload);
        } catch (RuntimeException e) {
          err.println("understudy: --payload is not JSON (" + e.getMessage() + "): quote it for the shell, e.g. --payload '{\"name\": \"Ada\"}'");
          return Main.BAD_INPUT;
        }
      }
      Map<String, java.util.List<String>> h = new java.util.LinkedHashMap<>();
      for (String kv : headers) {
        int colon = kv.indexOf(':');
        if (colon <= 0) {
          err.println("understudy: --header " + kv + ": write NAME:VALUE");
          return Main.BAD_INPUT;
        }
        h.computeIfAbsent(kv.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), k -> new java.util.ArrayList<>())
            .add(kv.substring(colon + 1).trim());
      }
      if (payload != null) h.putIfAbsent("content-type", java.util.List.of("application/json"));
      var home = dev.understudy.daemon.DaemonHome.fromEnvironment();
      Optional<DaemonClient> c = Faces.projectDaemon(home, project);
      if (c.isPresent()) return viaDaemon(c.get(), m, h, out, err);
      dev.understudy.systems.netlify.FunctionInvoker.Result r;
      try {
        r = dev.understudy.orchestrator.FunctionRuns.run(new dev.understudy.orchestrator.FunctionRuns.Request(project, name, m, path, h,
            payload == null ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8)), line -> {
              err.println(line);
              err.flush();
            });
      } catch (IllegalArgumentException e) {
        err.println("understudy: " + e.getMessage());
        return Main.BAD_INPUT;
      }
      java.util.Map<String, Object> headersOut = new java.util.LinkedHashMap<>(r.headers());
      return print(out, r.status(), headersOut, new String(r.body(), StandardCharsets.UTF_8), r.took().toMillis());
    }

    private int viaDaemon(DaemonClient c, String m, Map<String, java.util.List<String>> h, PrintWriter out, PrintWriter err) throws Exception {
      StringBuilder b = new StringBuilder("{\"method\":").append(dev.understudy.util.JsonStrings.quote(m));
      if (path != null) b.append(",\"path\":").append(dev.understudy.util.JsonStrings.quote(path));
      if (payload != null) b.append(",\"body\":").append(dev.understudy.util.JsonStrings.quote(payload));
      b.append(",\"headers\":{");
      boolean first = true;
      for (Map.Entry<String, java.util.List<String>> e : h.entrySet()) {
        if (!first) b.append(',');
        first = false;
        b.append(dev.understudy.util.JsonStrings.quote(e.getKey())).append(':').append(dev.understudy.util.JsonStrings.quote(String.join(", ", e.getValue())));
      }
      b.append("}}");
      String api = "/api/functions/" + UrlParts.encode(name) + "/invoke";
      // a background function may run 15 minutes
      Map<String, Object> r = Json.object(Faces.ok(err, c.post(api, b.toString(), (int) java.time.Duration.ofMinutes(16).toMillis())));
      Object bodyText = r.get("body") != null ? r.get("body") : "(binary, base64) " + r.get("bodyBase64");
      @SuppressWarnings("unchecked")
      Map<String, Object> hs = r.get("headers") instanceof Map ? (Map<String, Object>) r.get("headers") : Map.of();
      return print(out, ((Number) r.get("status")).intValue(), hs, String.valueOf(bodyText), ((Number) r.get("tookMs")).longValue());
    }

    /** HTTP/1.1 STATUS, the headers, a blank line and the body, as curl -i shows them. */
    private static int print(PrintWriter out, int status, Map<String, Object> headers, String body, long tookMs) {
      out.println("HTTP/1.1 " + status + "  (" + tookMs + " ms)");
      headers.forEach((k, v) -> {
        if (v instanceof java.util.List<?> l) l.forEach(x -> out.println(k + ": " + x));
        else out.println(k + ": " + v);
      });
      out.println();
      out.println(body);
      out.flush();
      return status >= 500 ? Main.FAILED : Main.OK;
    }
  }
}
