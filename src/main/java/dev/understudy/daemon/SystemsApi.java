package dev.understudy.daemon;

import dev.understudy.config.UnderstudyConfig;
import dev.understudy.daemon.Router.ApiException;
import dev.understudy.daemon.Router.Response;
import dev.understudy.orchestrator.Lifecycle;
import dev.understudy.orchestrator.Metrics;
import dev.understudy.orchestrator.Orchestrator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** POST /api/systems/{name}/{start|stop|restart}, POST /api/ensure, and the daemon's view of itself in status. */
final class SystemsApi {
  private SystemsApi() {}

  static Response act(Orchestrator o, String name, String action) {
    try {
      Lifecycle.Outcome r = o.lifecycle().act(name, action);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("system", r.system());
      m.put("action", r.action());
      m.put("running", r.running());
      m.put("changed", r.changed());
      m.put("message", r.message());
      return Response.ok(m);
    } catch (IllegalArgumentException e) {
      throw new ApiException(404, e.getMessage());
    } catch (IllegalStateException e) {
      throw new ApiException(409, e.getMessage());
    }
  }

  static Response ensure(Orchestrator o) {
    List<String> changes = o.lifecycle().ensure();
    return Response.ok(Map.of("changes", changes));
  }

  static Response selfTestRun(Orchestrator o) throws InterruptedException {
    return o.lifecycle().selfTestRun(java.time.Duration.ofSeconds(20))
        .map(r -> Response.ok(Map.of("id", r.id(), "state", r.state().word(), "message", String.valueOf(r.message()))))
        .orElseGet(() -> Response.error(504, "the self-test job did not finish within 20 s: is the queue stuck? (see the daemon log)"));
  }

  static Map<String, Object> self(Orchestrator o) {
    Metrics.Self s = o.metrics().self();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("heapUsedBytes", s.heapUsedBytes());
    m.put("heapMaxBytes", s.heapMaxBytes());
    m.put("threads", s.threads());
    m.put("storeUp", s.storeUp());
    m.put("schedulerLagSeconds", s.schedulerLagSeconds().orElse(null));
    return m;
  }

  static Map<String, Object> systems(Orchestrator o) {
    Lifecycle l = o.lifecycle();
    Map<String, Object> m = new LinkedHashMap<>();
    for (String s : UnderstudyConfig.SYSTEMS) {
      UnderstudyConfig.SystemSettings set = o.config().systems().get(s);
      m.put(s, Map.of("enabled", set != null && set.enabled(), "running", l.running(s)));
    }
    return m;
  }
}
