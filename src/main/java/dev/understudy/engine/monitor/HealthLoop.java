package dev.understudy.engine.monitor;

import dev.understudy.engine.logs.SecretMasker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every registered {@link Probe} on its system's interval, feeds the samples to each check's
 * {@link CheckState} (and {@link TrendWatch}), and tells the {@link HealthListener}s what changed.
 *
 * <p>Each probe runs on a worker thread; {@link #tick()} never waits for one. A probe that has not
 * answered {@code timeout} after it started is interrupted and its own check ({@code
 * system/name/probe}) gets a failed sample; while it still hangs it is not started again, and each
 * of its cycles adds another failure (so 3 hung cycles make it FAILING). A probe that throws fails
 * its check the same way. The other probes go on regardless. A late answer is dropped.
 *
 * <p>Time comes from the {@link Clock}: {@link #start()} ticks once a second on a daemon thread;
 * tests leave it stopped, set the clock and call {@link #tick()} themselves.
 */
public final class HealthLoop implements AutoCloseable {
  /** The team's scripts gave a check 30 s to answer. */
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration TICK = Duration.ofSeconds(1);
  /** Kinds whose values the trend fitter follows unless told otherwise. */
  public static final Set<String> DEFAULT_TREND_KINDS = Set.of(Check.MEMORY);

  private static final Logger LOG = LoggerFactory.getLogger(HealthLoop.class);

  private final Clock clock;
  private final HealthIntervals intervals;
  private final Thresholds thresholds;
  private final TrendSettings trendSettings;
  private final Set<String> trendKinds;
  private final ExecutorService workers;
  private final boolean ownWorkers;
  private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private final Map<String, Registered> probes = new LinkedHashMap<>();
  private final Map<Check, CheckState> states = new LinkedHashMap<>();
  private final Map<Check, TrendWatch> trends = new LinkedHashMap<>();
  private ScheduledExecutorService ticker;

  private HealthLoop(Builder b) {
    this.clock = b.clock;
    this.intervals = b.intervals;
    this.thresholds = b.thresholds;
    this.trendSettings = b.trend;
    this.trendKinds = Set.copyOf(b.trendKinds);
    this.ownWorkers = b.workers == null;
    this.workers = ownWorkers ? Executors.newCachedThreadPool(daemonThreads("health-probe")) : b.workers;
  }

  public static Builder builder(Clock clock) {
    return new Builder(clock);
  }

  public void addListener(HealthListener l) {
    listeners.add(Objects.requireNonNull(l));
  }

  /** Registers a probe with the default 30 s timeout; its first run is at the next tick. */
  public void register(String system, String name, Probe probe) {
    register(system, name, probe, DEFAULT_RESPONSE_TIMEOUT);
  }

  /**
   * Registers (or replaces) the probe {@code name} of {@code system}. Its own check is {@code
   * system/name/probe}.
   */
  public void register(String system, String name, Probe probe, Duration timeout) {
    Check own = Check.of(system, name, Check.PROBE);
    Objects.requireNonNull(probe, "probe");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException(own + ": the probe timeout must be longer than 0");
    synchronized (lock) {
      Registered old = probes.put(own.id(), new Registered(own, probe, timeout, intervals.of(system), clock.instant()));
      if (old != null && old.running != null) old.running.cancel(true);
    }
  }

  /** Stops running a probe; the states of its checks stay until {@link #forget}. */
  public void unregister(String system, String name) {
    synchronized (lock) {
      Registered r = probes.remove(Check.of(system, name, Check.PROBE).id());
      if (r != null && r.running != null) r.running.cancel(true);
    }
  }

  /** Drops the state of every check whose id starts with {@code prefix} ("pm2/web/"): the subject is gone. */
  public void forget(String prefix) {
    synchronized (lock) {
      states.keySet().removeIf(c -> c.id().startsWith(prefix));
      trends.keySet().removeIf(c -> c.id().startsWith(prefix));
    }
  }

  /** Makes {@code system}'s probes due at the next tick (all systems for null). */
  public void dueNow(String system) {
    Instant now = clock.instant();
    synchronized (lock) {
      for (Registered r : probes.values()) {
        if (system == null || r.own.system().equals(system)) r.nextDue = now;
      }
    }
  }

  /**
   * One pass: times out overdue probes, starts the due ones (without waiting for them), then tells
   * listeners the time. Safe to call from any thread.
   */
  public void tick() {
    Instant now = clock.instant();
    List<Consumer<HealthListener>> events = new ArrayList<>();
    synchronized (lock) {
      for (Registered r : probes.values()) {
        boolean due = !now.isBefore(r.nextDue);
        if (due) r.nextDue = now.plus(r.interval);
        if (r.busy && !r.timedOut && !now.isBefore(r.startedAt.plus(r.timeout))) {
          r.running.cancel(true);
          r.timedOut = true;
          feed(Sample.failed(r.own, now, "no answer within " + HealthIntervals.human(r.timeout)), events);
          continue;
        }
        if (!due) continue;
        if (r.busy) {
          // still hanging after its timeout: one more failure a cycle; within its timeout: slower than its interval
          if (r.timedOut) {
            feed(Sample.failed(r.own, now, "still no answer, " + HealthIntervals.human(Duration.between(r.startedAt, now))
                + " after it started"), events);
          }
          continue;
        }
        start(r, now);
      }
      emit(events);
    }
    emit(List.of(l -> l.onTick(now)));
  }

  private void start(Registered r, Instant now) {
    int run = ++r.run;
    r.startedAt = now;
    r.timedOut = false;
    r.busy = true;
    try {
      r.running = workers.submit(() -> runProbe(r, run, now));
    } catch (RejectedExecutionException e) {
      r.busy = false; // closing
    }
  }

  private void runProbe(Registered r, int run, Instant startedAt) {
    List<Sample> out = List.of();
    String failure = null;
    boolean interrupted = false;
    long t0 = System.nanoTime();
    try {
      out = Objects.requireNonNullElse(r.probe.sample(startedAt), List.of());
    } catch (InterruptedException e) {
      interrupted = true; // timed out or closing: tick() reported it
    } catch (Exception | LinkageError e) {
      failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    List<Consumer<HealthListener>> events = new ArrayList<>();
    synchronized (lock) {
      if (r.run != run) return;
      r.busy = false;
      if (interrupted || r.timedOut || probes.get(r.own.id()) != r) return; // late or replaced: dropped
      Instant now = clock.instant();
      for (Sample s : out) feed(s, events);
      feed(failure == null
          ? Sample.value(r.own, now, ms, "answered in " + ms + " ms")
          : Sample.failed(r.own, now, "failed: " + SecretMasker.mask(failure)), events);
      emit(events);
    }
  }

  /**
   * Feeds one sample to its check's state (and trend); queues the events, which are emitted under
   * the same lock, so listeners hear every check's changes in order.
   */
  private void feed(Sample s, List<Consumer<HealthListener>> events) {
    Threshold t = thresholds.of(s.check());
    CheckState st = states.computeIfAbsent(s.check(), c -> new CheckState(c, t, s.at()));
    if (st.threshold() != t) st.threshold(t);
    st.observe(s).ifPresent(tr -> events.add(l -> l.onTransition(tr)));
    if (trendKinds.contains(s.check().kind())) {
      trends.computeIfAbsent(s.check(), c -> new TrendWatch(c, trendSettings)).observe(s, t)
          .ifPresent(w -> events.add(l -> l.onTrend(w)));
    }
  }

  /** Tells every listener every event; one that throws is logged and the others still hear it. */
  private void emit(List<Consumer<HealthListener>> events) {
    for (Consumer<HealthListener> e : events) {
      for (HealthListener l : listeners) {
        try {
          e.accept(l);
        } catch (RuntimeException ex) {
          LOG.warn("health listener failed: {}", SecretMasker.mask(String.valueOf(ex)));
        }
      }
    }
  }

  /** The probes (their own check ids) started and not done yet, hung ones included. */
  public Set<String> running() {
    synchronized (lock) {
      Set<String> out = new java.util.TreeSet<>();
      for (Registered r : probes.values()) if (r.busy) out.add(r.own.id());
      return out;
    }
  }

  /** Every check's state, by id. */
  public List<CheckState.View> states() {
    synchronized (lock) {
      return states.values().stream().map(CheckState::view).sorted(Comparator.comparing(v -> v.check().id())).toList();
    }
  }

  public Optional<CheckState.View> state(String checkId) {
    synchronized (lock) {
      return states.values().stream().filter(s -> s.check().id().equals(checkId)).findFirst().map(CheckState::view);
    }
  }

  /** The current forecast of a check the trend fitter follows, warned before or not. */
  public Optional<TrendWarning> trend(String checkId) {
    synchronized (lock) {
      for (Map.Entry<Check, TrendWatch> e : trends.entrySet()) {
        if (!e.getKey().id().equals(checkId)) continue;
        CheckState st = states.get(e.getKey());
        return st == null ? Optional.empty() : st.lastSample().flatMap(s -> e.getValue().forecast(s, st.threshold()));
      }
      return Optional.empty();
    }
  }

  public HealthIntervals intervals() {
    return intervals;
  }

  /** Ticks once a second on a daemon thread until {@link #close()}. */
  public synchronized void start() {
    if (ticker != null) return;
    ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("health-loop"));
    ticker.scheduleWithFixedDelay(() -> {
      try {
        tick();
      } catch (RuntimeException e) {
        LOG.error("health loop tick failed: {}", SecretMasker.mask(String.valueOf(e)));
      }
    }, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (ticker != null) ticker.shutdownNow();
    synchronized (lock) {
      for (Registered r : probes.values()) if (r.running != null) r.running.cancel(true);
    }
    if (ownWorkers) workers.shutdownNow();
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static final class Registered {
    final Check own;
    final Probe probe;
    final Duration timeout;
    final Duration interval;
    Instant nextDue;
    Instant startedAt;
    Future<?> running;
    /** From start until the probe's thread is done with this run (answered, threw or gave up). */
    boolean busy;
    boolean timedOut;
    int run;

    Registered(Check own, Probe probe, Duration timeout, Duration interval, Instant due) {
      this.own = own;
      this.probe = probe;
      this.timeout = timeout;
      this.interval = interval;
      this.nextDue = due;
    }
  }

  public static final class Builder {
    private final Clock clock;
    private HealthIntervals intervals = HealthIntervals.DEFAULTS;
    private Thresholds thresholds = Thresholds.defaults();
    private TrendSettings trend = TrendSettings.DEFAULTS;
    private Set<String> trendKinds = DEFAULT_TREND_KINDS;
    private ExecutorService workers;

    private Builder(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
    }

    public Builder intervals(HealthIntervals i) {
      this.intervals = Objects.requireNonNull(i);
      return this;
    }

    public Builder thresholds(Thresholds t) {
      this.thresholds = t.copy();
      return this;
    }

    public Builder trend(TrendSettings s, Set<String> kinds) {
      this.trend = Objects.requireNonNull(s);
      this.trendKinds = Set.copyOf(kinds);
      return this;
    }

    /** The threads probes run on (default: a cached pool of daemon threads, closed with the loop). */
    public Builder workers(ExecutorService e) {
      this.workers = e;
      return this;
    }

    public HealthLoop build() {
      return new HealthLoop(this);
    }
  }
}
