package dev.understudy.orchestrator;

import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.logs.SecretMasker;
import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.CheckState;
import dev.understudy.engine.monitor.HealthListener;
import dev.understudy.engine.monitor.HealthLoop;
import dev.understudy.engine.monitor.HealthSettings;
import dev.understudy.engine.monitor.MachineProbe;
import dev.understudy.engine.monitor.Probe;
import dev.understudy.engine.monitor.Recoveries;
import dev.understudy.engine.monitor.RecoveryBudget;
import dev.understudy.engine.monitor.Sample;
import dev.understudy.engine.monitor.Status;
import dev.understudy.engine.monitor.Transition;
import dev.understudy.engine.monitor.TrendWarning;
import dev.understudy.engine.notify.AlertRouter;
import dev.understudy.engine.notify.Dispatcher;
import dev.understudy.engine.notify.Notification;
import dev.understudy.engine.notify.Notifiers;
import dev.understudy.engine.notify.NotifyException;
import dev.understudy.engine.queue.JobDefinition;
import dev.understudy.engine.queue.JobQueue;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.TriggerKind;
import dev.understudy.orchestrator.probes.DaemonProbe;
import dev.understudy.orchestrator.probes.FunctionsProbe;
import dev.understudy.systems.actions.ActionsSystem;
import dev.understudy.systems.netlify.NetlifySystem;
import dev.understudy.systems.netlify.serve.NodeWorkerPool;
import dev.understudy.orchestrator.probes.Pm2Probe;
import dev.understudy.orchestrator.probes.WorkflowsProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's health loop (issue 7): each system's probes on its interval, the machine's,
 * recoveries with a budget, alerts through the dispatcher (a failed delivery is retried through
 * the durable queue as job {@code alert:NOTIFIER}), and health reports under {@code reports/}.
 */
public final class Health implements AutoCloseable {
  public static final String ALERT_PREFIX = "alert:";
  public static final String SYSTEM = "health";
  static final String REPORTS = "reports";
  static final String STATUS_REPORT = "status-report.json";
  static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Logger LOG = LoggerFactory.getLogger(Health.class);

