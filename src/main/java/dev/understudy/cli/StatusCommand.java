package dev.understudy.cli;

import dev.understudy.daemon.DaemonHome;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "status", description = "Show the running daemon: where it listens, its store, queue and schedules.")
final class StatusCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print the daemon's status as JSON.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  @SuppressWarnings("unchecked")
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DaemonHome home = DaemonHome.fromEnvironment();
    Optional<DaemonClient> c = Faces.daemon(home);
    if (c.isEmpty()) {
      if (json) out.println("{\"running\": false, \"home\": \"" + home.root().toString().replace("\"", "\\\"") + "\"}");
      out.flush();
      return Faces.notRunning(err, home);
    }
    String body = Faces.ok(err, c.get().get("/api/status"));
    if (json) {
      out.println(body);
      return Main.OK;
    }
    Map<String, Object> s = Json.object(body);
    Map<String, Object> store = (Map<String, Object>) s.get("store");
    Map<String, Object> queue = (Map<String, Object>) s.get("queue");
    out.printf("Understudy %s  pid %s  http://%s:%s  up %s%n", s.get("version"), s.get("pid"), s.get("host"), s.get("port"),
        Faces.span(Duration.ofMillis(((Number) s.get("uptimeMs")).longValue())));
    out.printf("project  %s  (config: %s, mode: %s, environment: %s)%n", s.get("project"), s.get("config"), s.get("mode"),
        s.get("environment"));
    out.printf("store    %s %s  %s%n", store.get("kind"), store.get("location"),
        Boolean.TRUE.equals(store.get("ok")) ? "ok" : "NOT ANSWERING");
    out.printf("queue    %s jobs, %s active  (node %s)%n", queue.get("jobs"), queue.get("active"), queue.get("node"));
    daemonLines(out, (Map<String, Object>) s.get("daemon"), (Map<String, Object>) s.get("systems"));
    healthLines(out, (Map<String, Object>) s.get("health"));
    List<Map<String, Object>> schedules = (List<Map<String, Object>>) s.get("schedules");
    if (!schedules.isEmpty()) {
      out.println();
      SchedulesCommand.table(schedules).print(out);
    }
    Map<String, Object> pm2 = (Map<String, Object>) s.get("pm2");
    if (pm2 != null) {
      out.println();
      out.println("pm2      " + pm2.get("mode") + "; " + pm2.get("apps") + " app(s) from " + pm2.get("source")
          + "  ('understudy ps' lists them)");
      for (Object p : (List<Object>) pm2.get("problems")) out.println("! " + p);
    }
    workflows(out, (List<Map<String, Object>>) s.get("workflows"), Boolean.TRUE.equals(s.get("workflowsEnabled")));
    if (Boolean.TRUE.equals(s.get("workflowsEnabled")) && s.get("workflowsMode") != null) {
      out.println("mode     " + s.get("workflowsMode"));
    }
    functions(out, (Map<String, Object>) s.get("netlifyFunctions"));
    out.flush();
    return Main.OK;
  }

  /** The daemon's view of itself (heap, threads, store, scheduler lag) and which systems run. */
  @SuppressWarnings("unchecked")
  static void daemonLines(PrintWriter out, Map<String, Object> d, Map<String, Object> systems) {
    if (d != null) {
      Object lag = d.get("schedulerLagSeconds");
      out.printf("daemon   heap %d of %d MB, %s threads, store %s, scheduler lag %s%n",
          ((Number) d.get("heapUsedBytes")).longValue() >> 20, ((Number) d.get("heapMaxBytes")).longValue() >> 20,
          d.get("threads"), Boolean.TRUE.equals(d.get("storeUp")) ? "up" : "DOWN",
          lag == null ? "none yet" : String.format(java.util.Locale.ROOT, "%.1f s", ((Number) lag).doubleValue()));
    }
    if (systems != null) {
      StringBuilder b = new StringBuilder("systems ");
      systems.forEach((name, v) -> {
        Map<String, Object> m = (Map<String, Object>) v;
        boolean running = Boolean.TRUE.equals(m.get("running"));
        b.append(' ').append(name).append(' ').append(running ? "running" : name.equals("gitSync") ? "not built yet"
            : Boolean.TRUE.equals(m.get("enabled")) ? "STOPPED" : "off");
        b.append(',');
      });
      b.setLength(b.length() - 1);
      out.println(b);
    }
  }

  /** At most this many failing or warning checks are listed; 'understudy health' lists them all. */
  static final int HEALTH_LINES = 5;

  /** The health loop's counts and its worst checks, each with what was done about it. */
  @SuppressWarnings("unchecked")
  static void healthLines(PrintWriter out, Map<String, Object> h) {
    if (h == null) {
      out.println("health   not watched (the health loop is off or could not start: see the daemon log)");
      return;
    }
    Map<String, Object> counts = (Map<String, Object>) h.get("counts");
    StringBuilder b = new StringBuilder("health  ");
    counts.forEach((state, n) -> {
      if (((Number) n).longValue() > 0 || state.equals("ok")) b.append(' ').append(n).append(' ').append(state).append(',');
    });
    b.setLength(b.length() - 1);
    out.println(b + "  ('understudy health' lists every check)");
    List<Map<String, Object>> problems = (List<Map<String, Object>>) h.get("problems");
    for (Map<String, Object> p : problems.subList(0, Math.min(HEALTH_LINES, problems.size()))) {
      out.println("! " + p.get("check") + " " + p.get("status") + ": " + p.get("last"));
      if (p.get("recovery") != null) out.println("  done: " + p.get("recovery") + (p.get("nextRecovery") != null ? "; next try " + p.get("nextRecovery") : ""));
    }
    if (problems.size() > HEALTH_LINES) out.println("  (and " + (problems.size() - HEALTH_LINES) + " more)");
    for (Object t : (List<Object>) h.get("trends")) out.println("~ " + t);
  }

  /** The functions section: where they answer, one row each, then one line per problem. */
  @SuppressWarnings("unchecked")
  static void functions(PrintWriter out, Map<String, Object> f) {
    if (f == null) return;
    out.println();
    if (!Boolean.TRUE.equals(f.get("enabled"))) {
      out.println("functions  netlifyFunctions is disabled: functions are neither served nor scheduled");
      return;
    }
    List<Map<String, Object>> rows = (List<Map<String, Object>>) f.get("functions");
    if (f.get("url") != null) out.println("functions  " + rows.size() + " at " + f.get("url") + "/.netlify/functions/NAME");
    if (f.get("serverError") != null) out.println("! functions are not served: " + f.get("serverError"));
    if (!rows.isEmpty()) {
      Table t = new Table("FUNCTION", "STATE", "API", "PATH", "SCHEDULE", "GOOD COPIES");
      for (Map<String, Object> r : rows) {
        List<Object> paths = r.get("paths") instanceof List ? (List<Object>) r.get("paths") : List.of();
        t.row(r.get("name"), r.get("state"), r.get("api") == null ? "" : r.get("api") + (Boolean.TRUE.equals(r.get("background")) ? " background" : ""),
            paths.isEmpty() ? "" : String.valueOf(paths.get(0)) + (paths.size() > 1 ? " +" + (paths.size() - 1) : ""),
            r.get("schedule") == null ? "" : r.get("schedule"), r.get("backups"));
      }
      t.print(out);
      for (Map<String, Object> r : rows) {
        List<Object> problems = (List<Object>) r.get("problems");
        if (problems != null && !problems.isEmpty()) out.println("! " + problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        if ("missing".equals(r.get("state"))) out.println("! " + r.get("file") + ": the function's file is missing; 'understudy restore function " + r.get("name") + "' brings it back");
        if (r.get("lastAction") != null) out.println("  " + r.get("name") + ": " + r.get("lastAction"));
      }
    }
    out.println("mode     " + f.get("mode"));
    if (f.get("primary") != null) out.println("netlify  " + f.get("primary"));
  }

  /** The workflows section: one row each, then one line per problem with where and how to fix it. */
  static void workflows(PrintWriter out, List<Map<String, Object>> rows, boolean enabled) {
    out.println();
    if (!enabled) {
      out.println("workflows  githubActions is disabled: workflows are neither checked nor backed up");
      return;
    }
    if (rows == null || rows.isEmpty()) {
      out.println("workflows  none in .github/workflows");
      return;
    }
    Table t = new Table("WORKFLOW", "STATE", "FINDINGS", "GOOD COPIES", "SCHEDULED FROM");
    for (Map<String, Object> w : rows) {
      Object src = w.get("effectiveSource");
      t.row(w.get("name"), w.get("state"), w.get("findings"), w.get("backups"),
          src == null ? "nothing (no good copy)" : "backup".equals(src) ? "good copy " + shortSha(w) : "file");
    }
    t.print(out);
    for (Map<String, Object> w : rows) {
      String state = (String) w.get("state");
      String name = (String) w.get("name");
      if ("invalid".equals(state)) {
        out.println("! " + w.get("firstFinding") + more(w));
      } else if ("missing".equals(state)) {
        out.println("! " + w.get("file") + ": the file is missing");
      }
      if (!"valid".equals(state)) {
        out.println("  " + (w.get("effectiveSource") != null
            ? "scheduling from the good copy saved " + w.get("effectiveCopySavedAt") + "; "
                + ("missing".equals(state) ? "bring it back" : "fix the file") + ", or run 'understudy restore workflow " + name + "'"
            : "not scheduled: no good copy is kept; fix the file"));
      }
      if (w.get("lastAction") != null) out.println("  " + name + ": " + w.get("lastAction"));
    }
  }

  private static String more(Map<String, Object> w) {
    long n = ((Number) w.get("findings")).longValue();
    return n > 1 ? " (and " + (n - 1) + " more)" : "";
  }

  private static String shortSha(Map<String, Object> w) {
    Object sha = w.get("effectiveSha256");
    return sha == null ? "" : sha.toString().substring(0, 12);
  }
}
