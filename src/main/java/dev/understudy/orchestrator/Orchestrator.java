package dev.understudy.orchestrator;

import dev.understudy.config.JobSettings;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.queue.JobDefinition;
import dev.understudy.engine.queue.JobQueue;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.TriggerKind;
import dev.understudy.engine.store.Store;
import dev.understudy.config.Mode;
import dev.understudy.engine.supervise.Supervisor;
import dev.understudy.systems.actions.ActionsSystem;
import dev.understudy.systems.netlify.FunctionInvoker;
import dev.understudy.systems.netlify.FunctionJobs;
import dev.understudy.systems.netlify.NetlifySystem;
import dev.understudy.systems.pm2.Pm2System;
import dev.understudy.systems.pm2.watch.Pm2Binary;
import dev.understudy.systems.actions.WorkflowJobs;
import dev.understudy.systems.actions.github.FailoverDecision;
import dev.understudy.systems.actions.github.GitHubAccess;
import dev.understudy.systems.actions.github.GitHubClient;
import dev.understudy.util.Sleeper;
import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.PrimaryWatch;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's brain: owns the queue and the jobs it runs, and answers the faces (CLI, API). The
 * platform systems plug in here as their issues land.
 */
public final class Orchestrator implements AutoCloseable {
  public static final Duration HOUSEKEEPING_INTERVAL = Duration.ofHours(1);
  private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

