package dev.understudy.orchestrator;

import dev.understudy.config.Mode;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.queue.JobDefinition;
import dev.understudy.engine.queue.JobQueue;
import dev.understudy.engine.queue.TriggerKind;
import dev.understudy.systems.actions.runner.DotEnv;
import dev.understudy.systems.netlify.FunctionCall;
import dev.understudy.systems.netlify.FunctionInvoker;
import dev.understudy.systems.netlify.FunctionJobs;
import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.systems.netlify.NetlifySystem;
import dev.understudy.systems.netlify.api.NetlifyAccess;
import dev.understudy.systems.netlify.api.NetlifyClient;
import dev.understudy.systems.netlify.api.NetlifyFailover;
import dev.understudy.systems.netlify.serve.FunctionServer;
import dev.understudy.systems.netlify.site.ManifestWriter;
import dev.understudy.util.Sleeper;
import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.PrimaryWatch;
import dev.understudy.systems.netlify.serve.NodeWorkerPool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The netlifyFunctions system running in the daemon: the site's files ({@link NetlifySystem}), the
 * HTTP front and its Node workers ({@link FunctionServer}), the functions' queue jobs ({@link
 * FunctionJobs}), the manifest kept current, and in failover mode a periodic look at Netlify for
 * {@code status}.
 */
