package dev.understudy.daemon;

import dev.understudy.daemon.Router.ApiException;
import dev.understudy.daemon.Router.Request;
import dev.understudy.daemon.Router.Response;
import dev.understudy.engine.queue.JobDefinition;
import dev.understudy.engine.queue.JobQueue;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.QueueException;
import dev.understudy.orchestrator.Orchestrator;
import dev.understudy.systems.actions.ActionsSystem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The daemon's HTTP API: what the CLI and the dashboard call. Reads are open; writes need the token. */
final class ControlApi {
  static final int MAX_HISTORY = 1000;

  private final Orchestrator orchestrator;
  private final DaemonInfo info;
  private final Runnable stop;

  ControlApi(Orchestrator orchestrator, DaemonInfo info, Runnable stop) {
    this.orchestrator = orchestrator;
    this.info = info;
    this.stop = stop;
  }

  Router routes(Router r) {
    return r.get("/api/health", q -> Response.ok(Map.of("status", "ok", "version", info.version())))
        .get("/api/status", q -> Response.ok(status()))
        .get("/api/health/checks", q -> Response.ok(health().checks()))
        .get("/api/health/alerts", q -> Response.ok(health().alerts()))
        .post("/api/reports", q -> {
          try {
            return Response.ok(Map.of("file", health().writeStatusReport(status()).toString()));
          } catch (java.io.IOException e) {
            throw new ApiException(500, "the status report could not be written: " + e.getMessage());
          }
        })
        .get("/api/schedules", q -> Response.ok(orchestrator.schedules().stream().map(ControlApi::schedule).toList()))
        .get("/api/jobs", q -> Response.ok(orchestrator.jobs().stream().map(ControlApi::job).toList()))
        .post("/api/jobs/{name}/runs", this::runJob)
        .get("/api/workflows", q -> Response.ok(orchestrator.workflows().stream().map(w -> workflow(w, false)).toList()))
        .get("/api/workflows/{name}", q -> Response.ok(workflow(findWorkflow(q.params().get("name")), true)))
        .get("/api/functions", q -> Response.ok(orchestrator.functions().stream().map(ControlApi::function).toList()))
        .post("/api/functions/{name}/invoke", this::invokeFunction)
        .get("/api/apps", q -> Response.ok(pm2().processes().stream().map(ControlApi::app).toList()))
        .post("/api/apps/save", q -> {
          try {
            java.nio.file.Path file = pm2().save();
            return Response.ok(Map.of("file", file.toString(), "apps", pm2().appCount()));
          } catch (java.io.IOException e) {
            throw new ApiException(409, "cannot save the supervised set: " + e.getMessage());
          }
        })
        .get("/api/apps/{name}/logs", q -> {
          try {
            Map<String, Object> files = new LinkedHashMap<>();
            pm2().logFiles(q.params().get("name")).forEach((k, v) -> files.put(k, Map.of("out", v.get(0).toString(), "err", v.get(1).toString())));
            return Response.ok(files);
          } catch (IllegalArgumentException e) {
            throw new ApiException(404, e.getMessage());
          }
        })
        .post("/api/apps/{name}/{action}", q -> {
          try {
            return Response.ok(pm2().act(q.params().get("name"), q.params().get("action")).stream().map(o -> {
              Map<String, Object> m = o.snapshot().map(ControlApi::app).orElseGet(() -> new LinkedHashMap<>(Map.of("name", o.name())));
              o.error().ifPresent(e -> m.put("error", e));
              return m;
            }).toList());
          } catch (IllegalArgumentException e) {
            throw new ApiException(404, e.getMessage());
          } catch (RuntimeException e) {
            throw new ApiException(409, e.getMessage());
          }
        })
        .post("/api/systems/{name}/{action}", q -> SystemsApi.act(orchestrator, q.params().get("name"), q.params().get("action")))
        .post("/api/ensure", q -> SystemsApi.ensure(orchestrator))
        .post("/api/self-test/run", q -> SystemsApi.selfTestRun(orchestrator))
        .get("/api/runs", this::history)
        .get("/api/runs/{id}", q -> Response.ok(run(orchestrator.run(q.params().get("id"))
            .orElseThrow(() -> new ApiException(404, "no run with id " + q.params().get("id"))))))
        .post("/api/runs/{id}/cancel", q -> {
          boolean cancelled = orchestrator.cancel(q.params().get("id"));
          return Response.ok(Map.of("cancelled", cancelled));
        })
        .post("/api/stop", q -> {
          Thread t = new Thread(stop, "understudy-stop");
          t.start();
          return new Response(202, Map.of("stopping", true, "pid", info.pid()));
        });
  }

