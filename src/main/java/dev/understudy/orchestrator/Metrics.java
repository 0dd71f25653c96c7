package dev.understudy.orchestrator;

import dev.understudy.engine.queue.JobQueue;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.RunState;
import dev.understudy.engine.queue.TriggerKind;
import dev.understudy.engine.supervise.ProcessState;
import dev.understudy.engine.supervise.Snapshot;
import dev.understudy.systems.netlify.serve.RequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's metrics, in Prometheus text format through Micrometer: supervised processes, job
 * runs, the queue, schedule lag, function requests, health check states and the daemon itself.
 * Gauges that need a look at the systems (processes, queue, health) are refreshed at each scrape
 * ({@link #scrape}); counters and timers are fed as things happen (a queue listener, the functions
 * server's {@link RequestObserver}).
 *
 * <p>Health check states come from whoever runs the health loop: {@link #healthStates} takes a
 * supplier of check name to state word ({@code ok}, {@code warning}, {@code failing}, {@code recovered});
 * each check is exported as {@code understudy_health_check_state{check="...",state="..."} 1}.
 */
public final class Metrics {
  private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
  /** Function latency buckets: Netlify's synchronous limit is 30 s by default. */
  private static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30)};

  /** What the daemon sees of itself; also shown by {@code status}. */
  public record Self(long heapUsedBytes, long heapMaxBytes, int threads, boolean storeUp,
      Optional<Double> schedulerLagSeconds) {}

  private final Orchestrator orchestrator;
  private final JobQueue queue;
  private volatile Meters meters; // made on first use
  private volatile Supplier<Map<String, String>> healthStates = Map::of;
  private volatile double queueDepth;
  private volatile double oldestQueuedSeconds;
  private volatile double storeUp;
  private volatile Double lastLagSeconds;

  Metrics(Orchestrator orchestrator, JobQueue queue) {
    this.orchestrator = orchestrator;
    this.queue = queue;
    queue.onRunFinished(this::runFinished);
  }

  /**
   * The Prometheus registry and the gauges the scrape refreshes. Made when first needed (a scrape,
   * a finished run, a function request), not with the daemon: Micrometer and the Prometheus client
   * are about 150 classes, resident memory a daemon that only supervises would carry unused
   * (docs/BENCHMARKS.md, section 7). Counters start at that first event, so none is lost.
   */
  private record Meters(PrometheusMeterRegistry registry, MultiGauge up, MultiGauge restarts, MultiGauge cpu,
      MultiGauge memory, MultiGauge health) {}

  private Meters meters() {
    Meters m = meters;
    if (m != null) return m;
    synchronized (this) {
      if (meters == null) meters = newMeters();
      return meters;
    }
  }

  private Meters newMeters() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Meters m = new Meters(registry,
        MultiGauge.builder("understudy.process.up").description("1 while a supervised process is online").register(registry),
        MultiGauge.builder("understudy.process.restarts").description("restarts of a supervised process").register(registry),
        MultiGauge.builder("understudy.process.cpu.percent").description("CPU of a supervised process tree (100 = one core)").register(registry),
        MultiGauge.builder("understudy.process.memory").baseUnit("bytes").description("resident memory of a supervised process tree").register(registry),
        MultiGauge.builder("understudy.health.check.state").description("1 for the current state of each health check").register(registry));
    Gauge.builder("understudy.queue.depth", this, x -> x.queueDepth).description("runs queued or waiting to retry").register(registry);
    Gauge.builder("understudy.queue.oldest.age", this, x -> x.oldestQueuedSeconds).baseUnit("seconds")
        .description("age of the oldest queued run").register(registry);
    Gauge.builder("understudy.daemon.heap.used", Metrics::heapUsed).baseUnit("bytes").description("heap the daemon uses").register(registry);
    Gauge.builder("understudy.daemon.heap.max", () -> Runtime.getRuntime().maxMemory()).baseUnit("bytes").description("the most heap the daemon may use").register(registry);
    Gauge.builder("understudy.daemon.threads", Metrics::liveThreads).description("live threads of the daemon").register(registry);
    Gauge.builder("understudy.daemon.store.up", this, x -> x.storeUp).description("1 while the store answers").register(registry);
    Gauge.builder("understudy.daemon.scheduler.lag", this, x -> x.lastLagSeconds == null ? 0 : x.lastLagSeconds).baseUnit("seconds")
        .description("lag of the last scheduled run: its slot to its start").register(registry);
    return m;
  }

  private PrometheusMeterRegistry registry() {
    return meters().registry();
  }

  /** Where the health loop's states come from: check name to state word. */
  public void healthStates(Supplier<Map<String, String>> states) {
    this.healthStates = states == null ? Map::of : states;
  }

  /** For the functions server: each answered request, by function and status. */
  public RequestObserver functionObserver() {
    // one timer per function and status, looked up without building a meter id on every request
    java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
    return (function, status, nanos) -> timers.computeIfAbsent(function + ' ' + status, k -> Timer.builder("understudy.function.requests")
        .description("requests answered by a function")
        .tags("function", function, "status", Integer.toString(status))
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry()))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void runFinished(JobRun r) {
    Counter.builder("understudy.job.runs").description("finished job runs")
        .tags("system", r.system(), "outcome", r.state().word(), "trigger", r.trigger().name().toLowerCase(Locale.ROOT))
        .register(registry()).increment();
    scheduleLag(r).ifPresent(lag -> {
      lastLagSeconds = lag.toMillis() / 1000.0;
      Timer.builder("understudy.schedule.lag").description("a scheduled run's slot to its start")
          .tags("system", r.system()).register(registry()).record(lag);
    });
  }

  static Optional<Duration> scheduleLag(JobRun r) {
    if (r.trigger() != TriggerKind.SCHEDULE || r.startedAt().isEmpty()) return Optional.empty();
    try {
      Duration d = Duration.between(Instant.parse(r.slot()), r.startedAt().get());
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Refreshes the gauges that look at the systems, then writes every meter in Prometheus text format. */
  public String scrape() {
    Meters m = meters();
    refresh(m);
    return m.registry().scrape();
  }

  /** What the daemon sees of itself now (asks the store). */
  public Self self() {
    boolean ok = storeAnswers();
    storeUp = ok ? 1 : 0;
    return new Self(heapUsed(), Runtime.getRuntime().maxMemory(), liveThreads(), ok, Optional.ofNullable(lastLagSeconds));
  }

  /*
   * The heap and the threads from Runtime and the thread groups rather than the management beans:
   * ManagementFactory loads every platform bean provider (about 50 classes, and java.util.logging's
   * LogManager) into a daemon that otherwise needs none of them.
   */
  private static long heapUsed() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Live Java threads, the JDK's own included (the root thread group's count, an estimate as the JDK says). */
  private static int liveThreads() {
    ThreadGroup g = Thread.currentThread().getThreadGroup();
    while (g.getParent() != null) g = g.getParent();
    return g.activeCount();
  }

  private boolean storeAnswers() {
    try {
      return orchestrator.engineStatus().storeOk();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void refresh(Meters m) {
    List<Snapshot> ps = orchestrator.pm2().map(p -> {
      try {
        return p.processes();
      } catch (RuntimeException e) {
        return List.<Snapshot>of();
      }
    }).orElse(List.of());
    m.up().register(rows(ps, s -> s.status() == ProcessState.ONLINE ? 1 : 0), true);
    m.restarts().register(rows(ps, s -> s.restarts()), true);
    m.cpu().register(rows(ps, Snapshot::cpuPercent), true);
    m.memory().register(rows(ps, s -> s.memoryBytes()), true);
    try {
      List<JobRun> active = queue.active();
      Instant now = Instant.now();
      queueDepth = active.stream().filter(r -> r.state() == RunState.QUEUED || r.state() == RunState.RETRYING).count();
      oldestQueuedSeconds = active.stream().filter(r -> r.state() == RunState.QUEUED)
          .mapToLong(r -> Duration.between(r.acceptedAt(), now).toMillis()).max().orElse(0) / 1000.0;
    } catch (RuntimeException e) {
      LOG.debug("metrics: the queue did not answer: {}", e.getMessage());
    }
    self();
    List<MultiGauge.Row<?>> checks = new ArrayList<>();
    try {
      healthStates.get().forEach((check, state) -> checks.add(MultiGauge.Row.of(Tags.of("check", check, "state", state), 1)));
    } catch (RuntimeException e) {
      LOG.debug("metrics: the health states did not answer: {}", e.getMessage());
    }
    m.health().register(checks, true);
  }

  private static List<MultiGauge.Row<?>> rows(List<Snapshot> ps, java.util.function.ToDoubleFunction<Snapshot> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Snapshot s : ps) rows.add(MultiGauge.Row.of(Tags.of("app", s.name()), value.applyAsDouble(s)));
    return rows;
  }
}
