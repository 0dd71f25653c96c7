package dev.understudy.engine.supervise;

import dev.understudy.engine.logs.LogSink;
import dev.understudy.engine.logs.LogRotation;
import dev.understudy.engine.process.Orphans;
import dev.understudy.engine.schedule.PosixCron;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Keeps {@link ProcessSpec processes} alive with PM2's rules (see {@code package-info}). Actions
 * block until done: {@link #start} until the process is ready (or the start failed), {@link #stop}
 * until the whole tree is gone.
 *
 * <pre>{@code
 * try (Supervisor s = new Supervisor(Supervisor.Options.defaults(stateDir))) {
 *   s.start(spec);                 // launching → online
 *   s.reload("web");               // new one ready, then the old one stopped
 *   s.list().forEach(System.out::println);
 *   s.stop("web");                 // SIGINT to the group, SIGKILL to the tree after killTimeout
 * }
 * }</pre>
 */
public final class Supervisor implements AutoCloseable {
  /** The few knobs of the supervisor itself. */
  public record Options(
      Path stateDir,
      Clock clock,
      Duration monitorInterval,
      LogRotation rotation,
      boolean childrenOutliveDaemon,
      Consumer<Event> listener,
      WarmSpare warmSpare,
      Duration spareKeep) {
    public static final Duration DEFAULT_MONITOR_INTERVAL = Duration.ofSeconds(5);
    /** With {@link WarmSpare#CRASHED}: the spare is dropped once the app has stayed up this long. */
    public static final Duration DEFAULT_SPARE_KEEP = Duration.ofSeconds(60);

    /**
     * Children die with the daemon (parent-death signal), memory and CPU sampled every 5 s,
     * pm2-logrotate's rotation defaults, a warm spare for a Node app that crashed.
     */
    public static Options defaults(Path stateDir) {
      return new Options(stateDir, Clock.systemDefaultZone(), DEFAULT_MONITOR_INTERVAL, LogRotation.DEFAULTS, false, e -> {},
          WarmSpare.CRASHED, DEFAULT_SPARE_KEEP);
    }

    public Options withClock(Clock c) {
      return new Options(stateDir, c, monitorInterval, rotation, childrenOutliveDaemon, listener, warmSpare, spareKeep);
    }

    public Options withMonitorInterval(Duration d) {
      return new Options(stateDir, clock, d, rotation, childrenOutliveDaemon, listener, warmSpare, spareKeep);
    }

    public Options withRotation(LogRotation r) {
      return new Options(stateDir, clock, monitorInterval, r, childrenOutliveDaemon, listener, warmSpare, spareKeep);
    }

    /**
     * With true, children survive a daemon crash so the next daemon can adopt them: no
     * parent-death signal, and they write their log files themselves (no masking; rotation by
     * copy-and-truncate on each monitor tick). A process whose lines get a timestamp prefix needs
     * the daemon to read its output: it still dies with the daemon and the next one starts it again.
     */
    public Options withChildrenOutliveDaemon(boolean b) {
      return new Options(stateDir, clock, monitorInterval, rotation, b, listener, warmSpare, spareKeep);
    }

    public Options withListener(Consumer<Event> l) {
      return new Options(stateDir, clock, monitorInterval, rotation, childrenOutliveDaemon, l, warmSpare, spareKeep);
    }

    /** When a fork-mode Node app keeps a warm spare, and (with {@code CRASHED}) how long after a crash. */
    public Options withWarmSpare(WarmSpare w, Duration keep) {
      return new Options(stateDir, clock, monitorInterval, rotation, childrenOutliveDaemon, listener, Objects.requireNonNull(w), keep);
    }
  }

  /**
   * When a fork-mode Node app (its argv runs {@link #nodeWrapper()} without {@code --instances}) keeps
   * a warm spare: one more Node process, started exactly as the app's next start would be and booted
   * inside the wrapper, which a restart tells to run the app instead of booting Node anew.
   */
  public enum WarmSpare {
    /** Never: every restart boots Node. */
    NEVER,
    /** After a crash (an exit that is restarted), until the app has stayed up for {@code spareKeep}, or is stopped. */
    CRASHED,
    /** Whenever the app runs: about 40 MB more per app, and every restart is warm. */
    ALWAYS
  }

  /**
   * What happened to a process, for the daemon's history, alerts and tests. The listener runs on the
   * supervisor's threads, sometimes while it holds that process's lock: keep it quick, never block.
   */
  public record Event(Instant at, String name, Kind kind, long pid, Optional<Integer> exitCode, Duration delay, String message) {
    public enum Kind { STARTED, ONLINE, EXITED, RESTART_SCHEDULED, ERRORED, STOPPED, MEMORY_RESTART, CRON_RESTART, RELOADED, RELOAD_FAILED, ADOPTED, START_FAILED, WATCH_RESTART }
  }

  private static final Duration ADOPTED_POLL_GRACE = Duration.ofSeconds(5);
  /** How often the exit of an adopted process (not our child: no waitpid) is looked for. */
  static final Duration ADOPTED_POLL = Duration.ofMillis(50);
  /**
   * In every child's environment: {@code <supervisor id>/<process name>}. A later supervisor of the
   * same state directory finds what is left of a dead one's children by it (descendants included,
   * and a child started just before the crash, before it was recorded).
   */
  public static final String MARKER_ENV = "UNDERSTUDY_PROCESS";
  /** Each child leads its own session and process group; found once (a PATH search costs failed execs on every start). */
  private static final String SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
      .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse("setsid");
  private static final SecureRandom RANDOM = new SecureRandom();
  /** In a warm spare's environment only: the wrapper boots and waits for {@code go} (see the wrapper). */
  static final String SPARE_ENV = "UNDERSTUDY_SPARE";
  /** A spare boots this long after the start it is for, so the two do not compete for the CPU. */
  static final Duration SPARE_DELAY = Duration.ofMillis(50);

  private final Options opts;
  private final Clock clock;
  private final Map<String, Managed> byName = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  /** Every child is started from this one long-lived thread: Linux sends the parent-death signal when the creating thread ends. */
  private final ExecutorService launcher;
  private final ScheduledExecutorService timers;
  private final ExecutorService workers;
  private final ReadyChannel channel;
  private final ChildRecord record;
  private final Map<Path, LogSink> sinks = new ConcurrentHashMap<>();
  private FileWatch fileWatch; // made on the first watched process
  private final Path wrapper;
  private final String markerId;
  /** What a previous supervisor of this state directory left running, by process name (found once, at start). */
  private final Map<String, List<ProcTree.Proc>> leftovers;
  private volatile boolean closed;

  public Supervisor(Options opts) {
    this.opts = Objects.requireNonNull(opts);
    this.clock = opts.clock();
    try {
      Files.createDirectories(opts.stateDir());
      this.record = new ChildRecord(opts.stateDir());
      this.markerId = supervisorId(opts.stateDir());
      Path sock = opts.stateDir().toAbsolutePath().resolve("ready.sock");
      // A Unix socket path has at most 107 bytes; the fallback is as stable, so a Node wrapper finds the next daemon.
      if (sock.toString().length() > 100) sock = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "understudy-" + markerId)).resolve("ready.sock");
      this.channel = new ReadyChannel(sock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the supervisor's state directory " + opts.stateDir() + ": " + e.getMessage(), e);
    }
    this.wrapper = NodeLauncher.install(opts.stateDir());
    this.leftovers = new ConcurrentHashMap<>(ProcTree.marked(MARKER_ENV, markerId + "/"));
    this.launcher = Executors.newSingleThreadExecutor(r -> daemonThread(r, "understudy-launcher"));
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "understudy-supervisor-timer"));
    this.workers = Executors.newCachedThreadPool(r -> daemonThread(r, "understudy-supervisor"));
    long every = Math.max(50, opts.monitorInterval().toMillis());
    timers.scheduleWithFixedDelay(() -> workers.execute(this::monitor), every, every, TimeUnit.MILLISECONDS);
  }

  /** A short id of the state directory: the same for every supervisor that uses it. */
  private static String supervisorId(Path stateDir) {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(
          stateDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs an exit's handling on the JDK's reaper thread that saw the exit (one per child, from a
   * cached pool: blocking it delays nobody), instead of a hop to another thread; anywhere else
   * (an exit seen before the handler was attached) on the workers.
   */
  private void onReaper(Runnable r) {
    if (Thread.currentThread().getName().startsWith("process reaper")) r.run();
    else workers.execute(r);
  }

  private static Thread daemonThread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The Node wrapper, installed in the state directory, for {@link NodeLauncher#argv}. */
  public Path nodeWrapper() {
    return wrapper;
  }

  // ---------------------------------------------------------------- state

  private final class Managed {
    final int id;
    ProcessSpec spec;
    ProcessState state = ProcessState.STOPPED;
    Instance current;
    int restarts;
    int unstable;
    long prevBackoffMs;
    final ArrayDeque<Instant> starts = new ArrayDeque<>();
    ScheduledFuture<?> pending;
    ScheduledFuture<?> cron;
    FileWatch.Reg watch;
    ScheduledFuture<?> watchPending;
    int generation;
    Integer lastExit;
    String reason;
    /** The warm spare for the next start, or null; never shown, counted or signalled as the process. */
    Spare spare;
    /** With {@link WarmSpare#CRASHED}: it crashed, and has not stayed up for {@code spareKeep} since. */
    boolean spareWanted;
    ScheduledFuture<?> spareKeep;

    Managed(ProcessSpec spec, int id) {
      this.spec = spec;
      this.id = id;
    }

    void resetCounters() {
      unstable = 0;
      prevBackoffMs = 0;
      starts.clear();
      reason = null;
    }

    void cancelPending() {
      if (pending != null) pending.cancel(false);
      pending = null;
    }
  }

  private static final class Instance {
    final Process process; // null when adopted
    final ProcessHandle handle;
    /** Completes when the process has ended: its exit (our child), or found gone or a zombie (adopted). */
    final CompletableFuture<Void> exit;
    /** Its output comes through pipes the daemon reads (else it writes its log files itself). */
    final boolean pipes;
    final long pid;
    final Instant startedAt;
    final String token;
    final boolean userStart;
    final boolean adopted;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final List<Thread> pumps = new ArrayList<>();
    volatile boolean expected; // we stop it: its exit is no crash
    volatile boolean readyFailed;
    volatile boolean exited;
    volatile ReadyChannel.Conn conn;
    volatile String mode = "fork";
    volatile CompletableFuture<String> reloadReply;
    volatile List<ProcessHandle> known = List.of();
    volatile long lastTicks = -1;
    volatile long lastSampleNanos;
    volatile double cpu;
    volatile long memory;

    Instance(Process process, ProcessHandle handle, Instant startedAt, String token, boolean userStart, boolean adopted, boolean pipes) {
      this.process = process;
      this.handle = handle;
      this.exit = process != null ? process.onExit().thenApply(p -> (Void) null) : new CompletableFuture<>();
      this.pipes = pipes;
      this.pid = handle.pid();
      this.startedAt = startedAt;
      this.token = token;
      this.userStart = userStart;
      this.adopted = adopted;
    }

    boolean readyOk() {
      return ready.isDone() && !ready.isCompletedExceptionally();
    }
  }

  /**
   * Everything a start takes from its spec: a spare is used only when the start's is equal to the
   * one it was started with (an ecosystem change, a new environment, other log files discard it).
   */
  private record LaunchKey(String name, List<String> argv, Path cwd, Map<String, String> env, boolean pipes, Path out,
      Path err, ProcessSpec.Ready ready, Duration readyTimeout, Duration killTimeout) {
    static LaunchKey of(ProcessSpec s, boolean pipes) {
      return new LaunchKey(s.name(), s.argv(), s.cwd(), s.env(), pipes, s.outFile(), s.errFile(), s.ready(), s.readyTimeout(),
          s.killTimeout());
    }
  }

  /** A warm spare: Node booted in the wrapper, connected on the side channel, waiting for {@code go}. */
  private static final class Spare {
    final LaunchKey key;
    final String token;
    final List<Thread> pumps = new ArrayList<>();
    Process process;
    /** Set by its {@code hello}: it has booted and can be told to go. */
    volatile ReadyChannel.Conn conn;
    /** The app's side of the channel once it went: its lines (ready, reload answers) go there. */
    volatile ReadyChannel.Party app;
    /** It became the app (with its Managed locked). */
    boolean went;

    Spare(LaunchKey key, String token) {
      this.key = key;
      this.token = token;
    }

    ReadyChannel.Party party() {
      return new ReadyChannel.Party() {
        @Override
        public void hello(ReadyChannel.Conn c, String mode, int instances) {
          ReadyChannel.Party a = app;
          if (a != null) a.hello(c, mode, instances);
          else if (mode.equals("spare")) conn = c;
        }

        @Override
        public void line(String line) {
          ReadyChannel.Party a = app;
          if (a != null) a.line(line);
        }
      };
    }
  }

  private void emit(Managed m, Event.Kind kind, long pid, Integer code, Duration delay, String message) {
    try {
      opts.listener().accept(new Event(clock.instant(), m.spec.name(), kind, pid, Optional.ofNullable(code), delay, message));
    } catch (RuntimeException ignored) {
      // a listener's bug must not stop supervision
    }
  }

  private Managed get(String name) {
    Managed m = byName.get(name);
    if (m == null) throw new SupervisorException("no process named '" + name + "'; known: " + String.join(", ", byName.keySet()));
    return m;
  }

  // ---------------------------------------------------------------- actions

  /**
   * Starts a process, or adopts it when a previous daemon's record shows it still running, and
   * returns once it is ready. A process already running under this name is left as it is (its
   * spec is replaced for the next restart). A start that fails (cannot exec, no ready message by
   * {@code readyTimeout}, exit before ready) leaves it {@code errored} and throws.
   */
  public Snapshot start(ProcessSpec spec) {
    ensureOpen();
    Managed m = byName.computeIfAbsent(spec.name(), n -> new Managed(spec, ids.getAndIncrement()));
    Instance inst;
    synchronized (m) {
      m.spec = spec;
      dropStaleSpare(m);
      if (m.current != null && !m.current.exited && m.state != ProcessState.STOPPING) return snapshot(m);
      m.generation++;
      m.cancelPending();
      m.resetCounters();
      inst = adopt(m);
      if (inst == null) {
        killLeftovers(spec.name());
        inst = launchOrFail(m, true);
      }
      scheduleCron(m);
      armWatch(m);
    }
    if (!inst.adopted) awaitStart(m, inst);
    return snapshot(m);
  }

  /**
   * Names a previous supervisor of this state directory left running that could be adopted (a
   * {@link #start} of that name takes the process over instead of starting another).
   */
  public java.util.Set<String> survivors() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (String n : record.names()) {
      if (runsHere(n)) continue;
      record.get(n).filter(e -> e.adoptable() && e.alive()).ifPresent(e -> out.add(n));
    }
    return out;
  }

  private boolean runsHere(String name) {
    Managed m = byName.get(name);
    if (m == null) return false;
    synchronized (m) {
      return m.current != null;
    }
  }

  /**
   * Ends what a previous supervisor of this state directory left running and this one has not
   * taken over (processes of names not started here, descendants of processes that died with it):
   * SIGINT, then SIGKILL after the default kill timeout. Call it once the processes to keep are
   * started, so nothing is left running unsupervised and nothing holds a port a new process needs.
   */
  public void killLeftovers() {
    java.util.Set<String> names = new java.util.TreeSet<>(record.names());
    names.addAll(leftovers.keySet());
    for (String n : names) if (!runsHere(n)) killLeftovers(n);
  }

  /** Ends what is left of a previous supervisor's process {@code name} and forgets its record. */
  private void killLeftovers(String name) {
    List<ProcTree.Proc> left = new ArrayList<>();
    record.get(name).ifPresent(e -> left.addAll(ProcTree.sessionMembers(e.pid(), e.startTicks())));
    List<ProcTree.Proc> marked = leftovers.remove(name);
    if (marked != null) for (ProcTree.Proc p : marked) if (!left.contains(p)) left.add(p);
    record.remove(name);
    left.removeIf(p -> !p.running());
    if (left.isEmpty()) return;
    Signals.each(left.stream().map(ProcTree.Proc::pid).toList(), "INT");
    if (!awaitEnded(left, ProcessSpec.DEFAULT_KILL_TIMEOUT)) {
      Signals.each(left.stream().filter(ProcTree.Proc::running).map(ProcTree.Proc::pid).toList(), "KILL");
      awaitEnded(left, Duration.ofSeconds(2));
    }
  }

  private static boolean awaitEnded(List<ProcTree.Proc> procs, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    List<ProcTree.Proc> rest = new ArrayList<>(procs);
    while (true) {
      rest.removeIf(p -> !p.running());
      if (rest.isEmpty()) return true;
      if (System.nanoTime() > deadline) return false;
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /**
   * Makes a process known without starting it: {@code ps} lists it {@code stopped} (as PM2 lists an
   * app saved as stopped, or one with {@code autostart: false}) and {@link #start} starts it later.
   * A process already known keeps its state; its spec is replaced when it does not run.
   */
  public Snapshot register(ProcessSpec spec) {
    ensureOpen();
    Managed m = byName.computeIfAbsent(spec.name(), n -> new Managed(spec, ids.getAndIncrement()));
    synchronized (m) {
      if (m.current == null) m.spec = spec;
      dropStaleSpare(m);
    }
    return snapshot(m);
  }

  /** SIGINT to the process group, SIGKILL to the whole tree after {@code killTimeout}; then {@code stopped}. */
  public Snapshot stop(String name) {
    Managed m = get(name);
    Instance inst;
    synchronized (m) {
      m.generation++;
      m.cancelPending();
      cancelCron(m);
      disarmWatch(m);
      noSpare(m);
      inst = m.current;
      if (inst == null) {
        if (m.state != ProcessState.STOPPED) {
          m.state = ProcessState.STOPPED;
          emit(m, Event.Kind.STOPPED, 0, null, Duration.ZERO, "stopped");
        }
        return snapshot(m);
      }
      inst.expected = true;
      m.state = ProcessState.STOPPING;
    }
    killTree(m, inst);
    synchronized (m) {
      if (m.current == inst) {
        m.current = null;
        m.state = ProcessState.STOPPED;
      }
    }
    record.remove(name);
    emit(m, Event.Kind.STOPPED, inst.pid, exitCode(inst), Duration.ZERO, "stopped");
    return snapshot(m);
  }

  /** Stops the process (if it runs) and starts it again; counters of unstable restarts and backoff are reset. */
  public Snapshot restart(String name) {
    Managed m = get(name);
    boolean wasRunning;
    synchronized (m) {
      wasRunning = m.current != null || m.state == ProcessState.WAITING_RESTART || m.state == ProcessState.ERRORED;
    }
    stop(name);
    Instance inst;
    synchronized (m) {
      m.generation++;
      m.resetCounters();
      if (wasRunning) m.restarts++;
      inst = launchOrFail(m, true);
      scheduleCron(m);
      armWatch(m);
    }
    awaitStart(m, inst);
    return snapshot(m);
  }

  /**
   * Replaces the process without a gap: a new one is started and, once ready (per {@code ready}),
   * the old one is stopped. When the new one fails to become ready it is stopped, the old one keeps
   * running and this throws. A cluster-mode Node app (see {@link NodeLauncher}) is reloaded worker by
   * worker inside its primary, which keeps the listening socket: the port always answers. A process
   * that is not running is simply started.
   */
  public Snapshot reload(String name) {
    Managed m = get(name);
    Instance old;
    synchronized (m) {
      old = m.current;
      if (old == null || old.exited || m.state != ProcessState.ONLINE) {
        old = null;
      } else {
        m.generation++;
        m.cancelPending();
      }
    }
    if (old == null) return restart(name);
    if ("cluster".equals(old.mode) && old.conn != null) return reloadCluster(m, old);
    Instance neu;
    synchronized (m) {
      neu = launchOrFail(m, true, false);
    }
    try {
      neu.ready.get();
    } catch (InterruptedException | ExecutionException e) {
      neu.expected = true;
      killTree(m, neu);
      String why = "reload of '" + name + "' failed, the old process (pid " + old.pid + ") keeps running: " + cause(e);
      emit(m, Event.Kind.RELOAD_FAILED, neu.pid, exitCode(neu), Duration.ZERO, why);
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw new SupervisorException(why);
    }
    synchronized (m) {
      if (m.current == old || m.current == null) {
        m.cancelPending();
        m.current = neu;
        m.state = ProcessState.ONLINE;
        m.restarts++;
        recordStart(m, neu);
      }
      old.expected = true;
    }
    emit(m, Event.Kind.ONLINE, neu.pid, null, Duration.ZERO, "online");
    killTree(m, old);
    emit(m, Event.Kind.RELOADED, neu.pid, null, Duration.ZERO, "reloaded: pid " + old.pid + " replaced by " + neu.pid);
    return snapshot(m);
  }

  private Snapshot reloadCluster(Managed m, Instance inst) {
    CompletableFuture<String> reply = new CompletableFuture<>();
    inst.reloadReply = reply;
    if (!inst.conn.send("reload")) throw new SupervisorException("cannot reach the cluster primary of '" + m.spec.name() + "' to reload it");
    String answer;
    long waitMs = m.spec.readyTimeout().toMillis() * 4L * Math.max(1, clusterSize(inst)) + m.spec.killTimeout().toMillis() + 10_000;
    try {
      answer = reply.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SupervisorException("interrupted while reloading '" + m.spec.name() + "'");
    } catch (ExecutionException | TimeoutException e) {
      answer = "reload-failed no answer from the cluster primary within " + waitMs + " ms";
    }
    if (answer.equals("reloaded")) {
      synchronized (m) {
        m.restarts++;
      }
      emit(m, Event.Kind.RELOADED, inst.pid, null, Duration.ZERO, "reloaded: every cluster worker replaced");
      return snapshot(m);
    }
    String why = "reload of '" + m.spec.name() + "' failed, the old workers keep running: " + answer.replaceFirst("^reload-failed ?", "");
    emit(m, Event.Kind.RELOAD_FAILED, inst.pid, null, Duration.ZERO, why);
    throw new SupervisorException(why);
  }

  private final Map<Long, Integer> clusterSizes = new ConcurrentHashMap<>();

  private int clusterSize(Instance inst) {
    return clusterSizes.getOrDefault(inst.pid, 1);
  }

  /** Stops the process and forgets it. */
  public void delete(String name) {
    stop(name);
    Managed m = byName.remove(name);
    record.remove(name);
    if (m != null) {
      List<Path> still = byName.values().stream().flatMap(o -> java.util.stream.Stream.of(o.spec.outFile(), o.spec.errFile())).map(Path::toAbsolutePath).toList();
      for (Path p : List.of(m.spec.outFile(), m.spec.errFile())) {
        if (!still.contains(p.toAbsolutePath())) {
          LogSink s = sinks.remove(p.toAbsolutePath());
          if (s != null) s.close();
        }
      }
    }
  }

  /** Whether the process's files are watched now (tests). */
  boolean watching(String name) {
    Managed m = get(name);
    synchronized (m) {
      return m.watch != null;
    }
  }

  /** The pid of the process's warm spare, 0 when it has none (tests). */
  long sparePid(String name) {
    Managed m = get(name);
    synchronized (m) {
      return m.spare == null ? 0 : m.spare.process.pid();
    }
  }

  /** Whether the process has a warm spare that has booted and can go (tests). */
  boolean spareReady(String name) {
    Managed m = get(name);
    synchronized (m) {
      return m.spare != null && m.spare.conn != null && m.spare.process.isAlive();
    }
  }

  /** Whether the running process's Node wrapper is connected on the side channel (tests). */
  boolean hasChannel(String name) {
    Managed m = get(name);
    synchronized (m) {
      return m.current != null && m.current.conn != null;
    }
  }

  /** One snapshot per process, in the order they were first started. */
  public List<Snapshot> list() {
    return byName.values().stream().sorted(Comparator.comparingInt(m -> m.id)).map(this::snapshot).toList();
  }

  /** The snapshot of one process. */
  public Optional<Snapshot> snapshot(String name) {
    Managed m = byName.get(name);
    return m == null ? Optional.empty() : Optional.of(snapshot(m));
  }

  private Snapshot snapshot(Managed m) {
    Instance first = m.current;
    if (first != null && !first.exited && first.lastTicks < 0 && first.memory == 0) {
      first.memory = ProcTree.sample(first.handle).rssBytes(); // not sampled yet: memory now, CPU at the next tick
    }
    synchronized (m) {
      Instance i = m.current;
      boolean running = i != null && !i.exited;
      long up = running ? Math.max(0, Duration.between(i.startedAt, clock.instant()).toMillis()) : 0;
      return new Snapshot(m.spec.name(), m.id, running ? i.pid : 0, m.state, m.restarts, m.unstable, up,
          running ? i.cpu : 0, running ? i.memory : 0, Optional.ofNullable(m.lastExit), Optional.ofNullable(m.reason),
          running && i.adopted);
    }
  }

  /** Stops every process (in parallel) and releases the supervisor's threads and files. */
  @Override
  public void close() {
    if (closed) return;
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (String n : List.copyOf(byName.keySet())) {
      stops.add(CompletableFuture.runAsync(() -> {
        try {
          stop(n);
        } catch (RuntimeException ignored) {
          // best effort
        }
      }, workers));
    }
    closed = true;
    CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    timers.shutdownNow();
    workers.shutdownNow();
    launcher.shutdownNow();
    channel.close();
    FileWatch fw = fileWatch;
    if (fw != null) fw.close();
    sinks.values().forEach(LogSink::close);
    sinks.clear();
  }

  /** Stops supervising without stopping anything, as a crashed daemon would (tests of adoption). */
  void abandon() {
    closed = true;
    timers.shutdownNow();
    workers.shutdownNow();
    launcher.shutdownNow();
    channel.close();
    sinks.values().forEach(LogSink::close);
  }

  private void ensureOpen() {
    if (closed) throw new SupervisorException("the supervisor is closed");
  }

  // ---------------------------------------------------------------- launching

  private Instance launchOrFail(Managed m, boolean userStart) {
    return launchOrFail(m, userStart, true);
  }

  private Instance launchOrFail(Managed m, boolean userStart, boolean makeCurrent) {
    try {
      return launch(m, userStart, makeCurrent);
    } catch (IOException e) {
      if (makeCurrent) {
        m.current = null;
        errored(m, "cannot start: " + e.getMessage());
      }
      throw new SupervisorException("cannot start '" + m.spec.name() + "': " + e.getMessage(), e);
    }
  }

  /** Called with m locked. */
  private Instance launch(Managed m, boolean userStart, boolean makeCurrent) throws IOException {
    ProcessSpec s = m.spec;
    boolean pipes = needsPipes(s);
    Instance inst = fromSpare(m, s, pipes, userStart);
    if (inst == null) {
      String token = HexFormat.of().formatHex(randomBytes());
      Process p = spawn(s, builder(s, pipes, token));
      inst = new Instance(p, p.toHandle(), clock.instant(), token, userStart, false, pipes);
      if (pipes) pumps(inst.pumps, p, s);
      channel.expect(token, party(m, inst));
    }
    m.starts.addLast(clock.instant());
    if (makeCurrent) {
      m.current = inst;
      m.state = ProcessState.LAUNCHING;
      recordStart(m, inst);
    }
    emit(m, Event.Kind.STARTED, inst.pid, null, Duration.ZERO, "started: " + s.argv().get(0));
    Instance started = inst;
    inst.exit.thenRunAsync(() -> onExit(m, started), this::onReaper);
    switch (s.ready()) {
      case IMMEDIATE -> inst.ready.complete(null);
      case DELAY -> timers.schedule(() -> {
        if (!started.exit.isDone()) started.ready.complete(null);
      }, s.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
      case MESSAGE -> timers.schedule(() -> started.ready.completeExceptionally(
          new TimeoutException("no ready message within " + s.readyTimeout().toMillis() + " ms")), s.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    if (makeCurrent) inst.ready.whenCompleteAsync((v, err) -> afterReady(m, started, err), workers);
    planSpare(m, inst);
    return inst;
  }

  /** What a start of {@code s} execs, with its side-channel token. */
  private ProcessBuilder builder(ProcessSpec s, boolean pipes, String token) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(SETSID, "--"));
    cmd.addAll(s.argv());
    List<String> argv = pipes ? Orphans.diesWithParent(cmd) : cmd;
    ProcessBuilder pb = new ProcessBuilder(argv).directory(s.cwd().toFile());
    pb.environment().clear();
    pb.environment().putAll(s.env());
    pb.environment().put("UNDERSTUDY_READY_SOCKET", channel.socket().toString());
    pb.environment().put("UNDERSTUDY_READY_TOKEN", token);
    pb.environment().put("UNDERSTUDY_WAIT_READY", s.ready() == ProcessSpec.Ready.MESSAGE ? "1" : "0");
    pb.environment().put("UNDERSTUDY_READY_TIMEOUT_MS", Long.toString(s.readyTimeout().toMillis()));
    pb.environment().put("UNDERSTUDY_KILL_TIMEOUT_MS", Long.toString(s.killTimeout().toMillis()));
    pb.environment().put(MARKER_ENV, markerId + "/" + s.name());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    if (!pipes) {
      createParent(s.outFile());
      createParent(s.errFile());
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(s.outFile().toFile()));
      if (s.errFile().toAbsolutePath().equals(s.outFile().toAbsolutePath())) pb.redirectErrorStream(true);
      else pb.redirectError(ProcessBuilder.Redirect.appendTo(s.errFile().toFile()));
    }
    return pb;
  }

  /** Execs from the one launcher thread (see {@link #launcher}). */
  private Process spawn(ProcessSpec s, ProcessBuilder pb) throws IOException {
    try {
      return launcher.submit(pb::start).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw new IOException(s.argv().get(0) + " in " + s.cwd() + ": " + (c == null ? e : c).getMessage(), c);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new IOException("the supervisor is closed");
    }
  }

  /** Its stdout and stderr into the spec's log files (only when the daemon reads its output). */
  private void pumps(List<Thread> into, Process p, ProcessSpec s) throws IOException {
    DateTimeFormatter stamp = s.logTimestamps().map(f -> DateTimeFormatter.ofPattern(f).withZone(ZoneId.systemDefault())).orElse(null);
    into.add(pump(p.getInputStream(), sink(s.outFile()), stamp, s.name() + "-out"));
    into.add(pump(p.getErrorStream(), sink(s.errFile()), stamp, s.name() + "-err"));
  }

  // ---------------------------------------------------------------- warm spares

  /** Whether the spec runs a Node app in fork mode through the wrapper: {@code node [args] wrapper -- script}. */
  private boolean nodeFork(ProcessSpec s) {
    int i = s.argv().indexOf(wrapper.toString());
    return i > 0 && i + 1 < s.argv().size() && s.argv().get(i + 1).equals("--");
  }

  /** With m locked: whether m should have a spare now. */
  private boolean wantsSpare(Managed m) {
    if (closed || !nodeFork(m.spec)) return false;
    return switch (opts.warmSpare()) {
      case NEVER -> false;
      case CRASHED -> m.spareWanted;
      case ALWAYS -> true;
    };
  }

  /**
   * With m locked: takes m's spare for a start of {@code s} and tells it to go (its first line comes
   * a few milliseconds later instead of after Node's boot); null when there is none to take: none
   * yet, another launch spec (it is killed), died (forgotten), or still booting (kept for the next start).
   */
  private Instance fromSpare(Managed m, ProcessSpec s, boolean pipes, boolean userStart) {
    Spare sp = m.spare;
    if (sp == null) return null;
    boolean same = sp.key.equals(LaunchKey.of(s, pipes));
    if (same && sp.process.isAlive() && sp.conn == null) return null;
    m.spare = null;
    if (!same || !sp.process.isAlive()) {
      killSpare(sp);
      return null;
    }
    Instance inst = new Instance(sp.process, sp.process.toHandle(), clock.instant(), sp.token, userStart, false, pipes);
    inst.pumps.addAll(sp.pumps);
    inst.conn = sp.conn;
    ReadyChannel.Party app = party(m, inst);
    sp.app = app; // before go: the app's first line on the channel may come at once
    channel.expect(sp.token, app);
    if (!sp.conn.send("go")) {
      sp.app = null;
      killSpare(sp);
      return null;
    }
    sp.went = true;
    return inst;
  }

  /**
   * With m locked, after a launch: arranges the spare for the next start (booted a moment later, so
   * it does not compete with this start), and with {@link WarmSpare#CRASHED} forgets the wish for
   * one once this start has stayed up for {@code spareKeep}.
   */
  private void planSpare(Managed m, Instance inst) {
    if (!wantsSpare(m)) return;
    timers.schedule(() -> workers.execute(() -> {
      synchronized (m) {
        if (m.current != null && !m.current.exited && m.state != ProcessState.STOPPING) ensureSpare(m);
      }
    }), SPARE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    if (opts.warmSpare() != WarmSpare.CRASHED) return;
    if (m.spareKeep != null) m.spareKeep.cancel(false);
    m.spareKeep = timers.schedule(() -> workers.execute(() -> {
      synchronized (m) {
        if (m.current != inst || inst.exited) return;
        m.spareWanted = false;
        dropSpare(m);
      }
    }), opts.spareKeep().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** With m locked: boots a spare for m's spec when it wants one and has none (a failed spawn is no spare: the next start is cold). */
  private void ensureSpare(Managed m) {
    if (!wantsSpare(m) || byName.get(m.spec.name()) != m) return;
    ProcessSpec s = m.spec;
    boolean pipes = needsPipes(s);
    LaunchKey key = LaunchKey.of(s, pipes);
    if (m.spare != null) {
      if (m.spare.key.equals(key) && m.spare.process.isAlive()) return;
      dropSpare(m);
    }
    Spare sp = new Spare(key, HexFormat.of().formatHex(randomBytes()));
    channel.expect(sp.token, sp.party());
    try {
      ProcessBuilder pb = builder(s, pipes, sp.token);
      pb.environment().put(SPARE_ENV, "1");
      sp.process = spawn(s, pb);
      if (pipes) pumps(sp.pumps, sp.process, s);
    } catch (IOException e) {
      channel.forget(sp.token);
      if (sp.process != null) killSpare(sp);
      return;
    }
    m.spare = sp;
    sp.process.onExit().thenRunAsync(() -> {
      synchronized (m) {
        if (sp.went) return; // the app's exit is handled as the app's
        if (m.spare == sp) m.spare = null;
      }
      channel.forget(sp.token);
    }, workers);
  }

  /** With m locked: kills m's spare when m's spec no longer starts the same way (a new ecosystem, another environment). */
  private void dropStaleSpare(Managed m) {
    if (m.spare != null && !m.spare.key.equals(LaunchKey.of(m.spec, needsPipes(m.spec)))) dropSpare(m);
  }

  /** With m locked: kills m's spare, if any. */
  private void dropSpare(Managed m) {
    Spare sp = m.spare;
    m.spare = null;
    if (sp != null) killSpare(sp);
  }

  /** SIGKILL to the spare's process group (it leads its own session), then waits (up to 2 s) for its exit. */
  private void killSpare(Spare sp) {
    channel.forget(sp.token);
    Signals.group(sp.process.pid(), "KILL");
    sp.process.destroyForcibly();
    try {
      sp.process.onExit().get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // gone or unkillable: nothing more to do
    }
  }

  /** With m locked: no spare and no wish for one (stopped, errored, ended). */
  private void noSpare(Managed m) {
    m.spareWanted = false;
    if (m.spareKeep != null) m.spareKeep.cancel(false);
    m.spareKeep = null;
    dropSpare(m);
  }

  /**
   * Whether the daemon must read the process's output: always unless children outlive the daemon,
   * and then only to prefix its lines with a timestamp.
   */
  private boolean needsPipes(ProcessSpec s) {
    return !opts.childrenOutliveDaemon() || s.logTimestamps().isPresent();
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return b;
  }

  private static void createParent(Path f) throws IOException {
    Path parent = f.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
  }

  private ReadyChannel.Party party(Managed m, Instance inst) {
    return new ReadyChannel.Party() {
      @Override
      public void hello(ReadyChannel.Conn conn, String mode, int instances) {
        inst.conn = conn;
        inst.mode = mode;
        clusterSizes.put(inst.pid, instances);
      }

      @Override
      public void line(String line) {
        if (line.equals("ready")) {
          if (m.spec.ready() == ProcessSpec.Ready.MESSAGE) inst.ready.complete(null);
        } else if (line.equals("reloaded") || line.startsWith("reload-failed")) {
          CompletableFuture<String> r = inst.reloadReply;
          if (r != null) r.complete(line);
        }
      }
    };
  }

  private void afterReady(Managed m, Instance inst, Throwable err) {
    if (err == null) {
      markOnline(m, inst);
      return;
    }
    synchronized (m) {
      if (m.current != inst || inst.expected || inst.exited || inst.userStart) return; // the user's start() handles its own
      // an automatic restart that never became ready: stop it, count it as an unstable restart
      inst.readyFailed = true;
      m.reason = "start not ready: " + cause(err);
    }
    killTree(m, inst);
  }

  private void markOnline(Managed m, Instance inst) {
    synchronized (m) {
      if (m.current != inst || inst.expected || inst.exited || m.state != ProcessState.LAUNCHING) return;
      m.state = ProcessState.ONLINE;
    }
    emit(m, Event.Kind.ONLINE, inst.pid, null, Duration.ZERO, "online");
  }

  /** The user's start: wait for ready; on failure stop the new process, mark errored and throw. */
  private void awaitStart(Managed m, Instance inst) {
    try {
      inst.ready.get();
    } catch (InterruptedException | ExecutionException e) {
      String why;
      synchronized (m) {
        why = "start of '" + m.spec.name() + "' failed: " + cause(e);
        inst.expected = true;
        if (m.current == inst) {
          m.current = null;
          errored(m, why);
        }
      }
      killTree(m, inst);
      record.remove(m.spec.name());
      emit(m, Event.Kind.START_FAILED, inst.pid, exitCode(inst), Duration.ZERO, why);
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw new SupervisorException(why);
    }
    markOnline(m, inst);
  }

  private static String cause(Throwable e) {
    Throwable c = e;
    while ((c instanceof ExecutionException || c instanceof java.util.concurrent.CompletionException) && c.getCause() != null) c = c.getCause();
    return c.getMessage() == null ? c.toString() : c.getMessage();
  }

  private LogSink sink(Path file) throws IOException {
    Path key = file.toAbsolutePath();
    try {
      return sinks.computeIfAbsent(key, k -> {
        try {
          return new LogSink(k, opts.rotation(), clock, workers);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw new IOException("cannot open log file " + key + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static Thread pump(InputStream in, LogSink sink, DateTimeFormatter stamp, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) sink.line(line, stamp);
      } catch (IOException ignored) {
        // the stream closed
      }
    }, "understudy-log-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void recordStart(Managed m, Instance inst) {
    long ticks = ProcTree.startTicks(inst.pid).orElse(-1);
    if (ticks >= 0) {
      record.put(m.spec.name(), new ChildRecord.Entry(inst.pid, ticks, inst.startedAt.toEpochMilli(), m.restarts, inst.token,
          opts.childrenOutliveDaemon() && !inst.pipes));
    }
  }

  // ---------------------------------------------------------------- adoption

  /**
   * With m locked: adopts the recorded process of this name when it still runs (same pid, same
   * start time), was started to outlive its daemon, and this spec lets it write its own logs.
   * Returns null when there is nothing to adopt (what is left of it is then the caller's to end).
   */
  private Instance adopt(Managed m) {
    Optional<ChildRecord.Entry> e = record.get(m.spec.name());
    if (e.isEmpty() || !e.get().adoptable() || needsPipes(m.spec) || !e.get().alive()) return null;
    Optional<ProcessHandle> h = ProcessHandle.of(e.get().pid());
    if (h.isEmpty()) return null;
    Instance inst = new Instance(null, h.get(), Instant.ofEpochMilli(e.get().startedAtMs()), e.get().token(), false, true, false);
    inst.ready.complete(null);
    leftovers.remove(m.spec.name());
    if (!inst.token.isEmpty()) channel.expect(inst.token, party(m, inst)); // its Node wrapper reconnects
    m.current = inst;
    m.restarts = e.get().restarts();
    m.state = ProcessState.ONLINE;
    m.starts.addLast(clock.instant());
    emit(m, Event.Kind.ADOPTED, inst.pid, null, Duration.ZERO, "adopted pid " + inst.pid + " from a previous daemon");
    inst.exit.thenRunAsync(() -> onExit(m, inst), workers);
    watchAdopted(inst, e.get().startTicks());
    return inst;
  }

  /** An adopted process is not our child (no waitpid): its end is looked for every {@link #ADOPTED_POLL}; a zombie has ended. */
  private void watchAdopted(Instance inst, long startTicks) {
    ProcTree.Proc p = new ProcTree.Proc(inst.pid, startTicks);
    ScheduledFuture<?>[] poll = new ScheduledFuture<?>[1];
    poll[0] = timers.scheduleWithFixedDelay(() -> {
      if (!p.running()) {
        inst.exit.complete(null);
        poll[0].cancel(false);
      }
    }, ADOPTED_POLL.toMillis(), ADOPTED_POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  // ---------------------------------------------------------------- exits and restarts

  private static Integer exitCode(Instance inst) {
    if (inst.process == null || inst.process.isAlive()) return null;
    return inst.process.exitValue();
  }

  private void onExit(Managed m, Instance inst) {
    inst.exited = true;
    Integer code = exitCode(inst);
    killRest(inst);
    channel.forget(inst.token);
    clusterSizes.remove(inst.pid);
    inst.ready.completeExceptionally(new IllegalStateException("exited" + (code == null ? "" : " with code " + code) + " before it was ready"));
    for (Thread t : inst.pumps) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    emit(m, Event.Kind.EXITED, inst.pid, code, Duration.ZERO, "exited" + (code == null ? "" : " with code " + code));
    synchronized (m) {
      m.lastExit = code == null ? m.lastExit : code;
      if (m.current == inst && !inst.expected && !(inst.userStart && !inst.readyOk())) {
        m.current = null;
        handleCrash(m, inst, code);
      }
    }
    inst.done.complete(null);
  }

  /** With m locked: PM2's handleExit, plus the burst limit. */
  private void handleCrash(Managed m, Instance inst, Integer code) {
    ProcessSpec.RestartPolicy r = m.spec.restart();
    Instant now = clock.instant();
    Duration up = Duration.between(inst.startedAt, now);
    if (!r.autorestart() || (code != null && r.stopExitCodes().contains(code))) {
      noSpare(m);
      m.state = ProcessState.STOPPED;
      record.remove(m.spec.name());
      emit(m, Event.Kind.STOPPED, inst.pid, code, Duration.ZERO, r.autorestart() ? "exit code " + code + " is a stop exit code" : "autorestart is off");
      return;
    }
    if (up.compareTo(r.minUptime()) < 0 || inst.readyFailed) m.unstable++;
    if (r.maxUnstableRestarts() > 0 && m.unstable >= r.maxUnstableRestarts()) {
      errored(m, "too many unstable restarts (" + m.unstable + "): each exit came sooner than min_uptime " + r.minUptime().toMillis() + " ms");
      return;
    }
    Instant from = now.minus(r.burstInterval());
    while (!m.starts.isEmpty() && m.starts.peekFirst().isBefore(from)) m.starts.pollFirst();
    if (r.burst() > 0 && m.starts.size() >= r.burst()) {
      errored(m, m.starts.size() + " starts within " + r.burstInterval().toMillis() + " ms (limit " + r.burst() + ")");
      return;
    }
    long delay;
    if (r.expBackoffInitial().toMillis() > 0) {
      if (up.compareTo(ProcessSpec.RestartPolicy.EXP_BACKOFF_RESET) >= 0) m.prevBackoffMs = 0;
      m.prevBackoffMs = m.prevBackoffMs == 0 ? r.expBackoffInitial().toMillis()
          : (long) Math.floor(Math.min(ProcessSpec.RestartPolicy.EXP_BACKOFF_MAX.toMillis(), m.prevBackoffMs * 1.5));
      delay = m.prevBackoffMs;
    } else {
      delay = r.restartDelay().toMillis();
    }
    m.state = ProcessState.WAITING_RESTART;
    m.spareWanted = true; // an unplanned exit: the next ones start from a warm spare (WarmSpare.CRASHED)
    int gen = m.generation;
    emit(m, Event.Kind.RESTART_SCHEDULED, inst.pid, code, Duration.ofMillis(delay), "restart in " + delay + " ms");
    if (delay == 0) {
      autoRestart(m, gen); // here and now: a timer and a thread hop cost half a millisecond
    } else {
      m.pending = timers.schedule(() -> workers.execute(() -> autoRestart(m, gen)), delay, TimeUnit.MILLISECONDS);
      ensureSpare(m); // booted during the delay: this very restart is warm
    }
  }

  private void autoRestart(Managed m, int gen) {
    synchronized (m) {
      if (closed || m.generation != gen || m.state != ProcessState.WAITING_RESTART) return;
      m.pending = null;
      m.restarts++;
      try {
        launch(m, false, true);
      } catch (IOException e) {
        m.current = null;
        errored(m, "cannot restart: " + e.getMessage());
      }
    }
  }

  private void errored(Managed m, String reason) {
    noSpare(m);
    m.state = ProcessState.ERRORED;
    m.reason = reason;
    record.remove(m.spec.name());
    emit(m, Event.Kind.ERRORED, 0, m.lastExit, Duration.ZERO, reason);
  }

  /** A restart the supervisor decides (memory, cron): the counters stay, restarts grows. */
  private void internalRestart(Managed m, Instance inst, Event.Kind kind, String why) {
    int gen;
    synchronized (m) {
      if (closed || m.current != inst || inst.expected || inst.exited) return;
      m.generation++;
      gen = m.generation;
      inst.expected = true;
      m.state = ProcessState.STOPPING;
    }
    emit(m, kind, inst.pid, null, Duration.ZERO, why);
    killTree(m, inst);
    synchronized (m) {
      if (closed || m.generation != gen) return;
      m.current = null;
      m.restarts++;
      try {
        launch(m, false, true);
      } catch (IOException e) {
        errored(m, "cannot restart: " + e.getMessage());
      }
    }
  }

  // ---------------------------------------------------------------- killing

  /**
   * SIGINT to the group (or the {@code shutdown} message, with {@code stopWithMessage}); after
   * {@code killTimeout} SIGKILL to the group and every known descendant. Blocks until the exit is handled.
   */
  private void killTree(Managed m, Instance inst) {
    ProcessSpec spec;
    synchronized (m) {
      spec = m.spec;
    }
    killTree(inst, spec.killTimeout(), spec.stopWithMessage());
  }

  private void killTree(Instance inst, Duration timeout, boolean message) {
    List<ProcessHandle> tree = new ArrayList<>(inst.known);
    try {
      inst.handle.descendants().forEach(tree::add);
    } catch (RuntimeException ignored) {
      // racing exit
    }
    inst.known = List.copyOf(tree);
    if (!inst.exit.isDone()) {
      // PM2 falls back to the signal when the process has no channel to send to (God.killProcess).
      ReadyChannel.Conn conn = inst.conn;
      if (!(message && conn != null && conn.send("shutdown"))) Signals.group(inst.pid, "INT");
      try {
        inst.exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // SIGKILL below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    killRest(inst);
    if (!inst.exit.isDone()) inst.handle.destroyForcibly();
    try {
      inst.exit.get(ADOPTED_POLL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      inst.done.get(ADOPTED_POLL_GRACE.toMillis() + 2000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // gone or unkillable; nothing more to do
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * SIGKILL to what is left of the tree: the process group (one {@code kill(-pgid)}; only when it
   * had members are they looked up in /proc, to wait for them) and descendants seen earlier that
   * left it; then waits (up to 2 s) until they are gone, so a restarted app never finds its port
   * still taken.
   */
  private void killRest(Instance inst) {
    List<ProcessHandle> rest = new ArrayList<>();
    for (ProcessHandle h : inst.known) if (h.isAlive()) rest.add(h);
    if (Signals.group(inst.pid, "KILL")) {
      for (ProcessHandle h : ProcTree.groupMembers(inst.pid)) if (!rest.contains(h)) rest.add(h);
    }
    if (rest.isEmpty()) return;
    rest.forEach(ProcessHandle::destroyForcibly);
    // A killed process is a zombie at once: its ports and files are free, though init may take
    // a while (here over a second) to reap it, and the JDK counts it alive until then.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline) {
      rest.removeIf(h -> ProcTree.isGoneOrZombie(h.pid()));
      if (rest.isEmpty()) return;
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  // ---------------------------------------------------------------- monitor and cron

  private void monitor() {
    for (Managed m : byName.values()) {
      Instance inst;
      ProcessState state;
      synchronized (m) {
        inst = m.current;
        state = m.state;
      }
      if (inst == null || inst.exited) continue;
      ProcTree.Sample s = ProcTree.sample(inst.handle);
      List<ProcessHandle> known = new ArrayList<>(s.members().subList(1, s.members().size()));
      for (ProcessHandle h : inst.known) if (h.isAlive() && !known.contains(h)) known.add(h);
      inst.known = List.copyOf(known);
      if (inst.lastTicks >= 0) {
        double secs = (s.atNanos() - inst.lastSampleNanos) / 1e9;
        if (secs > 0) inst.cpu = Math.max(0, (s.cpuTicks() - inst.lastTicks) / (double) ProcTree.CLK_TCK / secs * 100.0);
      }
      inst.lastTicks = s.cpuTicks();
      inst.lastSampleNanos = s.atNanos();
      inst.memory = s.rssBytes();
      long max = m.spec.maxMemoryBytes();
      if (max > 0 && s.rssBytes() > max && state == ProcessState.ONLINE) {
        workers.execute(() -> internalRestart(m, inst, Event.Kind.MEMORY_RESTART,
            "restarted: the process tree uses " + s.rssBytes() + " bytes, over max_memory_restart " + max));
      }
      if (!inst.pipes) {
        for (Path f : List.of(m.spec.outFile(), m.spec.errFile())) {
          try {
            LogSink.copyTruncate(f, opts.rotation(), clock, workers);
          } catch (IOException ignored) {
            // try again next tick
          }
        }
      }
    }
  }

  /** With m locked. */
  private void scheduleCron(Managed m) {
    cancelCron(m);
    if (m.spec.cronRestart().isEmpty()) return;
    PosixCron cron = PosixCron.parse(m.spec.cronRestart().get());
    Optional<Instant> next = cron.nextAfter(clock.instant(), clock.getZone());
    if (next.isEmpty()) return;
    long delay = Math.max(0, Duration.between(clock.instant(), next.get()).toMillis());
    int gen = m.generation;
    m.cron = timers.schedule(() -> workers.execute(() -> cronFire(m, gen)), delay, TimeUnit.MILLISECONDS);
  }

  private void cronFire(Managed m, int gen) {
    synchronized (m) {
      if (closed || byName.get(m.spec.name()) != m) return;
    }
    decidedRestart(m, Event.Kind.CRON_RESTART, "cron restart (" + m.spec.cronRestart().orElse("") + ")", false);
    synchronized (m) {
      if (!closed && m.state != ProcessState.STOPPED && m.state != ProcessState.STOPPING) scheduleCron(m);
    }
  }

  /**
   * A restart the supervisor decides on a schedule or a file change: a running process is restarted
   * (its counters kept); an errored one, or one waiting out its restart delay, starts afresh; so
   * does one that ended by itself ({@code autorestart: false}, a stop exit code) when {@code ended}.
   */
  private void decidedRestart(Managed m, Event.Kind kind, String why, boolean ended) {
    Instance inst;
    synchronized (m) {
      inst = m.current;
    }
    if (inst != null) {
      internalRestart(m, inst, kind, why);
      return;
    }
    synchronized (m) {
      boolean idle = m.state == ProcessState.ERRORED || m.state == ProcessState.WAITING_RESTART || (ended && m.state == ProcessState.STOPPED);
      if (closed || m.current != null || !idle) return;
      m.generation++;
      m.cancelPending();
      m.resetCounters();
      m.restarts++;
      emit(m, kind, 0, null, Duration.ZERO, why);
      try {
        launch(m, false, true);
      } catch (IOException e) {
        errored(m, "cannot restart: " + e.getMessage());
      }
    }
  }

  // ---------------------------------------------------------------- watch

  /** With m locked: watches the spec's paths (replacing an earlier watch), when it has any. */
  private void armWatch(Managed m) {
    disarmWatch(m);
    Optional<ProcessSpec.Watch> w = m.spec.watch();
    if (w.isEmpty() || closed) return;
    java.util.function.Predicate<Path> ignored = w.get().ignored().or(ownLogs(m.spec));
    try {
      m.watch = fileWatch().watch(w.get().paths(), ignored, changed -> onWatchEvent(m, changed));
    } catch (IOException e) {
      emit(m, Event.Kind.ERRORED, 0, null, Duration.ZERO, "cannot watch " + w.get().paths() + ": " + e.getMessage());
    }
  }

  /** A process's own log files (and their rotated copies) never trigger it: that would be a restart loop (PM2 has it). */
  private static java.util.function.Predicate<Path> ownLogs(ProcessSpec s) {
    List<Path> logs = List.of(s.outFile().toAbsolutePath().normalize(), s.errFile().toAbsolutePath().normalize());
    return p -> {
      for (Path l : logs) {
        if (p.equals(l)) return true;
        String base = l.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "__";
        if (p.getParent() != null && p.getParent().equals(l.getParent()) && p.getFileName().toString().startsWith(base)) return true;
      }
      return false;
    };
  }

  /** With m locked. */
  private void disarmWatch(Managed m) {
    if (m.watch != null) m.watch.close();
    m.watch = null;
    if (m.watchPending != null) m.watchPending.cancel(false);
    m.watchPending = null;
  }

  private synchronized FileWatch fileWatch() throws IOException {
    if (fileWatch == null) fileWatch = new FileWatch();
    return fileWatch;
  }

  /** A change: one restart after the watch delay; changes until that restart is done are part of it. */
  private void onWatchEvent(Managed m, Path changed) {
    synchronized (m) {
      // A user's stop ends the watch (PM2 goes on watching a stopped app and starts it on the next change).
      if (closed || m.watch == null || m.watchPending != null || m.state == ProcessState.STOPPING) return;
      long delay = m.spec.watch().map(w -> w.delay().toMillis()).orElse(0L);
      ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
      self[0] = timers.schedule(() -> workers.execute(() -> {
        try {
          decidedRestart(m, Event.Kind.WATCH_RESTART, "restarted: " + changed + " changed", true);
        } finally {
          synchronized (m) {
            if (m.watchPending == self[0]) m.watchPending = null;
          }
        }
      }), delay, TimeUnit.MILLISECONDS);
      m.watchPending = self[0];
    }
  }

  private void cancelCron(Managed m) {
    if (m.cron != null) m.cron.cancel(false);
    m.cron = null;
  }
}
