package dev.understudy.systems.netlify.serve;

import dev.understudy.engine.supervise.NodeLauncher;
import dev.understudy.systems.netlify.FunctionInvoker;
import dev.understudy.systems.netlify.NetlifyFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The warm pool of Node workers that runs function code: {@link FunctionInvoker} for the scheduler,
 * background retries and {@code understudy run function}, and the engine under {@link FunctionServer}.
 *
 * <p>Each worker is a Node process ({@code resources/node/functions-worker.js}) connected over its
 * own Unix socket, running many calls at once (function code is asynchronous); a call goes to the
 * ready worker with the fewest calls in flight. Workers start with the pool; a call made before any
 * is ready waits for one. A worker that dies is replaced and its calls in flight get 500s saying
 * why. A call that times out gets netlify dev's 500 {@code TimeoutError: Task timed out after
 * 30.00 seconds}; its worker takes no more calls and is replaced: if its event loop still answers
 * (the function awaits something that never comes), the worker's other calls finish undisturbed
 * before it is stopped; if not (a busy loop), it is killed at once and those calls get 500s.
 *
 * <pre>{@code
 * try (NodeWorkerPool pool = new NodeWorkerPool(NodeWorkerPool.Options.defaults()
 *     .withEnvironment(siteEnv).withWorkingDir(projectDir))) {
 *   Result r = pool.invoke(function, new Call("GET", "http://localhost/.netlify/functions/hello", Map.of(), null),
 *       Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class NodeWorkerPool implements FunctionInvoker, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeWorkerPool.class);
  static final String WORKER_RESOURCE = "/node/functions-worker.js";
  static final String HOOKS_RESOURCE = "/node/functions-esm-hooks.mjs";

  /**
   * How the pool runs. {@code environment} is laid over this process's environment for the workers
   * ({@code process.env} of function code); {@code workingDir} is their {@code process.cwd()} (the
   * project); {@code runtimeDir} holds the harness and the sockets (default: a private temp folder).
   * After {@code maxEsmReloads} reloads of ES modules (Node never frees one) a worker is replaced.
   */
  public record Options(
      String node,
      int size,
      Map<String, String> environment,
      Path workingDir,
      Path runtimeDir,
      FunctionLogSink logs,
      List<String> nodeArgs,
      int maxEsmReloads) {

    public Options {
      Objects.requireNonNull(node, "node");
      if (size < 1) throw new IllegalArgumentException("a pool needs at least one worker: " + size);
      environment = Map.copyOf(environment);
      Objects.requireNonNull(workingDir, "workingDir");
      Objects.requireNonNull(logs, "logs");
      nodeArgs = List.copyOf(nodeArgs);
      if (maxEsmReloads < 1) throw new IllegalArgumentException("maxEsmReloads must be >= 1: " + maxEsmReloads);
    }

    public static Options defaults() {
      return new Options("node", Runtime.getRuntime().availableProcessors(), Map.of(), Path.of("").toAbsolutePath(),
          null, FunctionLogSink.slf4j(), List.of(), 50);
    }

    public Options withNode(String n) {
      return new Options(n, size, environment, workingDir, runtimeDir, logs, nodeArgs, maxEsmReloads);
    }

    public Options withSize(int n) {
      return new Options(node, n, environment, workingDir, runtimeDir, logs, nodeArgs, maxEsmReloads);
    }

    public Options withEnvironment(Map<String, String> env) {
      return new Options(node, size, env, workingDir, runtimeDir, logs, nodeArgs, maxEsmReloads);
    }

    public Options withWorkingDir(Path dir) {
      return new Options(node, size, environment, dir, runtimeDir, logs, nodeArgs, maxEsmReloads);
    }

    public Options withRuntimeDir(Path dir) {
      return new Options(node, size, environment, workingDir, dir, logs, nodeArgs, maxEsmReloads);
    }

    public Options withLogs(FunctionLogSink sink) {
      return new Options(node, size, environment, workingDir, runtimeDir, sink, nodeArgs, maxEsmReloads);
    }

    public Options withNodeArgs(List<String> args) {
      return new Options(node, size, environment, workingDir, runtimeDir, logs, args, maxEsmReloads);
    }

    public Options withMaxEsmReloads(int n) {
      return new Options(node, size, environment, workingDir, runtimeDir, logs, nodeArgs, n);
    }
  }

  /** What the pool is doing, for status pages and tests. */
  /**
   * @param size the workers the pool keeps
   * @param problem why the last worker could not start, until one starts
   */
  public record Stats(int size, int workers, int ready, int inflight, long started, long replaced, List<Long> pids, Optional<String> problem) {}

  private final Options options;
  private final Path runtimeDir;
  private final boolean ownRuntimeDir;
  private final List<String> command;
  private final CopyOnWriteArrayList<NodeWorker> workers = new CopyOnWriteArrayList<>();
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private final ScheduledExecutorService timer;
  private final AtomicInteger numbers = new AtomicInteger();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger replaced = new AtomicInteger();
  private volatile Map<String, String> environment;
  private volatile boolean closed;
  private volatile String startProblem;
  /** The next try after a worker failed to start, while one is pending. */
  private volatile java.util.concurrent.ScheduledFuture<?> retry;
  private int failedStarts;
  private final NodeWorker.Events events = new Events();

  private record Waiting(Invocation call, long timeoutMillis, ResponseSink sink, long sinceNanos) {}

  public NodeWorkerPool(Options options) {
    this.options = options;
    try {
      if (options.runtimeDir() == null) {
        runtimeDir = Files.createTempDirectory("understudy-functions-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ownRuntimeDir = true;
      } else {
        runtimeDir = Files.createDirectories(options.runtimeDir());
        ownRuntimeDir = false;
      }
      Path worker = NodeLauncher.installResource(WORKER_RESOURCE, runtimeDir, "functions-worker.js");
      NodeLauncher.installResource(HOOKS_RESOURCE, runtimeDir, "functions-esm-hooks.mjs");
      List<String> cmd = new ArrayList<>();
      cmd.add(options.node());
      cmd.addAll(nodeFlags(options.node()));
      // A small young generation: about 25 MB less per worker after a load, no throughput lost (docs/NETLIFY.md).
      cmd.add("--max-semi-space-size=2");
      cmd.addAll(options.nodeArgs());
      cmd.add(worker.toString());
      command = List.copyOf(cmd);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the functions worker pool: " + e.getMessage(), e);
    }
    environment = workerEnvironment(options.environment());
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "understudy-functions-timer");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::sweep, 50, 50, TimeUnit.MILLISECONDS);
    for (int i = 0; i < options.size(); i++) startWorker();
  }

  private Map<String, String> workerEnvironment(Map<String, String> site) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(site);
    env.put("UNDERSTUDY_FUNCTIONS_MAX_RELOADS", Integer.toString(options.maxEsmReloads()));
    return env;
  }

  /**
   * New site environment variables: workers are replaced one by one (each new one gets them; the old
   * ones finish their calls first).
   */
  public void setEnvironment(Map<String, String> siteEnvironment) {
    environment = workerEnvironment(Map.copyOf(siteEnvironment));
    replaceAll("the site's environment changed");
  }

  /**
   * Replaces every worker, one by one (each in-flight call finishes on its old worker); when none
   * is alive (they keep failing to start), tries to start one now. Answers how many were replaced
   * or started.
   */
  public int replaceAll(String why) {
    int n = 0;
    for (NodeWorker w : workers) {
      if ((w.state() == NodeWorker.State.READY || w.state() == NodeWorker.State.STARTING) && retire(w, why)) n++;
    }
    if (n == 0 && !closed) {
      // workers keep failing to start: bring the pending retry forward, never a second chain of retries
      java.util.concurrent.ScheduledFuture<?> pending = retry;
      if (pending == null || pending.isDone() || pending.cancel(false)) {
        log.info("functions pool: no worker is alive; starting one now ({})", why);
        startWorker();
        n = 1;
      }
    }
    return n;
  }

  public Stats stats() {
    int ready = 0;
    int inflight = 0;
    List<Long> pids = new ArrayList<>();
    for (NodeWorker w : workers) {
      if (w.state() == NodeWorker.State.READY) ready++;
      inflight += w.inflight();
      if (w.state() != NodeWorker.State.DEAD) pids.add(w.pid());
    }
    return new Stats(options.size(), workers.size(), ready, inflight, started.get(), replaced.get(), List.copyOf(pids),
        Optional.ofNullable(startProblem));
  }

  Path runtimeDir() {
    return runtimeDir;
  }

  // ------------------------------------------------------------------ invoking

  @Override
  public Result invoke(NetlifyFunction function, Call call, Duration timeout) throws IOException {
    long t0 = System.nanoTime();
    URI uri;
    try {
      uri = new URI(call.url());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + call.url(), e);
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    Invocation.Kind kind = function.background() ? Invocation.Kind.BACKGROUND
        : function.scheduled() ? Invocation.Kind.SCHEDULED : Invocation.Kind.SYNC;
    Invocation inv = new Invocation(function, kind, call.method().toUpperCase(Locale.ROOT), call.url(), path,
        uri.getRawQuery(), "127.0.0.1", RequestIds.next(), "", List.of(), call.headers(), List.of(), call.body());
    return invoke(inv, timeout, t0);
  }

  /** Runs a call built by {@link FunctionServer} (or a background submitter) and waits for its answer. */
  Result invoke(Invocation inv, Duration timeout, long t0) throws IOException {
    Collector c = new Collector();
    submit(inv, timeout.toMillis(), c);
    try {
      c.done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while function " + inv.function().name() + " ran", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    }
    if (c.notRun != null) throw new IOException(c.notRun);
    return new Result(c.status, c.headers(), c.body.toByteArray(), Duration.ofNanos(System.nanoTime() - t0));
  }

  /** Sends a call to a worker; the answer goes to {@code sink}. */
  void submit(Invocation inv, long timeoutMillis, ResponseSink sink) {
    for (;;) {
      if (closed) {
        sink.fail(503, "Error: the functions server is stopping");
        return;
      }
      NodeWorker best = null;
      for (NodeWorker w : workers) {
        if (w.state() != NodeWorker.State.READY) continue;
        if (best == null || w.inflight() < best.inflight()) best = w;
      }
      if (best != null) {
        if (best.send(inv, timeoutMillis, sink)) return;
        continue;
      }
      synchronized (waiting) {
        if (readyCount() > 0) continue;
        String problem = startProblem;
        if (problem != null && workers.stream().noneMatch(w -> w.state() == NodeWorker.State.STARTING)) {
          sink.fail(503, "Error: no Node.js worker could start to run function " + inv.function().name() + ": " + problem);
          return;
        }
        waiting.add(new Waiting(inv, timeoutMillis, sink, System.nanoTime()));
        return;
      }
    }
  }

  private int readyCount() {
    int n = 0;
    for (NodeWorker w : workers) if (w.state() == NodeWorker.State.READY) n++;
    return n;
  }

  private void releaseWaiting() {
    List<Waiting> go;
    synchronized (waiting) {
      go = new ArrayList<>(waiting);
      waiting.clear();
    }
    for (Waiting w : go) {
      long left = w.timeoutMillis - (System.nanoTime() - w.sinceNanos) / 1_000_000L;
      submit(w.call, Math.max(1, left), w.sink);
    }
  }

  /** The collector behind the blocking {@link #invoke}. */
  private static final class Collector implements ResponseSink {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile int status;
    volatile String notRun;
    final List<String> pairs = new ArrayList<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public void complete(int status, List<String> headers, byte[] b) {
      this.status = status;
      synchronized (this) {
        pairs.addAll(headers);
        body.writeBytes(b);
      }
      done.complete(null);
    }

    @Override
    public void head(int status, List<String> headers) {
      this.status = status;
      synchronized (this) {
        pairs.addAll(headers);
      }
    }

    @Override
    public synchronized void chunk(byte[] data) {
      body.writeBytes(data);
    }

    @Override
    public void end() {
      done.complete(null);
    }

    @Override
    public void fail(int status, String text) {
      if (status == 503) notRun = text.replaceFirst("^Error: ", "");
      synchronized (this) {
        if (this.status == 0) {
          this.status = status;
          pairs.clear();
          pairs.add("content-type");
          pairs.add("text/plain; charset=utf-8");
          body.reset();
          body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
      }
      done.complete(null);
    }

    synchronized Map<String, List<String>> headers() {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (int i = 0; i < pairs.size(); i += 2) {
        out.computeIfAbsent(pairs.get(i).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(pairs.get(i + 1));
      }
      out.replaceAll((k, v) -> List.copyOf(v));
      return out;
    }
  }

  // ------------------------------------------------------------------ timeouts

  private void sweep() {
    try {
      long now = System.nanoTime();
      for (NodeWorker w : workers) {
        for (NodeWorker.Pending p : w.calls()) {
          if (now - p.deadlineNanos < 0) continue;
          if (!p.finish()) continue;
          String seconds = String.format(Locale.ROOT, "%.2f", p.timeoutMillis / 1000.0);
          options.logs().line(p.function(), p.call.requestId(), Level.ERROR,
              "Function " + p.function() + " timed out after " + seconds + " seconds; its worker is replaced");
          p.sink.fail(500, "TimeoutError: Task timed out after " + seconds + " seconds");
          timedOut(w, p.function());
          w.forget(p);
        }
      }
      synchronized (waiting) {
        for (var it = waiting.iterator(); it.hasNext(); ) {
          Waiting wt = it.next();
          if ((now - wt.sinceNanos) / 1_000_000L < wt.timeoutMillis) continue;
          it.remove();
          String seconds = String.format(Locale.ROOT, "%.2f", wt.timeoutMillis / 1000.0);
          wt.sink.fail(500, "TimeoutError: Task timed out after " + seconds + " seconds (no Node.js worker was ready)");
        }
      }
    } catch (RuntimeException e) {
      log.error("functions pool: timeout sweep failed", e);
    }
  }

  /** A call of {@code w} timed out: replace it; kill it now only if its event loop is stuck. */
  private void timedOut(NodeWorker w, String function) {
    if (!retire(w, "function " + function + " timed out")) {
      return;
    }
    AtomicInteger answered = new AtomicInteger();
    w.ping(answered::incrementAndGet);
    timer.schedule(() -> {
      if (answered.get() == 0 && w.state() != NodeWorker.State.DEAD) {
        w.kill("function " + function + " timed out and kept the worker's event loop busy, so the worker was stopped");
      }
    }, 1, TimeUnit.SECONDS);
  }

  /** Takes {@code w} out of service and starts its replacement; true if it was in service. */
  private boolean retire(NodeWorker w, String why) {
    if (!w.drain()) return false;
    log.info("functions worker {} (pid {}) is replaced: {}", w.number, w.pid(), why);
    replaced.incrementAndGet();
    if (!closed) startWorker();
    return true;
  }

  // ------------------------------------------------------------------ workers' lives

  private void startWorker() {
    if (closed) return;
    int n = numbers.incrementAndGet();
    try {
      NodeWorker w = new NodeWorker(n, command, environment, options.workingDir(), runtimeDir, events, options.logs());
      workers.add(w);
      started.incrementAndGet();
      if (closed) w.kill("the pool is closed");
    } catch (IOException e) {
      String problem = "cannot start '" + options.node() + "': " + e.getMessage();
      startFailed(problem);
    }
  }

  private void startFailed(String problem) {
    log.error("functions pool: {}", problem);
    List<Waiting> failed = new ArrayList<>();
    int delay;
    synchronized (waiting) {
      startProblem = problem;
      failedStarts++;
      delay = (int) Math.min(30_000, 250L << Math.min(7, failedStarts));
      if (readyCount() == 0 && workers.stream().noneMatch(x -> x.state() == NodeWorker.State.STARTING)) {
        failed.addAll(waiting);
        waiting.clear();
      }
    }
    for (Waiting wt : failed) {
      wt.sink.fail(503, "Error: no Node.js worker could start to run function " + wt.call.function().name() + ": " + problem);
    }
    if (!closed) retry = timer.schedule(this::startWorker, delay, TimeUnit.MILLISECONDS);
  }

  private final class Events implements NodeWorker.Events {
    @Override
    public void ready(NodeWorker w) {
      synchronized (waiting) {
        startProblem = null;
        failedStarts = 0;
      }
      if (closed) {
        w.kill("the pool is closed");
        return;
      }
      releaseWaiting();
    }

    @Override
    public void died(NodeWorker w, String why) {
      workers.remove(w);
      boolean wasServing = w.readyNanos != 0;
      if (closed) return;
      if (!wasServing) {
        startFailed("the Node.js worker exited before it was ready: " + why);
        return;
      }
      // A worker that was retired already has its replacement; one that died in service needs one.
      long live = workers.stream().filter(x -> x.state() == NodeWorker.State.READY || x.state() == NodeWorker.State.STARTING).count();
      if (live < options.size()) {
        log.warn("functions worker {} (pid {}) ended: {}; starting another", w.number, w.pid(), why);
        replaced.incrementAndGet();
        startWorker();
      }
    }

    @Override
    public void recycle(NodeWorker w, String why) {
      retire(w, why);
    }

    @Override
    public void idle(NodeWorker w) {
      w.sendControl(Frames.SHUTDOWN, 0);
      timer.schedule(() -> {
        if (w.state() != NodeWorker.State.DEAD) w.kill("it did not stop within 15 s of being asked to");
      }, 15, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    closed = true;
    List<Waiting> left;
    synchronized (waiting) {
      left = new ArrayList<>(waiting);
      waiting.clear();
    }
    for (Waiting w : left) w.sink.fail(503, "Error: the functions server is stopping");
    for (NodeWorker w : workers) w.kill("the functions server is stopping");
    timer.shutdownNow();
    if (ownRuntimeDir) {
      try (var files = Files.list(runtimeDir)) {
        for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
        Files.deleteIfExists(runtimeDir);
      } catch (IOException ignored) {
        // temp files; best effort
      }
    }
  }

  // ------------------------------------------------------------------ set-up helpers

  private static final Map<String, List<String>> FLAGS = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Node 20.10 to 22.6 load a .js file with ES module syntax in a CommonJS package (Netlify bundles
   * such a function; this mirrors it) only with {@code --experimental-detect-module}; later ones do it
   * by default, earlier ones not at all.
   */
  static List<String> nodeFlags(String node) {
    return FLAGS.computeIfAbsent(node, n -> {
      try {
        Process p = new ProcessBuilder(n, "--version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        String[] parts = v.replaceFirst("^v", "").split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        boolean detect = (major == 20 && minor >= 10) || major == 21 || (major == 22 && minor < 7);
        return detect ? List.of("--experimental-detect-module") : List.of();
      } catch (IOException | RuntimeException e) {
        return List.of();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    });
  }
}