  private dev.understudy.orchestrator.Health health() {
    return orchestrator.health().orElseThrow(() -> new ApiException(409, "the health loop is not running (see the daemon's log)"));
  }

  private dev.understudy.systems.pm2.Pm2System pm2() {
    return orchestrator.pm2().orElseThrow(() -> new ApiException(409,
        "the pm2 system is not running: start it with 'understudy start-system pm2'"
        + " (pm2.enabled: true in understudy.yml starts it with the daemon; see the daemon's log)"));
  }

  /** A supervised process as {@code ps --json} prints it: never environment values. */
  static Map<String, Object> app(dev.understudy.engine.supervise.Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("id", s.id());
    m.put("pid", s.pid() == 0 ? null : s.pid());
    m.put("status", s.status().word());
    m.put("restarts", s.restarts());
    m.put("uptimeMs", s.uptimeMs());
    m.put("cpu", Math.round(s.cpuPercent() * 10) / 10.0);
    m.put("memoryBytes", s.memoryBytes());
    return m;
  }

  private Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pid", info.pid());
    m.put("host", info.host());
    m.put("port", info.port());
    m.put("version", info.version());
    m.put("startedAt", Instant.ofEpochMilli(info.startedAt()).toString());
    m.put("uptimeMs", System.currentTimeMillis() - info.startedAt());
    m.put("project", info.project());
    m.put("config", orchestrator.config().source());
    m.put("environment", orchestrator.config().environment());
    m.put("mode", orchestrator.config().defaultMode().word());
    Orchestrator.EngineStatus engine = orchestrator.engineStatus();
    Map<String, Object> store = new LinkedHashMap<>();
    store.put("kind", engine.storeKind());
    store.put("location", engine.storeLocation());
    store.put("ok", engine.storeOk());
    m.put("store", store);
    Map<String, Object> queue = new LinkedHashMap<>();
    queue.put("node", engine.node());
    queue.put("jobs", engine.jobs());
    queue.put("active", engine.activeRuns());
    m.put("queue", queue);
    m.put("schedules", orchestrator.schedules().stream().map(ControlApi::schedule).toList());
    orchestrator.pm2().ifPresent(p -> {
      var st = p.status();
      Map<String, Object> pm2 = new LinkedHashMap<>();
      pm2.put("mode", st.mode());
      pm2.put("source", st.source());
      pm2.put("apps", st.apps());
      pm2.put("problems", st.problems());
      m.put("pm2", pm2);
    });
    Map<String, Object> fns = new LinkedHashMap<>();
    fns.put("enabled", orchestrator.functionsStatus().isPresent());
    orchestrator.functionsStatus().ifPresent(f -> {
      fns.put("mode", f.mode());
      fns.put("url", f.url().orElse(null));
      fns.put("serverError", f.serverError().orElse(null));
      fns.put("primary", f.primary().orElse(null));
      fns.put("manifest", f.manifest().toString());
    });
    fns.put("functions", orchestrator.functions().stream().map(ControlApi::function).toList());
    m.put("netlifyFunctions", fns);
    m.put("workflowsEnabled", orchestrator.workflowsEnabled());
    m.put("workflowsMode", orchestrator.workflowsMode());
    m.put("workflows", orchestrator.workflows().stream().map(w -> workflow(w, false)).toList());
    m.put("daemon", SystemsApi.self(orchestrator));
    m.put("systems", SystemsApi.systems(orchestrator));
    m.put("health", orchestrator.health().map(dev.understudy.orchestrator.Health::summary).orElse(null));
    return m;
  }

  private Response runJob(Request q) {
    try {
      JobRun r = orchestrator.runNow(q.params().get("name"));
      return new Response(201, run(Optional.of(r).get()));
    } catch (QueueException e) {
      throw new ApiException(404, e.getMessage());
    }
  }

  private Response history(Request q) {
    int limit;
    try {
      limit = Integer.parseInt(q.query("limit", "20"));
    } catch (NumberFormatException e) {
      throw new ApiException(400, "limit must be a number from 1 to " + MAX_HISTORY);
    }
    if (limit < 1 || limit > MAX_HISTORY) throw new ApiException(400, "limit must be from 1 to " + MAX_HISTORY);
    return Response.ok(orchestrator.history(q.query().get("job"), limit).stream().map(ControlApi::run).toList());
  }

  /**
   * {@code POST /api/functions/NAME/invoke} with {@code {"method", "path", "headers", "body"}} (all
   * optional; {@code body} a string): the function's answer, its body as text when it is UTF-8,
   * else in {@code bodyBase64}.
   */
  private Response invokeFunction(Request q) {
    Map<String, Object> in;
    try {
      in = q.body().length == 0 ? Map.of() : dev.understudy.util.JsonReader.object(new String(q.body(), java.nio.charset.StandardCharsets.UTF_8), "the request");
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "the request is not a JSON object: send {\"method\": \"POST\", \"path\": \"/...\", \"body\": \"...\"}");
    }
    String method = in.get("method") instanceof String m ? m.toUpperCase(java.util.Locale.ROOT) : "GET";
    if (!method.matches("[A-Z]{1,16}")) throw new ApiException(400, "method '" + method + "' is not an HTTP method");
    String path = in.get("path") instanceof String p ? p : null;
    if (path != null && !path.startsWith("/")) throw new ApiException(400, "path '" + path + "' must start with /");
    Map<String, java.util.List<String>> headers = new LinkedHashMap<>();
    if (in.get("headers") instanceof Map<?, ?> hs) hs.forEach((k, v) -> headers.put(String.valueOf(k).toLowerCase(java.util.Locale.ROOT), java.util.List.of(String.valueOf(v))));
    byte[] body = in.get("body") == null ? new byte[0] : String.valueOf(in.get("body")).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      dev.understudy.systems.netlify.FunctionInvoker.Result r = orchestrator.invokeFunction(q.params().get("name"), method, path, headers, body);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", r.status());
      m.put("headers", r.headers());
      java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
      try {
        m.put("body", utf8.decode(java.nio.ByteBuffer.wrap(r.body())).toString());
      } catch (java.nio.charset.CharacterCodingException e) {
        m.put("bodyBase64", java.util.Base64.getEncoder().encodeToString(r.body()));
      }
      m.put("tookMs", r.took().toMillis());
      return Response.ok(m);
    } catch (IllegalArgumentException e) {
      throw new ApiException(404, e.getMessage());
    } catch (IllegalStateException e) {
      throw new ApiException(409, e.getMessage());
    } catch (java.io.IOException e) {
      throw new ApiException(503, "the function could not run: " + e.getMessage());
    }
  }

  /** A function: its state, problems, route, schedule and good copies. */
  static Map<String, Object> function(dev.understudy.systems.netlify.NetlifySystem.FunctionStatus f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", f.name());
    m.put("file", f.file());
    m.put("state", f.state().word());
    m.put("problems", f.problems().stream().map(Object::toString).toList());
    f.function().ifPresent(fn -> {
      m.put("api", fn.apiVersion() == dev.understudy.systems.netlify.NetlifyFunction.ApiVersion.V1 ? "v1" : "v2");
      m.put("paths", fn.paths().isEmpty() ? java.util.List.of(fn.defaultPath()) : fn.paths());
      m.put("schedule", fn.schedule().orElse(null));
      m.put("background", fn.background());
    });
    m.put("backups", f.backups());
    m.put("checkedAt", f.checkedAt().toString());
    m.put("lastAction", f.lastAction().orElse(null));
    return m;
  }

  private ActionsSystem.Workflow findWorkflow(String name) {
    var all = orchestrator.workflows();
    for (String candidate : java.util.List.of(name, name + ".yml", name + ".yaml")) {
      for (ActionsSystem.Workflow w : all) {
        if (w.name().equals(candidate)) return w;
      }
    }
    throw new ApiException(404, "no workflow '" + name + "'" + (orchestrator.workflowsEnabled() ? "" : ": githubActions is disabled"));
  }

  /** A workflow: its state, findings (the first, or all with {@code detail}), good copies and effective source. */
  static Map<String, Object> workflow(ActionsSystem.Workflow w, boolean detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", w.name());
    m.put("file", w.file());
    m.put("state", w.state().word());
    m.put("findings", w.findings().size());
    m.put("firstFinding", w.firstFinding().map(Object::toString).orElse(null));
    if (detail) m.put("allFindings", w.findings().stream().map(Object::toString).toList());
    m.put("backups", w.backups());
    m.put("effectiveSource", w.effective().map(e -> e.origin().word()).orElse(null));
    m.put("effectiveSha256", w.effective().map(ActionsSystem.EffectiveSource::sha256).orElse(null));
    m.put("effectiveCopySavedAt", w.effective().flatMap(ActionsSystem.EffectiveSource::copy).map(c -> c.savedAt().toString()).orElse(null));
    m.put("checkedAt", w.checkedAt().toString());
    m.put("lastAction", w.lastAction().orElse(null));
    return m;
  }

  static Map<String, Object> job(JobDefinition d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", d.name());
    m.put("system", d.system());
    m.put("schedule", d.schedule().map(Object::toString).orElse(null));
    m.put("maxAttempts", d.maxAttempts());
    m.put("timeoutMs", d.timeout().toMillis());
    m.put("priority", d.priority());
    m.put("concurrency", d.concurrency().word());
    return m;
  }

  static Map<String, Object> schedule(JobQueue.ScheduleStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job", s.job());
    m.put("system", s.system());
    m.put("expression", s.schedule().expression());
    m.put("timezone", s.schedule().zoneName());
    m.put("next", s.next().map(Instant::toString).orElse(null));
    m.put("lastState", s.last().map(r -> r.state().word()).orElse(null));
    m.put("lastSlot", s.last().map(JobRun::slot).orElse(null));
    m.put("lastEndedAt", s.last().flatMap(JobRun::endedAt).map(Instant::toString).orElse(null));
    return m;
  }

  static Map<String, Object> run(JobRun r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("job", r.job());
    m.put("slot", r.slot());
    m.put("system", r.system());
    m.put("trigger", r.trigger().word());
    m.put("state", r.state().word());
    m.put("attempt", r.attempt());
    m.put("maxAttempts", r.maxAttempts());
    m.put("priority", r.priority());
    m.put("acceptedAt", r.acceptedAt().toString());
    m.put("startedAt", r.startedAt().map(Instant::toString).orElse(null));
    m.put("endedAt", r.endedAt().map(Instant::toString).orElse(null));
    m.put("nextAttemptAt", r.nextAttemptAt().map(Instant::toString).orElse(null));
    m.put("message", r.message());
    m.put("log", r.logExcerpt());
    m.put("node", r.node());
    return m;
  }
}