final class FunctionsRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionsRuntime.class);

  private final UnderstudyConfig config;
  private final JobQueue queue;
  private final NetlifySystem system;
  private final FunctionServer server;
  private final Mode mode;
  private final Optional<NetlifyFailover> failover;
  private final Set<String> registered = new HashSet<>();
  private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "understudy-netlify-watch");
    t.setDaemon(true);
    return t;
  });
  private volatile String modeText = "";
  private volatile Optional<String> primary = Optional.empty();
  private final PrimaryWatch primaryWatch = new PrimaryWatch();
  private static final Check OBSERVED = Check.of(FunctionJobs.SYSTEM, PrimaryWatch.PRIMARY, PrimaryWatch.OBSERVED);
  private volatile Optional<String> serverError = Optional.empty();
  private volatile FunctionJobs jobs;

  FunctionsRuntime(UnderstudyConfig config, JobQueue queue, WorkflowRecovery.Places places) {
    this(config, queue, places, dev.understudy.systems.netlify.serve.RequestObserver.NOOP);
  }

  FunctionsRuntime(UnderstudyConfig config, JobQueue queue, WorkflowRecovery.Places places,
      dev.understudy.systems.netlify.serve.RequestObserver observer) {
    this.config = config;
    this.queue = queue;
    UnderstudyConfig.NetlifyFunctions s = config.netlifyFunctions();
    this.system = FunctionRecovery.open(config.projectDir(), places, s.backupsKeep()).system(s.autoRestore(), "node");
    this.mode = config.modeOf(FunctionJobs.SYSTEM);
    this.server = FunctionServer.builder(() -> system.served().functions())
        .environment(environment(config))
        .workingDir(config.projectDir())
        .workers(s.workers())
        .syncTimeout(s.timeout())
        .scheduledTimeout(FunctionJobs.SCHEDULED_TIMEOUT)
        .backgroundTimeout(FunctionJobs.BACKGROUND_TIMEOUT)
        .observer(observer)
        .background(bc -> queue.submitWithPayload(FunctionJobs.jobName(bc.function().name()), TriggerKind.HTTP,
            FunctionCall.encode(bc.call())))
        .build();
    this.failover = failover(s);
  }

  /** Reads the site and registers its jobs (before the queue starts), then serves. */
  void start() {
    jobs = new FunctionJobs(system::served, server.invoker(), this::origin, config.netlifyFunctions().timeout(), mode, failover);
    system.onChange(this::changed);
    try {
      system.start();
    } catch (IOException | RuntimeException e) {
      LOG.error("netlifyFunctions could not watch the site's functions: {}", e.getMessage(), e);
    }
    syncJobs();
    writeManifest();
    UnderstudyConfig.NetlifyFunctions s = config.netlifyFunctions();
    try {
      server.start(s.host(), s.port());
      LOG.info("netlifyFunctions: serving {} function(s) at {}", system.served().functions().size(), origin());
    } catch (IOException | RuntimeException e) {
      serverError = Optional.of("cannot listen on " + s.host() + ":" + s.port() + " (" + e.getMessage()
          + "): free the port, or set netlifyFunctions.port (0 picks a free one)");
      LOG.error("netlifyFunctions: {}; schedules and background runs go on, HTTP does not", serverError.get());
    }
    failover.ifPresent(f -> {
      long every = config.netlifyFunctions().watchInterval().toMillis();
      watch.scheduleWithFixedDelay(this::observe, 0, every, TimeUnit.MILLISECONDS);
    });
  }

  private void changed() {
    syncJobs();
    writeManifest();
  }

  /** Registers each function's job and drops those of functions that are gone. */
  private synchronized void syncJobs() {
    FunctionJobs j = jobs;
    if (j == null) return;
    List<JobDefinition> defs = j.definitions();
    Set<String> now = new HashSet<>();
    defs.forEach(d -> now.add(d.name()));
    for (String old : registered) if (!now.contains(old)) queue.unregister(old);
    defs.forEach(queue::register);
    registered.clear();
    registered.addAll(now);
    LOG.info("netlifyFunctions: {} function job(s), {} scheduled", defs.size(), defs.stream().filter(d -> d.schedule().isPresent()).count());
  }

  private void writeManifest() {
    try {
      ManifestWriter.write(system.served(), manifestPath(), Instant.now());
    } catch (IOException | RuntimeException e) {
      LOG.warn("netlifyFunctions: the manifest could not be written to {}: {}", manifestPath(), e.getMessage());
    }
  }

  Path manifestPath() {
    return ManifestWriter.defaultPath(config.projectDir());
  }

  /** Where the functions answer: {@code http://127.0.0.1:PORT}; before the server listens, the configured port. */
  String origin() {
    String host = config.netlifyFunctions().host();
    if (host.equals("0.0.0.0") || host.equals("::")) host = "127.0.0.1";
    int port;
    try {
      port = server.port();
    } catch (IllegalStateException e) {
      port = config.netlifyFunctions().port();
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private Optional<NetlifyFailover> failover(UnderstudyConfig.NetlifyFunctions s) {
    modeText = switch (mode) {
      case REPLACE -> "replace: every scheduled slot runs here";
      case OFF -> "off: nothing is scheduled; functions answer over HTTP and run on demand";
      case FAILOVER -> "failover: a scheduled slot runs here only while Netlify will not run it";
    };
    if (mode != Mode.FAILOVER) return Optional.empty();
    NetlifyAccess access = NetlifyAccess.discover(s, config.projectDir(), System.getenv());
    access.missing().ifPresent(why -> {
      modeText = "failover: standby: primary unobservable (" + why + "); scheduled functions do not run here";
      LOG.warn("netlifyFunctions failover: Netlify cannot be observed ({}); scheduled functions stay on standby "
          + "(HTTP and manual runs work; mode replace runs every slot here)", why);
    });
    return Optional.of(NetlifyFailover.of(access, NetlifyClient.Options.DEFAULTS, Sleeper.REAL, note -> LOG.info("netlify: {}", note)));
  }

  private void observe() {
    try {
      NetlifyFailover.Result r = failover.orElseThrow().observe();
      switch (r.outcome()) {
        case PRIMARY_RUNS -> primaryWatch.ok(OBSERVED, "Netlify runs the scheduled functions: " + r.reason());
        case RUN_HERE -> primaryWatch.failed(OBSERVED, "Netlify will not run the scheduled functions (" + r.reason() + "): they run here");
        case STANDBY_UNOBSERVABLE -> primaryWatch.failed(OBSERVED,
            "Netlify cannot be observed (" + r.reason() + "): scheduled functions are not covered here");
      }
      Optional<String> before = primary;
      primary = Optional.of(r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + r.reason());
      if (!primary.equals(before)) LOG.info("netlify: {}", primary.get());
    } catch (RuntimeException e) {
      primaryWatch.failed(OBSERVED, "looking at the site on Netlify failed: " + e.getMessage());
      LOG.warn("netlify: looking at the site failed: {}", e.getMessage());
    }
  }

  /** The site's variables as Netlify gives them to functions: .env, then understudy.yml, then the daemon's own environment. */
  static Map<String, String> environment(UnderstudyConfig config) {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      env.putAll(DotEnv.read(config.projectDir().resolve(".env")));
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("netlifyFunctions: the project's .env cannot be read ({}): its variables do not reach the functions", e.getMessage());
    }
    env.putAll(config.netlifyFunctions().env());
    env.putAll(System.getenv());
    return env;
  }

  /** What failover last learned about Netlify, as the check {@code netlifyFunctions/primary/observed}. */
  PrimaryWatch primaryWatch() {
    return primaryWatch;
  }

  NodeWorkerPool workers() {
    return server.invoker();
  }

  NetlifySystem system() {
    return system;
  }

  Orchestrator.FunctionsStatus status() {
    Optional<String> url;
    try {
      server.port();
      url = Optional.of(origin());
    } catch (IllegalStateException e) {
      url = Optional.empty();
    }
    return new Orchestrator.FunctionsStatus(modeText, url, serverError, primary, manifestPath());
  }

  /** Runs {@code name} now, as an HTTP request to it would. */
  FunctionInvoker.Result invoke(String name, String method, String path, Map<String, List<String>> headers, byte[] body) throws IOException {
    NetlifyFunction f = FunctionRuns.valid(system.site(), name);
    return server.invoker().invoke(f, FunctionRuns.call(origin(), f, method, path, headers, body), server.timeoutOf(f));
  }

  /** Unregisters the functions' jobs (their schedules stop), then closes: the system is stopped. */
  void stop() {
    synchronized (this) {
      for (String j : registered) queue.unregister(j);
      registered.clear();
      jobs = null;
    }
    close();
  }

  @Override
  public void close() {
    watch.shutdownNow();
    server.close();
    system.close();
  }

}
