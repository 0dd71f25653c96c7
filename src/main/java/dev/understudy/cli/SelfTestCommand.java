package dev.understudy.cli;

import dev.understudy.config.ConfigException;
import dev.understudy.config.ConfigLoader;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.daemon.DaemonHome;
import dev.understudy.orchestrator.FunctionChecks;
import dev.understudy.orchestrator.FunctionRuns;
import dev.understudy.orchestrator.StoreCheck;
import dev.understudy.orchestrator.WorkflowChecks;
import dev.understudy.orchestrator.EcosystemChecks;
import dev.understudy.systems.netlify.FunctionInvoker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code understudy test}: a self-test after install or upgrade. One line per check,
 * {@code ok|FAIL  what  (detail)}; exit 0 only when every check passed.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "test",
    description = "Self-test: the project's files read and validated, node/git/pm2 found, the store answers, "
        + "a trivial job goes through the queue and a trivial function answers. Exit 0 only when all pass.")
final class SelfTestCommand implements Callable<Integer> {
  @Option(names = "--project", paramLabel = "DIR", description = "The project folder (default: the current folder).")
  Path project = Path.of("");

  @Spec CommandSpec spec;

  private PrintWriter out;
  private int failed;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    Path dir = project.toAbsolutePath().normalize();
    UnderstudyConfig config = null;
    try {
      config = ConfigLoader.load(dir);
      line(true, "config", config.source());
    } catch (ConfigException | IllegalArgumentException e) {
      line(false, "config", e.getMessage());
    }
    ecosystem(dir, config);
    workflows(dir);
    functions(dir);
    boolean node = tool("node", List.of("node", "--version"), "needed by functions and ecosystem.config.js: install Node.js 18 or later");
    tool("git", List.of("git", "--version"), "needed for workflows' git context and gitSync: install git");
    Optional<Path> pm2 = EcosystemChecks.pm2(config);
    line(true, "pm2", pm2.map(Path::toString).orElse("not found: fine in replace mode (apps run here); failover needs PM2 to watch"));
    Optional<DaemonClient> daemon = Faces.daemon(DaemonHome.fromEnvironment());
    storeAndQueue(daemon, config);
    if (node) function();
    else line(false, "function", "not run: node is missing");
    out.flush();
    return failed == 0 ? Main.OK : Main.FAILED;
  }

  private void line(boolean ok, String what, String detail) {
    if (!ok) failed++;
    out.println((ok ? "ok    " : "FAIL  ") + what + (detail == null || detail.isEmpty() ? "" : "  (" + detail + ")"));
  }

  private void ecosystem(Path dir, UnderstudyConfig config) {
    EcosystemChecks.Outcome o = EcosystemChecks.ecosystem(dir, config);
    line(o.ok(), "pm2 ecosystem", o.detail());
  }

  private void workflows(Path dir) {
    Path wf = dir.resolve(".github/workflows");
    if (!Files.isDirectory(wf)) {
      line(true, "workflows", "none in the project");
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(wf)) {
      files = s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      line(false, "workflows", wf + ": " + e.getMessage());
      return;
    }
    WorkflowChecks checks = new WorkflowChecks();
    List<String> problems = new ArrayList<>();
    for (Path f : files) {
      try {
        checks.check(f).forEach(p -> problems.add(p.toString()));
      } catch (IOException e) {
        problems.add(f + ": cannot be read: " + e.getMessage());
      }
    }
    line(problems.isEmpty(), "workflows", problems.isEmpty() ? files.size() + " valid"
        : problems.size() + " finding(s), first: " + problems.get(0) + " (understudy validate lists them)");
  }

  private void functions(Path dir) {
    if (!FunctionChecks.isSite(dir)) {
      line(true, "functions", "no Netlify site in the project");
      return;
    }
    try {
      FunctionChecks.Checked c = new FunctionChecks("node").checkSite(dir);
      line(c.findings().isEmpty(), "functions", c.findings().isEmpty() ? c.functions() + " valid"
          : c.findings().size() + " finding(s), first: " + c.findings().get(0) + " (understudy validate lists them)");
    } catch (IOException | RuntimeException e) {
      line(false, "functions", e.getMessage());
    }
  }

  private boolean tool(String what, List<String> command, String hint) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      boolean done = p.waitFor(10, TimeUnit.SECONDS);
      boolean ok = done && p.exitValue() == 0;
      line(ok, what, ok ? text.lines().findFirst().orElse("") : command.get(0) + " failed: " + text + "; " + hint);
      return ok;
    } catch (IOException e) {
      line(false, what, "not found on PATH: " + hint);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      line(false, what, "interrupted");
      return false;
    }
  }

  private void storeAndQueue(Optional<DaemonClient> daemon, UnderstudyConfig config) {
    if (daemon.isPresent()) {
      try {
        DaemonClient c = daemon.get();
        DaemonClient.Reply st = c.get("/api/status");
        Map<String, Object> status = Json.object(st.body());
        Object store = status.get("store");
        boolean ok = store instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("ok"));
        line(ok, "store", ok ? "the daemon's store answers: " + ((Map<?, ?>) store).get("location") : "the daemon's store does not answer: see the daemon log");
        DaemonClient.Reply r = c.post("/api/self-test/run", "{}", 30_000);
        Map<String, Object> run = r.ok() ? Json.object(r.body()) : Map.of();
        boolean done = r.ok() && "succeeded".equals(run.get("state"));
        line(done, "queue", done ? "a trivial job ran through the daemon's queue (run " + run.get("id") + ")"
            : r.ok() ? "the trivial job ended " + run.get("state") + ": " + run.get("message") : r.error());
      } catch (IOException | RuntimeException e) {
        line(false, "store", "the daemon did not answer: " + e.getMessage());
        line(false, "queue", "not run: the daemon did not answer");
      }
      return;
    }
    DaemonHome home = DaemonHome.fromEnvironment();
    if (config == null || config.store().url().isEmpty()) {
      try {
        Files.createDirectories(home.root());
      } catch (IOException e) {
        line(false, "store", "the home " + home + " cannot be created: " + e.getMessage());
        line(true, "queue", "not tried: no daemon is running");
        return;
      }
    }
    StoreCheck.Result store = StoreCheck.of(config, home.sqliteFile());
    line(store.ok(), "store", store.description());
    line(true, "queue", "not tried: no daemon is running (start one with 'understudy start', then run 'understudy test' again)");
  }

  private void function() {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("understudy-self-test");
      Path fn = Files.createDirectories(tmp.resolve("netlify/functions"));
      Files.writeString(tmp.resolve("netlify.toml"), "[functions]\n  directory = \"netlify/functions\"\n");
      Files.writeString(fn.resolve("hello.mjs"), "export default async () => new Response(\"understudy-ok\");\n");
      FunctionInvoker.Result r = FunctionRuns.run(new FunctionRuns.Request(tmp, "hello", "GET", null, Map.of(), new byte[0]), l -> {});
      String body = new String(r.body(), StandardCharsets.UTF_8);
      boolean ok = r.status() == 200 && body.contains("understudy-ok");
      line(ok, "function", ok ? "a trivial function answered 200 through a Node worker" : "it answered " + r.status() + ": " + body);
    } catch (IOException | RuntimeException e) {
      line(false, "function", e.getMessage());
    } finally {
      if (tmp != null) delete(tmp);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind
    }
  }
}
