package dev.understudy.engine.queue;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.understudy.engine.schedule.CatchUp;
import dev.understudy.engine.schedule.CronSchedule;
import dev.understudy.engine.store.Dialect;
import dev.understudy.engine.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one durable queue every job goes through, on db-scheduler. Two tasks: {@code understudy-run}
 * (one execution per accepted run, instance id = run id) and {@code understudy-slot} (one
 * execution per scheduled job, due at its next slot). The {@code job_runs} table keeps history and
 * its {@code UNIQUE(job, slot)} makes a slot run at most once, cluster-wide.
 */
public final class JobQueue implements AutoCloseable {
  public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(2);
  public static final int DEFAULT_WORKERS = 16;
  public static final Duration DEFAULT_STARTING_DEADLINE = Duration.ofHours(24);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);
  /** When the store fails under a run or a slot, db-scheduler tries it again after this. */
  public static final Duration STORE_FAILURE_RETRY = Duration.ofSeconds(10);
  /** How soon a run waiting for its system's concurrency limit looks again. */
  public static final Duration PERMIT_RETRY = Duration.ofMillis(200);
  /** How often accepted runs without a queue entry are looked for (a failure between two writes). */
  public static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(30);
  static final String RUN_TASK = "understudy-run";
  static final String SLOT_TASK = "understudy-slot";
  private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);

  private final Store store;
  private final JobRunStore runs;
  private final Clock clock;
  private final String node;
  private final Duration startingDeadline;
  private final Map<String, Integer> concurrencyLimits;
  private final Map<String, JobDefinition> jobs = new ConcurrentHashMap<>();
  private final Map<String, Semaphore> systemPermits = new ConcurrentHashMap<>();
  private final RunExecutor executor;
  private final CustomTask<String> runTask;
  private final CustomTask<String> slotTask;
  private final Scheduler scheduler;
  private final ScheduledExecutorService waker;
  private volatile boolean started;
  private final java.util.List<java.util.function.Consumer<JobRun>> finishListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  private JobQueue(Builder b) {
    this.store = b.store;
    this.runs = new JobRunStore(store.dataSource());
    this.clock = b.clock;
    this.node = b.node;
    this.startingDeadline = b.startingDeadline;
    this.concurrencyLimits = Map.copyOf(b.concurrencyLimits);
    this.executor = new RunExecutor(runs, clock, node);
    // Only the store failing under the handlers lands here (job failures are handled inside them).
    this.runTask = Tasks.custom(RUN_TASK, String.class)
        .onFailure(new FailureHandler.OnFailureRetryLater<>(STORE_FAILURE_RETRY)).execute(this::executeRun);
    this.slotTask = Tasks.custom(SLOT_TASK, String.class)
        .onFailure(new FailureHandler.OnFailureRetryLater<>(STORE_FAILURE_RETRY)).execute(this::executeSlot);
    var sb = Scheduler.create(store.dataSource(), runTask, slotTask)
        .threads(b.workers)
        .pollingInterval(b.pollingInterval)
        .heartbeatInterval(b.heartbeatInterval)
        .missedHeartbeatsLimit(4)
        .enableImmediateExecution()
        .enablePriority()
        .shutdownMaxWait(b.shutdownGrace)
        .clock(clock::instant)
        .schedulerName(() -> node)
        .deleteUnresolvedAfter(Duration.ofDays(1));
    if (store.dialect() == Dialect.POSTGRESQL) {
      sb.pollUsingLockAndFetch(0.5, 1.0);
    }
    this.scheduler = sb.build();
    this.waker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "understudy-waker");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Called with the finished run (its final row) each time this node ends a run's last attempt
   * (succeeded, failed, timed out or cancelled); for metrics. A listener that throws is logged and ignored.
   */
  public void onRunFinished(java.util.function.Consumer<JobRun> listener) {
    finishListeners.add(listener);
  }

  private void finished(String id) {
    if (finishListeners.isEmpty()) return;
    try {
      runs.find(id).ifPresent(r -> finishListeners.forEach(l -> l.accept(r)));
    } catch (RuntimeException e) {
      LOG.debug("a run listener failed: {}", e.getMessage());
    }
  }

  public static Builder builder(Store store) {
    return new Builder(store);
  }

  /** Adds or replaces a job; a scheduled job gets its next slot if it has none yet. */
  public void register(JobDefinition def) {
    jobs.put(def.name(), def);
    def.schedule().ifPresentOrElse(s -> ensureSlot(def.name(), s), () -> cancelIfExists(slotId(def.name())));
  }

  public void unregister(String job) {
    jobs.remove(job);
    cancelIfExists(slotId(job));
  }

  public Set<String> jobs() {
    return new TreeSet<>(jobs.keySet());
  }

  public Optional<JobDefinition> job(String name) {
    return Optional.ofNullable(jobs.get(name));
  }

  public void start() {
    if (store.dialect() == Dialect.SQLITE) {
      releaseOwnStaleExecutions();
    }
    scheduler.start();
    started = true;
    recoverAcceptedRuns();
    waker.scheduleWithFixedDelay(this::recoverAcceptedRunsQuietly, RECOVERY_INTERVAL.toMillis(),
        RECOVERY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    dropSlotsOfUnknownJobs();
    for (JobDefinition def : jobs.values()) {
      def.schedule().ifPresent(s -> nextSlotTime(def.name()).ifPresent(this::wakeAt));
    }
    wakeAt(clock.instant());
  }

  /** Looks for due work now instead of at the next poll (after a clock change, say). */
  public void checkDue() {
    if (started) scheduler.triggerCheckForDueExecutions();
  }

  private JobDefinition known(String job) {
    JobDefinition def = jobs.get(job);
    if (def == null) throw new QueueException("no job named '" + job + "'" + suggestion(job));
    return def;
  }

  /** Accepts a run now: recorded before it runs, so a crash cannot lose it. */
  public JobRun submit(String job, TriggerKind trigger) {
    return submit(job, trigger, null).orElseThrow();
  }

  /**
   * Accepts a run for {@code slot}; empty when that slot already has a run (it runs at most once).
   * A null slot means a fresh one.
   */
  public Optional<JobRun> submit(String job, TriggerKind trigger, Instant slot) {
    JobDefinition def = known(job);
    String id = UUID.randomUUID().toString();
    String slotKey = slot == null ? JobRun.NO_SLOT + id : slot.toString();
    return accept(def, id, slotKey, trigger, RunState.QUEUED, null);
  }

  /**
   * Accepts the one late run of a slot that was missed (its handler sees the slot, as the slot's
   * own run would have); empty when the slot was made up already. A {@link QueueException} when the
   * job forbids overlapping runs and one is active: ask again later.
   */
  public Optional<JobRun> submitMakeUp(String job, Instant slot) {
    JobDefinition def = known(job);
    // a late run never overlaps (nor, under replace, cancels) a current one of a job that forbids overlap
    List<JobRun> active = def.concurrency() == ConcurrencyPolicy.ALLOW ? List.of() : runs.activeOf(def.name());
    if (!active.isEmpty()) {
      throw new QueueException(job + ": run " + active.get(0).id() + " is active (concurrency: " + def.concurrency().name().toLowerCase(java.util.Locale.ROOT)
          + "): the missed slot " + slot + " is made up once it ends");
    }
    return accept(def, UUID.randomUUID().toString(), slot + JobRun.MAKE_UP, TriggerKind.CATCH_UP, RunState.QUEUED, null);
  }

  /**
   * Accepts a run now with an input its handler reads from {@link JobContext#payload()}: stored
   * with the run, so it survives a crash and every retry sees the same input.
   */
  public JobRun submitWithPayload(String job, TriggerKind trigger, String payload) {
    JobDefinition def = known(job);
    String id = UUID.randomUUID().toString();
    return accept(def, id, JobRun.NO_SLOT + id, trigger, RunState.QUEUED, null, payload).orElseThrow();
  }

  public Optional<JobRun> run(String id) {
    return runs.find(id);
  }

  /** Newest first; {@code job} null for every job. */
  public List<JobRun> history(String job, int limit) {
    return runs.history(job, limit);
  }

  public List<JobRun> active() {
    return runs.active();
  }

  /** Every scheduled job with its next slot and its latest run. */
  public List<ScheduleStatus> schedules() {
    List<ScheduleStatus> out = new ArrayList<>();
    for (JobDefinition def : jobs.values()) {
      if (def.schedule().isEmpty()) continue;
      Optional<JobRun> last = runs.history(def.name(), 1).stream().findFirst();
      out.add(new ScheduleStatus(def.name(), def.system(), def.schedule().get(), nextSlotTime(def.name()), last));
    }
    out.sort(Comparator.comparing(ScheduleStatus::job));
    return out;
  }

  /** Cancels a run that has not finished; true when it was active. */
  public boolean cancel(String runId) {
    Optional<JobRun> r = runs.find(runId);
    if (r.isEmpty() || r.get().state().terminal()) return false;
    executor.cancel(runId);
    runs.markFinished(runId, RunState.CANCELLED, clock.instant(), "cancelled", null);
    cancelIfExists(runTask.instance(runId));
    return true;
  }

  /** Deletes finished runs accepted before now minus {@code retention}. */
  public int purgeHistory(Duration retention) {
    return runs.deleteFinishedBefore(clock.instant().minus(retention));
  }

  public String node() {
    return node;
  }

  /** Stops taking work; running jobs get the shutdown grace to finish, then resume after restart. */
  @Override
  public void close() {
    waker.shutdownNow();
    if (started) scheduler.stop();
    executor.close();
  }

  // --- slots -------------------------------------------------------------------------------

  private CompletionHandler<String> executeSlot(TaskInstance<String> instance, ExecutionContext ctx) {
    String job = instance.getId();
    SlotData data = SlotData.parse(instance.getData(), ctx.getExecution().executionTime);
    JobDefinition def = jobs.get(job);
    if (def == null || def.schedule().isEmpty()) {
      return (complete, ops) -> ops.stop();
    }
    CronSchedule schedule = def.schedule().get();
    Instant now = clock.instant();
    if (schedule.spec().equals(data.spec())) {
      // The slot comes from the task data, not the execution time: db-scheduler moves that when it
      // revives a dead execution or retries a failed one, and the slot's identity must not move.
      fireSlot(def, CatchUp.decide(schedule, data.slot(), now, startingDeadline), now);
    } else {
      LOG.info("schedule of {} changed to {}; next slot recomputed", job, schedule);
    }
    Optional<Instant> next = schedule.nextAfter(now);
    return (complete, ops) -> {
      if (next.isEmpty()) {
        ops.stop();
        return;
      }
      ops.reschedule(complete, next.get(), new SlotData(schedule.spec(), next.get()).text());
      wakeAt(next.get());
    };
  }

  private void fireSlot(JobDefinition def, CatchUp.Decision d, Instant now) {
    if (d.skipped() > 0) {
      LOG.warn("{}: slots were missed while no daemon ran; catching up with the latest, {}", def.name(), d.slot());
    }
    if (!d.run()) {
      LOG.warn("{}: slot {} is older than the starting deadline ({}); recorded as missed", def.name(), d.slot(), startingDeadline);
      accept(def, UUID.randomUUID().toString(), d.slot().toString(), TriggerKind.SCHEDULE, RunState.MISSED,
          "missed: the daemon was down at " + d.slot() + " and the starting deadline passed");
      return;
    }
    TriggerKind trigger = d.late() ? TriggerKind.CATCH_UP : TriggerKind.SCHEDULE;
    // Only the forbid and replace policies care what else is active: allow skips the query.
    List<JobRun> active = def.concurrency() == ConcurrencyPolicy.ALLOW ? List.of() : runs.activeOf(def.name());
    if (!active.isEmpty() && def.concurrency() == ConcurrencyPolicy.FORBID) {
      accept(def, UUID.randomUUID().toString(), d.slot().toString(), trigger, RunState.SKIPPED,
          "skipped: run " + active.get(0).id() + " was still active (concurrency: forbid)");
      return;
    }
    if (!active.isEmpty() && def.concurrency() == ConcurrencyPolicy.REPLACE) {
      for (JobRun r : active) {
        LOG.info("{}: cancelling run {} for slot {} (concurrency: replace)", def.name(), r.id(), d.slot());
        cancel(r.id());
      }
    }
    accept(def, UUID.randomUUID().toString(), d.slot().toString(), trigger, RunState.QUEUED, null);
  }

  private void ensureSlot(String job, CronSchedule schedule) {
    Optional<ScheduledExecution<Object>> existing = scheduler.getScheduledExecution(slotId(job));
    if (existing.isPresent()
        && schedule.spec().equals(SlotData.parse((String) existing.get().getData(), existing.get().getExecutionTime()).spec())) {
      return;
    }
    Optional<Instant> next = schedule.nextAfter(clock.instant());
    if (next.isEmpty()) {
      LOG.warn("{}: schedule '{}' never fires; nothing scheduled", job, schedule);
      cancelIfExists(slotId(job));
      return;
    }
    String data = new SlotData(schedule.spec(), next.get()).text();
    if (existing.isPresent()) {
      if (!existing.get().isPicked()) scheduler.reschedule(slotId(job), next.get(), data);
    } else {
      scheduler.scheduleIfNotExists(slotTask.instance(job, data), next.get());
    }
    if (started) wakeAt(next.get());
  }

  /** What a slot execution carries: the schedule it was computed from, and the slot it stands for. */
  record SlotData(String spec, Instant slot) {
    String text() {
      return slot + "\n" + spec;
    }

    static SlotData parse(String text, Instant fallbackSlot) {
      int nl = text == null ? -1 : text.indexOf('\n');
      if (nl < 0) return new SlotData(text == null ? "" : text, fallbackSlot);
      return new SlotData(text.substring(nl + 1), Instant.parse(text.substring(0, nl)));
    }
  }

  private Optional<Instant> nextSlotTime(String job) {
    return scheduler.getScheduledExecution(slotId(job)).map(ScheduledExecution::getExecutionTime);
  }

  private TaskInstanceId slotId(String job) {
    return TaskInstanceId.of(SLOT_TASK, job);
  }

  /** db-scheduler polls every second; this wakes it exactly at the next due instant instead. */
  private void wakeAt(Instant t) {
    if (!started) return;
    long delayNanos = Math.max(0, Duration.between(clock.instant(), t).toNanos());
    try {
      waker.schedule(() -> wake(t), delayNanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // shutting down
    }
  }

  /** A wake-up even a fraction of a millisecond early finds nothing due and costs a whole poll: re-arm. */
  private void wake(Instant t) {
    if (clock.instant().isBefore(t)) {
      wakeAt(t);
    } else {
      scheduler.triggerCheckForDueExecutions();
    }
  }

  private void cancelIfExists(TaskInstanceId id) {
    if (scheduler.getScheduledExecution(id).filter(e -> !e.isPicked()).isPresent()) {
      try {
        scheduler.cancel(id);
      } catch (RuntimeException e) {
        LOG.debug("could not cancel {}: {}", id, e.getMessage()); // picked meanwhile: it finishes itself
      }
    }
  }

  // --- runs --------------------------------------------------------------------------------

  private Optional<JobRun> accept(JobDefinition def, String id, String slotKey, TriggerKind trigger, RunState state,
      String message) {
    return accept(def, id, slotKey, trigger, state, message, null);
  }

  private Optional<JobRun> accept(JobDefinition def, String id, String slotKey, TriggerKind trigger, RunState state,
      String message, String payload) {
    Instant now = clock.instant();
    JobRun run = new JobRun(id, def.name(), slotKey, def.system(), trigger, def.priority(), state, 0,
        def.maxAttempts(), now, Optional.empty(), state.terminal() ? Optional.of(now) : Optional.empty(),
        Optional.empty(), message, null, node);
    if (!runs.insertIfAbsent(run, payload)) {
      LOG.debug("{}: slot {} already has a run", def.name(), slotKey);
      return Optional.empty();
    }
    if (!state.terminal()) {
      scheduler.scheduleIfNotExists(runTask.instanceBuilder(id).data(id).priority(def.priority()).scheduledTo(now));
    }
    return Optional.of(run);
  }

  private CompletionHandler<String> executeRun(TaskInstance<String> instance, ExecutionContext ctx) {
    String id = instance.getId();
    Optional<JobRun> found = runs.find(id);
    if (found.isEmpty() || found.get().state().terminal()) {
      return (complete, ops) -> ops.stop();
    }
    JobRun run = found.get();
    JobDefinition def = jobs.get(run.job());
    if (def == null) {
      runs.markFinished(id, RunState.FAILED, clock.instant(), "job '" + run.job() + "' is no longer defined", null);
      return (complete, ops) -> ops.stop();
    }
    Semaphore permits = permitsOf(def.system());
    if (!permits.tryAcquire()) {
      // The system is at its limit: come back shortly instead of holding a worker thread.
      Instant later = clock.instant().plus(PERMIT_RETRY);
      return (complete, ops) -> ops.reschedule(complete, later);
    }
    RunExecutor.Result result;
    int attempt;
    try {
      // An attempt cut off by the daemon stopping or dying is run again under the same number:
      // it did not fail, the daemon did.
      attempt = run.state() == RunState.RUNNING ? Math.max(1, run.attempt()) : run.attempt() + 1;
      if (run.state() == RunState.RUNNING) {
        LOG.warn("{}: attempt {} of run {} was cut off when the daemon stopped; running it again", run.job(), attempt, id);
      }
      Optional<RunExecutor.Result> r = executor.execute(def, run, attempt);
      if (r.isEmpty()) {
        return (complete, ops) -> ops.stop(); // cancelled before it started
      }
      result = r.get();
    } finally {
      permits.release();
      if (concurrencyLimits.containsKey(def.system())) wakeAt(clock.instant().plus(PERMIT_RETRY));
    }
    if (result.state() == RunState.RUNNING) {
      // The daemon is stopping: the row stays running, the execution is released, and the next
      // start (or another node) runs the attempt again.
      Instant now = clock.instant();
      return (complete, ops) -> ops.reschedule(complete, now);
    }
    if (result.state() == RunState.SUCCEEDED || result.state() == RunState.CANCELLED || attempt >= run.maxAttempts()) {
      runs.markFinished(id, result.state(), clock.instant(), result.message(), result.excerpt());
      finished(id);
      return (complete, ops) -> ops.stop();
    }
    Instant next = clock.instant().plus(def.backoffAfter(attempt));
    runs.markRetrying(id, next, result.message() + "; attempt " + (attempt + 1) + " at " + next, result.excerpt());
    LOG.info("{}: attempt {} {}; retrying at {}", run.job(), attempt, result.state().word(), next);
    return (complete, ops) -> {
      ops.reschedule(complete, next);
      wakeAt(next);
    };
  }

  private Semaphore permitsOf(String system) {
    return systemPermits.computeIfAbsent(system,
        s -> new Semaphore(concurrencyLimits.getOrDefault(s, Integer.MAX_VALUE), true));
  }

  private void recoverAcceptedRunsQuietly() {
    try {
      recoverAcceptedRuns();
    } catch (RuntimeException e) {
      LOG.warn("looking for runs to re-queue failed: {}", e.getMessage());
    }
  }

  /** Re-queues accepted runs whose execution row is gone (a crash between the two writes). */
  private void recoverAcceptedRuns() {
    for (JobRun r : runs.active()) {
      Instant at = r.nextAttemptAt().orElse(clock.instant());
      if (scheduler.scheduleIfNotExists(runTask.instanceBuilder(r.id()).data(r.id()).priority(r.priority()).build(), at)) {
        LOG.info("{}: run {} re-queued after restart", r.job(), r.id());
      }
    }
  }

  private void dropSlotsOfUnknownJobs() {
    for (ScheduledExecution<Object> e : scheduler.getScheduledExecutionsForTask(SLOT_TASK)) {
      String job = e.getTaskInstance().getId();
      JobDefinition def = jobs.get(job);
      if (def == null || def.schedule().isEmpty()) {
        cancelIfExists(e.getTaskInstance());
      }
    }
  }

  /**
   * With SQLite only this daemon uses the store (one home, one daemon), so executions still marked
   * picked were picked by a daemon that died: free them now instead of waiting for heartbeats.
   */
  private void releaseOwnStaleExecutions() {
    String sql = "UPDATE scheduled_tasks SET picked = ?, picked_by = NULL, last_heartbeat = NULL,"
        + " version = version + 1 WHERE picked = ?";
    try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setBoolean(1, false);
      ps.setBoolean(2, true);
      int n = ps.executeUpdate();
      if (n > 0) LOG.info("released {} executions picked by a daemon that stopped", n);
    } catch (SQLException e) {
      throw new QueueException("cannot release stale executions: " + e.getMessage(), e);
    }
  }

  private String suggestion(String job) {
    return dev.understudy.util.Suggestions.closest(job, jobs.keySet())
        .map(s -> ": did you mean '" + s + "'?")
        .orElse(jobs.isEmpty() ? ": no jobs are defined" : ": known jobs are " + new TreeSet<>(jobs.keySet()));
  }

  /** A scheduled job, its next slot and its latest run. */
  public record ScheduleStatus(String job, String system, CronSchedule schedule, Optional<Instant> next,
      Optional<JobRun> last) {}

  public static final class Builder {
    private final Store store;
    private Clock clock = Clock.systemUTC();
    private String node = defaultNode();
    private int workers = DEFAULT_WORKERS;
    private Duration pollingInterval = DEFAULT_POLLING_INTERVAL;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Duration startingDeadline = DEFAULT_STARTING_DEADLINE;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private Map<String, Integer> concurrencyLimits = Map.of();

    private Builder(Store store) {
      this.store = store;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    public Builder node(String n) {
      this.node = n;
      return this;
    }

    public Builder workers(int n) {
      this.workers = n;
      return this;
    }

    public Builder pollingInterval(Duration d) {
      this.pollingInterval = d;
      return this;
    }

    public Builder heartbeatInterval(Duration d) {
      this.heartbeatInterval = d;
      return this;
    }

    public Builder startingDeadline(Duration d) {
      this.startingDeadline = d;
      return this;
    }

    public Builder shutdownGrace(Duration d) {
      this.shutdownGrace = d;
      return this;
    }

    /** At most this many runs at once per system, e.g. {@code {"githubActions": 2}}. */
    public Builder concurrencyLimits(Map<String, Integer> limits) {
      this.concurrencyLimits = limits;
      return this;
    }

    public JobQueue build() {
      return new JobQueue(this);
    }

    private static String defaultNode() {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "localhost";
      }
      String n = host + "-" + ProcessHandle.current().pid();
      return n.length() > 50 ? n.substring(n.length() - 50) : n;
    }
  }
}