  private final UnderstudyConfig config;
  private final Store store;
  private final JobQueue queue;
  private final WorkflowRecovery.Places places;
  private volatile ActionsSystem actions;
  private volatile FunctionsRuntime functions;
  private final Pm2System.Places pm2Places;
  private volatile Pm2System pm2;
  private volatile Supervisor supervisor;
  private final java.util.Set<String> workflowJobs = new java.util.HashSet<>();
  private volatile String workflowsMode = "";
  private final Metrics metrics;
  /** The githubActions system whose changes count: a stopped one's late change registers nothing. */
  private volatile ActionsSystem actionsCurrent;
  private volatile Path healthHome;
  private volatile Health health;
  private final PrimaryWatch githubPrimary = new PrimaryWatch();
  private static final Check GITHUB_OBSERVED = Check.of(WorkflowJobs.SYSTEM, PrimaryWatch.PRIMARY, PrimaryWatch.OBSERVED);
  private final Lifecycle lifecycle;
  private volatile boolean closing;
  private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "understudy-housekeeping");
    t.setDaemon(true);
    return t;
  });

  /** {@code places}: where the home keeps workflow backups and rejected files. */
  public Orchestrator(UnderstudyConfig config, Store store, JobQueue queue, WorkflowRecovery.Places places) {
    this(config, store, queue, places, null);
  }

  /** {@code pm2Places}: where the pm2 system keeps logs and state; null leaves the pm2 system off. */
  public Orchestrator(UnderstudyConfig config, Store store, JobQueue queue, WorkflowRecovery.Places places,
      Pm2System.Places pm2Places) {
    this.config = config;
    this.store = store;
    this.queue = queue;
    this.places = places;
    this.pm2Places = pm2Places;
    this.metrics = new Metrics(this, queue);
    this.lifecycle = new Lifecycle(this);
  }

  /** Whether {@code system} is enabled in understudy.yml and can run in this orchestrator. */
  boolean enabledHere(String system) {
    UnderstudyConfig.SystemSettings s = config.systems().get(system);
    return s != null && s.enabled() && (!system.equals("pm2") || pm2Places != null) && !system.equals("gitSync");
  }

  /** True once {@link #close()} began: nothing is started any more. */
  boolean closing() {
    return closing;
  }

  /** The daemon's metrics (GET /metrics) and its view of itself. */
  public Metrics metrics() {
    return metrics;
  }

  /** The queue underneath, for the lifecycle ({@link Lifecycle}). */
  JobQueue queue() {
    return queue;
  }

  public void start() {
    for (JobSettings s : config.jobs()) {
      queue.register(CommandJobs.definition(s));
    }
    // Workflow and function jobs are registered before the queue starts, so no slot of theirs fires unknown.
    startActions();
    startFunctions();
    Path h = healthHome;
    if (h != null) {
      try {
        health = new Health(this, config, queue, h, java.time.Clock.systemUTC()); // registers alert:* jobs
      } catch (RuntimeException e) {
        LOG.error("the health loop could not be set up: {}; everything else runs unwatched", e.getMessage(), e);
      }
    }
    queue.start();
    startPm2();
    startHealth();
    long every = HOUSEKEEPING_INTERVAL.toMillis();
    housekeeping.scheduleAtFixedRate(this::purgeHistory, every, every, TimeUnit.MILLISECONDS);
    LOG.info("orchestrator started: {} jobs, {} scheduled", queue.jobs().size(), queue.schedules().size());
  }

  private void startHealth() {
    Health hl = health;
    if (hl == null) return;
    try {
      hl.start();
      metrics.healthStates(() -> {
        java.util.Map<String, String> states = new java.util.LinkedHashMap<>();
        for (java.util.Map<String, Object> c : hl.checks()) states.put((String) c.get("check"), (String) c.get("status"));
        return states;
      });
    } catch (RuntimeException e) {
      LOG.error("the health loop could not start: {}; everything else runs unwatched", e.getMessage(), e);
      hl.close();
      health = null;
    }
  }

  /** Turns the health loop on (probes, recoveries, alerts, reports under {@code home/reports}); call before {@link #start}. */
  public Orchestrator withHealth(Path home) {
    this.healthHome = home;
    return this;
  }

  /** The health loop, when it runs. */
  public Optional<Health> health() {
    return Optional.ofNullable(health);
  }

  /** Starts, stops and ensures the systems (one for the daemon, so its actions never overlap). */
  public Lifecycle lifecycle() {
    return lifecycle;
  }

  /**
   * Tells the health loop that {@code system} started or stopped, so its probe follows; {@code
   * byPerson}: start-system, stop-system or ensure, not a recovery.
   */
  void systemChanged(String system, boolean running, boolean byPerson) {
    Health hl = health;
    if (hl != null) hl.follow(system, running, byPerson);
  }

  /** Reads the functions again now; with autoRestore on, a broken one with a good copy is written back. */
  void recheckFunctions() {
    FunctionsRuntime f = functions;
    if (f != null) f.system().check();
  }

  /** The function workers' figures, while netlifyFunctions runs. */
  public Optional<dev.understudy.systems.netlify.serve.NodeWorkerPool.Stats> functionWorkers() {
    FunctionsRuntime f = functions;
    return f == null ? Optional.empty() : Optional.of(f.workers().stats());
  }

  /** Replaces every function worker; answers how many were started (0 while netlifyFunctions is not running). */
  int replaceFunctionWorkers(String why) {
    FunctionsRuntime f = functions;
    return f == null ? 0 : f.workers().replaceAll(why);
  }

  /** Runs the missed {@code slot} of {@code job} once, now; empty when it was made up already. */
  Optional<JobRun> makeUp(String job, java.time.Instant slot) {
    return queue.submitMakeUp(job, slot);
  }

  /** Reads the workflows again now; with autoRestore on, an invalid one with a good copy is written back. */
  void recheckWorkflows() {
    ActionsSystem a = actions;
    if (a != null) a.check();
  }

  public UnderstudyConfig config() {
    return config;
  }

  /** What the faces show about the engine underneath. */
  public record EngineStatus(String storeKind, String storeLocation, boolean storeOk, String node, int jobs, int activeRuns) {}

  public EngineStatus engineStatus() {
    return new EngineStatus(store.dialect().migrationFolder(), store.description(), store.ping(), queue.node(),
        queue.jobs().size(), queue.active().size());
  }

  public List<JobQueue.ScheduleStatus> schedules() {
    return queue.schedules();
  }

  public List<JobDefinition> jobs() {
    return queue.jobs().stream().map(n -> queue.job(n).orElseThrow()).toList();
  }

  public JobRun runNow(String job) {
    return queue.submit(job, TriggerKind.MANUAL);
  }

  public Optional<JobRun> run(String id) {
    return queue.run(id);
  }

  public List<JobRun> history(String job, int limit) {
    return queue.history(job, limit);
  }

  public boolean cancel(String runId) {
    return queue.cancel(runId);
  }

  /** The githubActions system runs while it is enabled in the config (its mode is for the runner to come). */
  private void startActions() {
    startActions(false);
  }

  /** {@code force}: start even when disabled in the config (start-system asked for it). */
  synchronized void startActions(boolean force) {
    if (actions != null) return;
    if (!force && !enabledHere(WorkflowJobs.SYSTEM)) {
      LOG.info("githubActions is disabled: workflows are neither checked nor backed up");
      return;
    }
    ActionsSystem a = WorkflowRecovery.open(config.projectDir(), places, config.githubActions().backupsKeep())
        .system(config.githubActions().autoRestore());
    Mode mode = config.modeOf("githubActions");
    WorkflowJobs jobs = new WorkflowJobs(config.projectDir(), places.secretsFile(), a::effectiveSource, mode, failover(mode), githubPrimary);
    actionsCurrent = a;
    a.onChange(() -> syncWorkflowJobs(a, jobs));
    try {
      a.start();
      actions = a;
    } catch (IOException | RuntimeException e) {
      a.close();
      LOG.error("githubActions could not start watching the workflows: {}", e.getMessage(), e);
    }
  }

  /**
   * How a failover slot learns whether GitHub ran it; empty in other modes. Without a repository
   * or a token the decision says "standby: primary unobservable" at each slot.
   */
  private Optional<FailoverDecision> failover(Mode mode) {
    workflowsMode = switch (mode) {
      case REPLACE -> "replace: every slot runs here";
      case OFF -> "off: nothing is scheduled; runs on demand only";
      case FAILOVER -> "failover: a slot runs here only when GitHub did not run it";
    };
    if (mode != Mode.FAILOVER) return Optional.empty();
    GitHubAccess access = GitHubAccess.discover(config.githubActions(), config.projectDir(), System.getenv());
    access.missing().ifPresentOrElse(
        why -> githubPrimary.failed(GITHUB_OBSERVED, "GitHub cannot be observed (" + why + "): scheduled workflows are not covered here"),
        () -> githubPrimary.ok(GITHUB_OBSERVED, "GitHub is asked at each slot whether it ran it"));
    workflowsMode = access.missing()
        .map(why -> "failover: standby: primary unobservable (" + why + "); slots do not run here")
        .orElse("failover: a slot runs here only when GitHub did not run it within " + graceText(config.githubActions().grace()));
    access.missing().ifPresent(why -> LOG.warn("githubActions failover: GitHub cannot be observed ({}); scheduled "
        + "workflows stay on standby (manual runs work; mode replace runs every slot here)", why));
    return Optional.of(FailoverDecision.of(access, config.githubActions().grace(), GitHubClient.Options.DEFAULTS,
        java.time.Clock.systemUTC(), Sleeper.REAL, note -> LOG.info("github: {}", note)));
  }

  /** Registers each workflow's jobs and drops those of workflows that are gone. */
  private synchronized void syncWorkflowJobs(ActionsSystem a, WorkflowJobs jobs) {
    if (a != actionsCurrent) return;
    List<JobDefinition> defs = jobs.definitions(a.workflows().stream().map(ActionsSystem.Workflow::name).toList());
    java.util.Set<String> now = new java.util.HashSet<>();
    defs.forEach(d -> now.add(d.name()));
    for (String old : workflowJobs) if (!now.contains(old)) queue.unregister(old);
    // what was learned of GitHub about a workflow that is gone goes with it
    java.util.Set<String> files = new java.util.HashSet<>();
    a.workflows().forEach(w -> files.add(w.name()));
    githubPrimary.retain(c -> c.subject().equals(PrimaryWatch.PRIMARY) || files.contains(c.subject()));
    defs.forEach(queue::register);
    workflowJobs.clear();
    workflowJobs.addAll(now);
    LOG.info("githubActions: {} workflow job(s), {} scheduled", defs.size(), defs.stream().filter(d -> d.schedule().isPresent()).count());
  }

  /** How scheduled workflows are covered: the mode, and in failover whether GitHub can be observed. */
  public String workflowsMode() {
    return workflowsMode;
  }

  private static String graceText(Duration d) {
    return d.toMinutes() + " min of the slot";
  }

  /** The netlifyFunctions system runs while it is enabled: it reads, serves and schedules the site's functions. */
  private void startFunctions() {
    startFunctions(false);
  }

  synchronized void startFunctions(boolean force) {
    if (functions != null) return;
    if (!force && !enabledHere(FunctionJobs.SYSTEM)) {
      LOG.info("netlifyFunctions is disabled: functions are neither served nor scheduled");
      return;
    }
    try {
      FunctionsRuntime f = new FunctionsRuntime(config, queue, places, metrics.functionObserver());
      f.start();
      functions = f;
    } catch (RuntimeException e) {
      LOG.error("netlifyFunctions could not start: {}", e.getMessage(), e);
    }
  }

  /** What the faces show about the functions as a whole: mode, where they answer, Netlify's state. */
  public record FunctionsStatus(String mode, Optional<String> url, Optional<String> serverError, Optional<String> primary,
      java.nio.file.Path manifest) {}

  public Optional<FunctionsStatus> functionsStatus() {
    FunctionsRuntime f = functions;
    if (f == null) return Optional.empty();
    return Optional.of(f.status());
  }

  /** Every function of the site with its state; empty while netlifyFunctions is not running. */
  public List<NetlifySystem.FunctionStatus> functions() {
    FunctionsRuntime f = functions;
    return f == null ? List.of() : f.system().functions();
  }

  /**
   * Runs function {@code name} now and answers what it answered; an {@link IllegalArgumentException}
   * names an unknown or invalid function, an {@link IllegalStateException} a stopped system.
   */
  public FunctionInvoker.Result invokeFunction(String name, String method, String path, java.util.Map<String, List<String>> headers,
      byte[] body) throws IOException {
    FunctionsRuntime f = functions;
    if (f == null) throw new IllegalStateException("netlifyFunctions is not running (disabled in understudy.yml, or it failed to start: see the daemon log)");
    return f.invoke(name, method, path, headers, body);
  }

  /** The pm2 system runs while it is enabled: its mode is pm2.mode, else failover when a pm2 program is found. */
  private void startPm2() {
    startPm2(false);
  }

  synchronized void startPm2(boolean force) {
    if (pm2 != null) return;
    if (pm2Places == null || (!force && !enabledHere("pm2"))) {
      LOG.info("pm2 is disabled: no app is supervised or watched");
      return;
    }
    Optional<java.nio.file.Path> bin = Pm2Binary.find(config.pm2().bin(), System.getenv().getOrDefault("PATH", ""));
    Mode mode = Pm2Binary.mode(config.pm2().mode(), bin);
    try {
      // Apps outlive a daemon crash and the next daemon adopts them (PM2's die with its God daemon).
      supervisor = new Supervisor(Supervisor.Options.defaults(pm2Places.stateDir()).withChildrenOutliveDaemon(true)
          .withWarmSpare(Supervisor.WarmSpare.valueOf(config.pm2().warmSpare().name()), Supervisor.Options.DEFAULT_SPARE_KEEP)
          .withListener(e -> LOG.info("pm2: {} {}{}", e.name(), e.kind().name().toLowerCase(java.util.Locale.ROOT),
              e.message() == null || e.message().isEmpty() ? "" : ": " + e.message())));
      Pm2System p = new Pm2System(config, pm2Places, mode, supervisor);
      pm2 = p;
      // Apps may take long to be ready (wait_ready): the daemon answers meanwhile.
      Thread t = new Thread(() -> {
        try {
          p.start();
          LOG.info("pm2 started in {} mode: {} app(s)", mode.word(), p.appCount());
        } catch (RuntimeException e) {
          LOG.error("pm2 could not start its apps: {}", e.getMessage(), e);
        }
      }, "understudy-pm2-start");
      t.setDaemon(true);
      t.start();
    } catch (RuntimeException e) {
      LOG.error("pm2 could not start: {}", e.getMessage(), e);
    }
  }

  /** The pm2 system, when it runs. */
  public Optional<Pm2System> pm2() {
    return Optional.ofNullable(pm2);
  }

  /**
   * What failover last learned about a system's primary, as samples of its checks: {@code
   * SYSTEM/primary/observed}, and each scheduled workflow's {@code githubActions/FILE/primary}.
   */
  public List<dev.understudy.engine.monitor.Sample> primaryChecks(String system, java.time.Instant now) {
    return switch (system) {
      case WorkflowJobs.SYSTEM -> {
        // whether GitHub can be observed matters only when a workflow is scheduled
        boolean scheduled = queue.schedules().stream().anyMatch(st -> st.system().equals(WorkflowJobs.SYSTEM));
        boolean blind = githubPrimary.failing(GITHUB_OBSERVED);
        yield githubPrimary.samples(now, !blind).stream().filter(x -> scheduled || !x.check().subject().equals(PrimaryWatch.PRIMARY)).toList();
      }
      case FunctionJobs.SYSTEM -> {
        FunctionsRuntime f = functions;
        yield f == null ? List.of() : f.primaryWatch().samples(now);
      }
      default -> List.of();
    };
  }

  /** Whether the githubActions system runs (enabled in the config and started). */
  public boolean workflowsEnabled() {
    return actions != null;
  }

  /** Every workflow of the project with its state; empty while githubActions is not running. */
  public List<ActionsSystem.Workflow> workflows() {
    ActionsSystem a = actions;
    return a == null ? List.of() : a.workflows();
  }

  /** What to schedule workflow {@code name} (a file name) from: the valid file, else its newest good copy. */
  public Optional<ActionsSystem.EffectiveSource> effectiveWorkflowSource(String name) {
    ActionsSystem a = actions;
    return a == null ? Optional.empty() : a.effectiveSource(name);
  }

  /** Stops githubActions: the watcher ends and the workflows' jobs are unregistered. */
  void stopActions() {
    ActionsSystem a;
    synchronized (this) {
      a = actions;
      if (a == null) return;
      actions = null;
      actionsCurrent = null;
      a.onChange(() -> {});
    }
    a.close(); // outside the lock: its watcher may be waiting for it in syncWorkflowJobs
    githubPrimary.retain(c -> false);
    synchronized (this) {
      for (String j : workflowJobs) queue.unregister(j);
      workflowJobs.clear();
    }
    LOG.info("githubActions stopped: its workflows are no longer scheduled");
  }

  /** Stops netlifyFunctions: the functions URL stops answering and their jobs are unregistered. */
  synchronized void stopFunctions() {
    FunctionsRuntime f = functions;
    if (f == null) return;
    functions = null;
    f.stop();
    LOG.info("netlifyFunctions stopped: functions are neither served nor scheduled");
  }

  /** Stops pm2: its apps are stopped and no longer supervised. */
  synchronized void stopPm2() {
    Pm2System p = pm2;
    if (p == null) return;
    pm2 = null;
    p.close();
    Supervisor sv = supervisor;
    supervisor = null;
    if (sv != null) sv.close();
    LOG.info("pm2 stopped: its apps are stopped");
  }

  private void purgeHistory() {
    try {
      int n = queue.purgeHistory(config.queue().retention());
      if (n > 0) LOG.info("history: deleted {} runs older than {}", n, config.queue().retention());
    } catch (RuntimeException e) {
      LOG.warn("history purge failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    closing = true;
    Health hl = health;
    if (hl != null) hl.close();
    Pm2System p = pm2;
    if (p != null) p.close();
    Supervisor sv = supervisor;
    if (sv != null) sv.close();
    ActionsSystem a = actions;
    if (a != null) a.close();
    housekeeping.shutdownNow();
    queue.close();
    // after the queue: a function run it lets finish still has its workers
    FunctionsRuntime f = functions;
    if (f != null) f.close();
  }
}