  private final Orchestrator orchestrator;
  private final UnderstudyConfig config;
  private final JobQueue queue;
  private final Path reportsDir;
  private final Path home;
  private final Clock clock;
  private final HealthLoop loop;
  private final RecoveryBudget budget;
  private final Dispatcher dispatcher;
  private final AlertRouter router;
  private final List<String> notifierProblems;
  private final Map<String, String> reasons = new ConcurrentHashMap<>();
  private final Map<String, String> recorded = new ConcurrentHashMap<>();
  private final Recoveries recoveries;
  private final ExecutorService work = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "understudy-health-work");
    t.setDaemon(true);
    return t;
  });
  private volatile Instant lastReport;

  /** Builds the loop and the notifiers and registers the {@code alert:*} jobs; call before the queue starts. */
  Health(Orchestrator orchestrator, UnderstudyConfig config, JobQueue queue, Path home, Clock clock) {
    this.orchestrator = orchestrator;
    this.config = config;
    this.queue = queue;
    this.home = home;
    this.reportsDir = home.resolve(REPORTS);
    this.clock = clock;
    HealthSettings s = config.health().settings();
    this.loop = s.loop(clock).build();
    this.budget = s.budget(clock);
    Notifiers.Result n = Notifiers.create(config.alerts(), System.getenv());
    this.notifierProblems = n.problems();
    n.problems().forEach(p -> LOG.warn("alerts: {}", p));
    this.dispatcher = Dispatcher.builder().notifiers(n.notifiers()).clock(clock).retry((d, e) -> {
      if (!e.retryable()) {
        LOG.error("alert to {} failed and will not be retried: {}", d.notifier(), SecretMasker.mask(e.getMessage()));
        return;
      }
      // never on the dispatcher's lane: the queue writes to the store
      work.execute(() -> {
        try {
          queue.submitWithPayload(ALERT_PREFIX + d.notifier(), TriggerKind.MANUAL, d.notification().toJson());
          LOG.warn("alert to {} failed ({}): retried through the queue", d.notifier(), SecretMasker.mask(e.getMessage()));
        } catch (RuntimeException q) {
          LOG.error("alert to {} failed and could not be queued for a retry: {}", d.notifier(), q.getMessage());
        }
      });
    }).build();
    for (String name : dispatcher.notifiers()) {
      queue.register(JobDefinition.builder(ALERT_PREFIX + name, SYSTEM, ctx -> {
        String payload = ctx.payload().orElseThrow(() -> new IllegalStateException("an alert run needs its notification as payload"));
        try {
          dispatcher.deliver(name, Notification.fromJson(payload));
        } catch (NotifyException e) {
          if (!e.retryable()) ctx.log("not retried: " + e.getMessage());
          throw e;
        }
      }).maxAttempts(5).backoff(Duration.ofSeconds(10), Duration.ofMinutes(10)).timeout(Duration.ofMinutes(2)).build());
    }
    this.router = new AlertRouter(dispatcher::dispatch, config.alerts().reminder(), host());
    loop.addListener(router);
    this.recoveries = new Recoveries(loop, budget, new SystemRemedies(orchestrator, orchestrator.lifecycle(), this::record), new Recoveries.Journal() {
      @Override
      public void record(Check check, String what) {
        Health.this.record(check.id(), what);
      }

      @Override
      public void givenUp(Check check, String message, Instant at) {
        Health.this.record(check.id(), "given up: " + message);
        router.givenUp(check.id(), check.system(), check.subject(), message, at);
      }
    }, work, clock);
    loop.addListener(new HealthListener() {
      @Override
      public void onTransition(Transition t) {
        reasons.put(t.check().id(), t.reason());
        LOG.info("health: {} {} -> {}: {}", t.check().id(), t.from().label(), t.to().label(), t.reason());
      }

      @Override
      public void onTrend(TrendWarning w) {
        LOG.warn("health: {}", w.message());
      }

      @Override
      public void onTick(Instant now) {
        Instant last = lastReport;
        if (last == null) {
          lastReport = now;
        } else if (Duration.between(last, now).compareTo(loop.intervals().whole()) >= 0) {
          lastReport = now;
          work.execute(() -> writeHealthReport(now));
        }
      }
    });
    loop.addListener(recoveries);
  }

  /** Registers the probes of the systems that run and starts ticking. */
  void start() {
    loop.register(MachineProbe.SYSTEM, "host", new MachineProbe(home), probeTimeout());
    loop.register(DaemonProbe.SYSTEM, "self", new DaemonProbe(new DaemonProbe.Source() {
      public boolean storeUp() {
        return orchestrator.metrics().self().storeUp();
      }

      public List<dev.understudy.engine.queue.JobQueue.ScheduleStatus> schedules() {
        return orchestrator.schedules();
      }

      public Map<String, Boolean> systems() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (String s : orchestrator.lifecycle().wanted()) m.put(s, orchestrator.lifecycle().running(s));
        return m;
      }
    }), probeTimeout());
    for (String system : List.of(Pm2Probe.SYSTEM, WorkflowsProbe.SYSTEM, FunctionsProbe.SYSTEM)) {
      if (orchestrator.lifecycle().running(system)) follow(system, true, false);
    }
    loop.start();
    LOG.info("health: probes every {} (pm2), {} (githubActions), {} (netlifyFunctions), {} (the whole); notifiers: {}",
        human("pm2"), human("githubActions"), human("netlifyFunctions"), human(MachineProbe.SYSTEM),
        dispatcher.notifiers().isEmpty() ? "none" : String.join(", ", dispatcher.notifiers()));
  }

  /**
   * Watches {@code system} while it runs: its probe is registered when it starts, and dropped with
   * its checks' states when it stops (start-system, stop-system, ensure, a recovery's restart).
   */
  void follow(String system, boolean running, boolean byPerson) {
    String name = PROBES.get(system);
    if (name == null) return;
    if (!running) {
      String prefix = system + "/";
      loop.unregister(system, name);
      loop.forget(prefix);
      recoveries.forget(prefix, byPerson);
      router.forget(prefix);
      if (byPerson) {
        recorded.keySet().removeIf(id -> id.startsWith(prefix));
        lastRecorded.keySet().removeIf(id -> id.startsWith(prefix));
      }
      return;
    }
    if (byPerson) recoveries.forget(system + "/", true);
    Probe probe = switch (system) {
      case Pm2Probe.SYSTEM -> new Pm2Probe(orchestrator::pm2);
      case WorkflowsProbe.SYSTEM -> new WorkflowsProbe(new WorkflowsProbe.Source() {
        public List<ActionsSystem.Workflow> workflows() {
          return orchestrator.workflows();
        }

        public List<JobRun> history(String job, int limit) {
          return orchestrator.history(job, limit);
        }

        public List<Sample> primary(Instant now) {
          return orchestrator.primaryChecks(WorkflowsProbe.SYSTEM, now);
        }
      });
      default -> new FunctionsProbe(new FunctionsProbe.Source() {
        public List<NetlifySystem.FunctionStatus> functions() {
          return orchestrator.functions();
        }

        public Optional<String> url() {
          return orchestrator.functionsStatus().flatMap(Orchestrator.FunctionsStatus::url);
        }

        public List<JobRun> history(String job, int limit) {
          return orchestrator.history(job, limit);
        }

        public Optional<NodeWorkerPool.Stats> workers() {
          return orchestrator.functionWorkers();
        }

        public List<Sample> primary(Instant now) {
          return orchestrator.primaryChecks(FunctionsProbe.SYSTEM, now);
        }
      }, config.health().settings().timeout());
    };
    loop.register(system, name, probe, probeTimeout());
  }

  private Duration probeTimeout() {
    return config.health().settings().timeout();
  }

  /** The probe of each system, by its name in the checks ({@code pm2/processes/probe}). */
  private static final Map<String, String> PROBES = Map.of(Pm2Probe.SYSTEM, "processes", WorkflowsProbe.SYSTEM, "workflows",
      FunctionsProbe.SYSTEM, "functions");

  private String human(String system) {
    return dev.understudy.engine.monitor.HealthIntervals.human(loop.intervals().of(system));
  }

  private final Map<String, String> lastRecorded = new ConcurrentHashMap<>();

  /** Keeps what was done about a check (shown with it) and logs it; the same words again are not logged again. */
  private void record(String checkId, String what) {
    recorded.put(checkId, clock.instant() + " " + what);
    if (!what.equals(lastRecorded.put(checkId, what)) || !what.startsWith("alert only")) {
      LOG.info("health recovery: {}: {}", checkId, what);
    }
  }

  /** Every check with its state, since when, why, the last recovery and a trend warning, worst first. */
  public List<Map<String, Object>> checks() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (CheckState.View v : loop.states()) {
      Map<String, Object> m = new LinkedHashMap<>();
      String id = v.check().id();
      m.put("check", id);
      m.put("system", v.check().system());
      m.put("subject", v.check().subject());
      m.put("kind", v.check().kind());
      m.put("status", v.status().label());
      m.put("since", v.since().toString());
      m.put("problemSince", v.problemSince().map(Instant::toString).orElse(null));
      m.put("reason", reasons.get(id));
      m.put("last", v.lastSample().map(s -> SecretMasker.mask(s.message())).orElse(null));
      m.put("value", v.lastSample().filter(s -> s.value().isPresent()).map(s -> Math.round(s.value().getAsDouble() * 10) / 10.0).orElse(null));
      m.put("trend", loop.trend(id).map(TrendWarning::message).orElse(null));
      m.put("recovery", recorded.get(id));
      m.put("nextRecovery", recoveries.nextDue(id).map(Instant::toString).orElse(null));
      out.add(m);
    }
    out.sort(Comparator.comparingInt((Map<String, Object> m) -> rank((String) m.get("status"))).thenComparing(m -> (String) m.get("check")));
    return out;
  }

  /** How many checks are in each state, worst first. */
  static Map<String, Long> counts(List<Map<String, Object>> checks) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String s : List.of("failing", "warning", "recovered", "ok")) {
      counts.put(s, checks.stream().filter(c -> s.equals(c.get("status"))).count());
    }
    return counts;
  }

  /** For {@code status}: the counts, and the checks that fail or warn with what was done about them. */
  public Map<String, Object> summary() {
    List<Map<String, Object>> checks = checks();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("counts", counts(checks));
    List<Map<String, Object>> problems = new ArrayList<>();
    for (Map<String, Object> c : checks) {
      if (!"failing".equals(c.get("status")) && !"warning".equals(c.get("status"))) continue;
      Map<String, Object> p = new LinkedHashMap<>();
      for (String k : List.of("check", "status", "last", "recovery", "nextRecovery", "trend")) p.put(k, c.get(k));
      problems.add(p);
    }
    m.put("problems", problems);
    m.put("trends", checks.stream().filter(c -> c.get("trend") != null && !problems.stream().anyMatch(p -> p.get("check").equals(c.get("check"))))
        .map(c -> c.get("trend")).toList());
    return m;
  }

  private static int rank(String status) {
    return switch (status) {
      case "failing" -> 0;
      case "warning" -> 1;
      case "recovered" -> 2;
      default -> 3;
    };
  }

  /** The notifiers, their last outcomes, and those that could not be built. */
  public Map<String, Object> alerts() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("notifiers", dispatcher.notifiers());
    Map<String, Object> outcomes = new LinkedHashMap<>();
    dispatcher.outcomes().forEach((k, o) -> outcomes.put(k, Map.of("at", o.at().toString(), "delivered", o.delivered(),
        "title", o.title(), "error", o.error().orElse(""))));
    m.put("outcomes", outcomes);
    m.put("problems", notifierProblems);
    return m;
  }

  /** Writes {@code reports/status-report.json}: the status the faces see, the checks and recent runs. */
  public Path writeStatusReport(Map<String, Object> status) throws IOException {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("kind", "status-report");
    r.put("at", clock.instant().toString());
    r.put("host", host());
    r.put("status", status);
    r.put("checks", checks());
    r.put("alerts", alerts());
    r.put("recentRuns", orchestrator.history(null, 50).stream().map(Health::run).toList());
    return write(reportsDir.resolve(STATUS_REPORT), r);
  }

  /** Writes {@code reports/health-check-<timestamp>.json} and applies retention. */
  Optional<Path> writeHealthReport(Instant now) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("kind", "health-check");
    r.put("at", now.toString());
    r.put("host", host());
    List<Map<String, Object>> checks = checks();
    r.put("counts", counts(checks));
    r.put("checks", checks);
    try {
      Path p = write(reportsDir.resolve("health-check-" + STAMP.format(now) + ".json"), r);
      prune(now);
      return Optional.of(p);
    } catch (IOException | RuntimeException e) {
      LOG.warn("health report could not be written under {}: {}", reportsDir, e.getMessage());
      return Optional.empty();
    }
  }

  /** Keeps the newest {@code health.reports.keep} health reports, none older than {@code health.reports.maxAge}. */
  void prune(Instant now) throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.list(reportsDir)) {
      all = s.filter(p -> p.getFileName().toString().startsWith("health-check-") && p.getFileName().toString().endsWith(".json"))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
    }
    Instant oldest = now.minus(config.health().reportsMaxAge());
    for (int i = 0; i < all.size(); i++) {
      Path p = all.get(i);
      if (i >= config.health().reportsKeep() || Files.getLastModifiedTime(p).toInstant().isBefore(oldest)) Files.deleteIfExists(p);
    }
  }

  private static Path write(Path file, Object o) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, SecretMasker.mask(dev.understudy.util.JsonWriter.pretty(o)));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  static Map<String, Object> run(JobRun r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("job", r.job());
    m.put("system", r.system());
    m.put("trigger", r.trigger().name().toLowerCase(java.util.Locale.ROOT));
    m.put("state", r.state().name().toLowerCase(java.util.Locale.ROOT));
    m.put("attempt", r.attempt());
    m.put("acceptedAt", r.acceptedAt().toString());
    m.put("endedAt", r.endedAt().map(Instant::toString).orElse(null));
    m.put("message", r.message());
    return m;
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  HealthLoop loop() {
    return loop;
  }

  @Override
  public void close() {
    loop.close();
    work.shutdownNow();
    dispatcher.close();
  }
}
