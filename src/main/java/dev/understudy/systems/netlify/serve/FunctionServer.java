package dev.understudy.systems.netlify.serve;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.understudy.systems.netlify.FunctionInvoker;
import dev.understudy.systems.netlify.NetlifyFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The HTTP front of a site's functions, as {@code netlify dev} serves them: {@code /.netlify/functions/NAME}
 * (and paths below it) and every v2 function's {@code config.path} ({@link FunctionRouter} has the
 * rules), each request run by the {@link NodeWorkerPool}. Background functions answer 202 at once and
 * their call goes to the {@link BackgroundSubmitter}; a scheduled function requested over HTTP runs
 * as its schedule would run it and answers with a note saying so. Request bodies over 6 MB (Netlify's
 * limit) get 413.
 *
 * <pre>{@code
 * FunctionServer server = FunctionServer.builder(() -> site.functions())
 *     .environment(siteEnv).workingDir(projectDir).background(durableSubmitter).build();
 * server.start("127.0.0.1", 0);
 * int port = server.port();
 * FunctionInvoker invoker = server.invoker();   // for the scheduler and 'understudy run function'
 * server.close();
 * }</pre>
 */
public final class FunctionServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FunctionServer.class);

  static {
    // Without TCP_NODELAY the JDK server's separate writes of headers and body meet delayed ACKs: 40 ms
    // a response. Read once, when the JDK's server first starts: the daemon's launcher sets it too.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** Netlify's limit on a buffered request payload (and netlify dev's body parser's). */
  public static final int DEFAULT_MAX_BODY = 6 * 1024 * 1024;
  public static final String CLOCKWORK_USER_AGENT = "Netlify Clockwork";
  private static final int INLINE_WRITE = 16 * 1024;

  private final Supplier<List<NetlifyFunction>> functions;
  private final NodeWorkerPool pool;
  private final boolean ownPool;
  private final Duration syncTimeout;
  private final Duration scheduledTimeout;
  private final Duration backgroundTimeout;
  private final int maxBody;
  private final BackgroundSubmitter background;
  private final FunctionLogSink logs;
  private volatile FunctionRouter router = new FunctionRouter(List.of());
  private HttpServer http;
  private ThreadPoolExecutor handlers;
  private ExecutorService writers;

  private FunctionServer(Builder b) {
    this.functions = b.functions;
    this.logs = b.logs;
    this.syncTimeout = b.syncTimeout;
    this.scheduledTimeout = b.scheduledTimeout;
    this.backgroundTimeout = b.backgroundTimeout;
    this.maxBody = b.maxBody;
    this.observer = b.observer;
    if (b.pool != null) {
      this.pool = b.pool;
      this.ownPool = false;
    } else {
      NodeWorkerPool.Options o = NodeWorkerPool.Options.defaults().withEnvironment(b.environment).withLogs(b.logs)
          .withNode(b.node).withNodeArgs(b.nodeArgs);
      if (b.workingDir != null) o = o.withWorkingDir(b.workingDir);
      if (b.workers > 0) o = o.withSize(b.workers);
      this.pool = new NodeWorkerPool(o);
      this.ownPool = true;
    }
    this.background = b.background != null ? b.background : BackgroundSubmitter.immediate(pool, backgroundTimeout, logs);
  }

  private final RequestObserver observer;

  public static Builder builder(Supplier<List<NetlifyFunction>> functions) {
    return new Builder(functions);
  }

  /** Settings of a {@link FunctionServer}; every one has a default. */
  public static final class Builder {
    private final Supplier<List<NetlifyFunction>> functions;
    private Map<String, String> environment = Map.of();
    private Path workingDir;
    private String node = "node";
    private List<String> nodeArgs = List.of();
    private int workers;
    private Duration syncTimeout = Duration.ofSeconds(30);
    private Duration scheduledTimeout = Duration.ofSeconds(30);
    private Duration backgroundTimeout = Duration.ofMinutes(15);
    private int maxBody = DEFAULT_MAX_BODY;
    private BackgroundSubmitter background;
    private FunctionLogSink logs = FunctionLogSink.slf4j();
    private NodeWorkerPool pool;
    private RequestObserver observer = RequestObserver.NOOP;

    private Builder(Supplier<List<NetlifyFunction>> functions) {
      this.functions = Objects.requireNonNull(functions);
    }

    /** The site's variables (understudy.yml, .env, ... merged): {@code process.env} of functions. */
    public Builder environment(Map<String, String> env) {
      this.environment = Map.copyOf(env);
      return this;
    }

    /** The workers' working directory: the project. */
    public Builder workingDir(Path dir) {
      this.workingDir = dir;
      return this;
    }

    public Builder node(String command) {
      this.node = command;
      return this;
    }

    public Builder nodeArgs(List<String> args) {
      this.nodeArgs = List.copyOf(args);
      return this;
    }

    /** Node workers (default: one per core). */
    public Builder workers(int n) {
      this.workers = n;
      return this;
    }

    /** Synchronous functions' limit (default 30 s, netlify dev's; Netlify's own is now 60 s). */
    public Builder syncTimeout(Duration d) {
      this.syncTimeout = d;
      return this;
    }

    public Builder scheduledTimeout(Duration d) {
      this.scheduledTimeout = d;
      return this;
    }

    public Builder backgroundTimeout(Duration d) {
      this.backgroundTimeout = d;
      return this;
    }

    public Builder maxBodyBytes(int n) {
      this.maxBody = n;
      return this;
    }

    /** Where background calls go (default: {@link BackgroundSubmitter#immediate}). */
    public Builder background(BackgroundSubmitter submitter) {
      this.background = submitter;
      return this;
    }

    public Builder logs(FunctionLogSink sink) {
      this.logs = sink;
      return this;
    }

    /** Share a pool (its own options then apply; environment, node and workers here are unused). */
    public Builder pool(NodeWorkerPool shared) {
      this.pool = shared;
      return this;
    }

    /** Told about each answered function request (default: nobody). */
    public Builder observer(RequestObserver o) {
      this.observer = Objects.requireNonNull(o);
      return this;
    }

    public FunctionServer build() {
      return new FunctionServer(this);
    }
  }

  /** The pool behind the server, for calls without HTTP (the scheduler, {@code understudy run function}). */
  public NodeWorkerPool invoker() {
    return pool;
  }

  /** The timeout a function gets: background, scheduled or synchronous. */
  public Duration timeoutOf(NetlifyFunction f) {
    return f.background() ? backgroundTimeout : f.scheduled() ? scheduledTimeout : syncTimeout;
  }

  public synchronized void start(String host, int port) throws IOException {
    if (http != null) throw new IllegalStateException("already started");
    AtomicInteger n = new AtomicInteger();
    handlers = new ThreadPoolExecutor(Math.max(4, Runtime.getRuntime().availableProcessors() * 2), 256, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> daemon(r, "understudy-functions-http-" + n.incrementAndGet()),
        new ThreadPoolExecutor.CallerRunsPolicy());
    handlers.prestartAllCoreThreads();
    AtomicInteger m = new AtomicInteger();
    writers = Executors.newCachedThreadPool(r -> daemon(r, "understudy-functions-write-" + m.incrementAndGet()));
    http = HttpServer.create(new InetSocketAddress(host, port), 1024);
    http.setExecutor(handlers);
    http.createContext("/", this::handle);
    http.start();
    log.info("functions server listening on {}:{}", host, port());
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public int port() {
    HttpServer h = http;
    if (h == null) throw new IllegalStateException("not started");
    return h.getAddress().getPort();
  }

  @Override
  public synchronized void close() {
    if (http != null) {
      http.stop(0);
      handlers.shutdownNow();
      writers.shutdownNow();
      http = null;
    }
    if (ownPool) pool.close();
  }

  // ------------------------------------------------------------------ requests

  private FunctionRouter router() {
    List<NetlifyFunction> now = functions.get();
    FunctionRouter r = router;
    if (now == r.source() || now.equals(r.source())) return r;
    r = new FunctionRouter(List.copyOf(now));
    router = r;
    return r;
  }

  private void handle(HttpExchange ex) {
    try {
      String method = ex.getRequestMethod();
      String rawPath = ex.getRequestURI().getRawPath();
      if (rawPath == null || rawPath.isEmpty()) rawPath = "/";
      FunctionRouter.Lookup found = router().route(rawPath, method);
      if (found.match() == null) {
        plain(ex, 404, found.notFound());
        return;
      }
      NetlifyFunction f = found.match().function();
      Headers in = ex.getRequestHeaders();
      byte[] body = readBody(ex, in);
      if (body == TOO_LARGE) return;
      String requestId = RequestIds.next();
      String host = in.getFirst("Host");
      if (host == null) host = "localhost:" + port();
      String rawQuery = ex.getRequestURI().getRawQuery();
      String rawUrl = "http://" + host + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
      String ip = clientIp(ex, in);
      List<String> extra = List.of("client-ip", ip, "x-nf-client-connection-ip", ip, "x-nf-request-id", requestId);
      if (f.background()) {
        long t0 = System.nanoTime();
        background(ex, f, method, rawUrl, in, body, requestId);
        observe(f.name(), 202, System.nanoTime() - t0);
        return;
      }
      Invocation.Kind kind = Invocation.Kind.SYNC;
      Map<String, List<String>> headers = in;
      if (f.scheduled()) {
        kind = Invocation.Kind.SCHEDULED;
        method = "POST";
        body = nextRunBody(f).getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> h = new LinkedHashMap<>(in);
        h.remove("Content-type");
        h.remove("Content-length");
        h.remove("Transfer-encoding");
        headers = h;
        extra = List.of("client-ip", ip, "x-nf-client-connection-ip", ip, "x-nf-request-id", requestId,
            "user-agent", CLOCKWORK_USER_AGENT, "x-nf-event", "schedule", "content-type", "application/json");
      }
      Invocation inv = new Invocation(f, kind, method, rawUrl, rawPath, rawQuery, ip, requestId,
          found.match().route(), found.match().params(), headers, extra, body);
      ResponseSink sink = new ExchangeSink(ex, requestId, method.equals("HEAD") || ex.getRequestMethod().equals("HEAD"));
      if (f.scheduled()) sink = new ScheduledNote(sink, rawPath, ex.getRequestHeaders().getFirst("User-Agent"));
      if (observer != RequestObserver.NOOP) sink = new ObservedSink(sink, f.name(), observer);
      pool.submit(inv, timeoutOf(f).toMillis(), sink);
    } catch (IOException e) {
      log.debug("functions server: request cut short: {}", e.getMessage());
      ex.close();
    } catch (RuntimeException e) {
      log.error("functions server: cannot serve {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
      try {
        plain(ex, 500, "Error: Understudy could not serve this request: " + e + "\n");
      } catch (IOException | RuntimeException ignored) {
        ex.close();
      }
    }
  }

  private static final byte[] TOO_LARGE = new byte[0];

  private void observe(String function, int status, long nanos) {
    try {
      observer.observe(function, status, nanos);
    } catch (RuntimeException e) {
      log.debug("functions server: the request observer failed: {}", e.getMessage());
    }
  }

  /** Passes everything on and tells the observer the status and the time once the answer ends. */
  private static final class ObservedSink implements ResponseSink {
    private final ResponseSink next;
    private final String function;
    private final RequestObserver observer;
    private final long t0 = System.nanoTime();
    private volatile int status = 500;

    ObservedSink(ResponseSink next, String function, RequestObserver observer) {
      this.next = next;
      this.function = function;
      this.observer = observer;
    }

    private void done(int s) {
      try {
        observer.observe(function, s, System.nanoTime() - t0);
      } catch (RuntimeException e) {
        log.debug("functions server: the request observer failed: {}", e.getMessage());
      }
    }

    @Override
    public void complete(int s, List<String> headers, byte[] body) {
      next.complete(s, headers, body);
      done(s);
    }

    @Override
    public void head(int s, List<String> headers) {
      status = s;
      next.head(s, headers);
    }

    @Override
    public void chunk(byte[] data) {
      next.chunk(data);
    }

    @Override
    public void end() {
      next.end();
      done(status);
    }

    @Override
    public void fail(int s, String body) {
      next.fail(s, body);
      done(s);
    }

    @Override
    public void cancelWith(Runnable cancel) {
      next.cancelWith(cancel);
    }
  }

  /**
   * The body; null without one (no Content-Length or Transfer-Encoding, or an empty one without a
   * Content-Type, as netlify dev's body parsers leave it); TOO_LARGE once 413 went out.
   */
  private byte[] readBody(HttpExchange ex, Headers in) throws IOException {
    String cl = in.getFirst("Content-Length");
    String te = in.getFirst("Transfer-Encoding");
    if (cl == null && te == null) return null;
    if (te == null && cl.trim().equals("0") && in.getFirst("Content-Type") == null) return null;
    InputStream body = ex.getRequestBody();
    if (cl != null) {
      long n = Long.parseLong(cl.trim());
      if (n > maxBody) return tooLarge(ex, body, n);
      return body.readNBytes((int) n);
    }
    byte[] b = body.readNBytes(maxBody + 1);
    if (b.length > maxBody) return tooLarge(ex, body, -1);
    return b;
  }

  /**
   * 413. A body of up to four times the limit is read and dropped first, so that the client, still
   * sending, reads the answer instead of a reset connection; past that the connection is closed.
   */
  private byte[] tooLarge(HttpExchange ex, InputStream body, long n) throws IOException {
    long budget = 4L * maxBody;
    byte[] sink = new byte[64 * 1024];
    while (budget > 0) {
      int r = body.read(sink, 0, (int) Math.min(sink.length, budget));
      if (r < 0) break;
      budget -= r;
    }
    ex.getResponseHeaders().set("Connection", "close");
    plain(ex, 413, "Payload Too Large: the request body is " + (n >= 0 ? n + " bytes" : "larger than that")
        + "; Netlify Functions take at most " + maxBody + " bytes (6 MB) in a request\n");
    return TOO_LARGE;
  }

  private static String clientIp(HttpExchange ex, Headers in) {
    String xff = in.getFirst("X-Forwarded-For");
    if (xff != null && !xff.isBlank()) {
      int comma = xff.indexOf(',');
      return (comma < 0 ? xff : xff.substring(0, comma)).trim();
    }
    InetSocketAddress remote = ex.getRemoteAddress();
    return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
  }

  private void background(HttpExchange ex, NetlifyFunction f, String method, String rawUrl, Headers in, byte[] body, String requestId)
      throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    in.forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
    headers.put("x-nf-request-id", List.of(requestId));
    FunctionInvoker.Call call = new FunctionInvoker.Call(method, rawUrl, Map.copyOf(headers), body);
    try {
      background.submit(new BackgroundSubmitter.BackgroundCall(f, call, requestId, Instant.now()));
    } catch (Exception e) {
      logs.line(f.name(), requestId, Level.ERROR, "Background function " + f.name() + " could not be queued: " + e.getMessage());
      plain(ex, 500, "Error: background function " + f.name() + " could not be queued: " + e.getMessage() + "\n");
      return;
    }
    logs.line(f.name(), requestId, Level.INFO, "Queueing background function " + f.name() + " for execution");
    ex.getResponseHeaders().set("x-nf-request-id", requestId);
    ex.sendResponseHeaders(202, -1);
    ex.close();
  }

  /** The call a scheduled function gets at each slot (netlify dev builds the same one). */
  public static FunctionInvoker.Call scheduledCall(NetlifyFunction f, String origin, Instant nextRun) {
    Map<String, List<String>> h = Map.of("user-agent", List.of(CLOCKWORK_USER_AGENT), "x-nf-event", List.of("schedule"),
        "content-type", List.of("application/json"));
    String body = "{\"next_run\":" + (nextRun == null ? "null" : "\"" + DateTimeFormatter.ISO_INSTANT.format(nextRun) + "\"") + "}";
    return new FunctionInvoker.Call("POST", origin + f.defaultPath(), h, body.getBytes(StandardCharsets.UTF_8));
  }

  private static String nextRunBody(NetlifyFunction f) {
    Instant next = null;
    try {
      next = dev.understudy.engine.schedule.PosixCron.parse(f.schedule().orElseThrow())
          .nextAfter(Instant.now(), ZoneOffset.UTC).orElse(null);
    } catch (RuntimeException e) {
      // an invalid schedule: discovery reports it; the function still runs here
    }
    return "{\"next_run\":" + (next == null ? "null" : "\"" + DateTimeFormatter.ISO_INSTANT.format(next) + "\"") + "}";
  }

  static void plain(HttpExchange ex, int status, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    boolean noBody = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, noBody ? -1 : b.length);
    if (!noBody) ex.getResponseBody().write(b);
    ex.close();
  }

  // ------------------------------------------------------------------ answers

  /** Writes a function's answer to its exchange: small ones at once, the rest in order on a writer thread. */
  private final class ExchangeSink implements ResponseSink {
    private final HttpExchange ex;
    private final String requestId;
    private final boolean head;
    private final ConcurrentLinkedQueue<Runnable> ops = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private OutputStream stream;
    private boolean broken;
    private volatile Runnable cancel;

    ExchangeSink(HttpExchange ex, String requestId, boolean head) {
      this.ex = ex;
      this.requestId = requestId;
      this.head = head;
    }

    private void later(Runnable op) {
      ops.add(op);
      if (queued.getAndIncrement() != 0) return;
      try {
        writers.execute(this::drain);
      } catch (RuntimeException e) {
        ex.close();
      }
    }

    private void drain() {
      do {
        Runnable op = ops.poll();
        try {
          op.run();
        } catch (RuntimeException e) {
          log.debug("functions server: writing an answer failed", e);
        }
      } while (queued.decrementAndGet() != 0);
    }

    @Override
    public void complete(int status, List<String> headers, byte[] body) {
      if (body.length <= INLINE_WRITE && queued.get() == 0) write(status, headers, body);
      else later(() -> write(status, headers, body));
    }

    @Override
    public void head(int status, List<String> headers) {
      later(() -> {
        try {
          if (!setHeaders(headers)) {
            broken = true;
            return;
          }
          ex.sendResponseHeaders(status, head || noBody(status) ? -1 : 0);
          stream = ex.getResponseBody();
        } catch (IOException e) {
          broken = true;
          ex.close();
        }
      });
    }

    @Override
    public void chunk(byte[] data) {
      later(() -> {
        if (broken || stream == null || head) return;
        try {
          stream.write(data);
          stream.flush();
        } catch (IOException e) {
          broken = true;
          ex.close();
          Runnable c = cancel;
          if (c != null) c.run();
        }
      });
    }

    @Override
    public void end() {
      later(ex::close);
    }

    @Override
    public void cancelWith(Runnable c) {
      cancel = c;
    }

    @Override
    public void fail(int status, String text) {
      later(() -> {
        if (stream != null || broken) {
          ex.close(); // the head went out already: the stream just ends
          return;
        }
        write(status, List.of("content-type", "text/plain; charset=utf-8"), text.getBytes(StandardCharsets.UTF_8));
      });
    }

    private boolean setHeaders(List<String> headers) throws IOException {
      Headers out = ex.getResponseHeaders();
      try {
        for (int i = 0; i < headers.size(); i += 2) {
          String name = headers.get(i);
          if (hopByHop(name)) continue;
          out.add(name, headers.get(i + 1));
        }
      } catch (IllegalArgumentException e) {
        out.clear();
        byte[] b = ("Error: the function's response has a header HTTP cannot carry: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        out.set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(500, b.length);
        ex.getResponseBody().write(b);
        ex.close();
        return false;
      }
      out.set("x-nf-request-id", requestId);
      return true;
    }

    private void write(int status, List<String> headers, byte[] body) {
      try {
        if (!setHeaders(headers)) return;
        boolean none = head || noBody(status) || body.length == 0;
        ex.sendResponseHeaders(status, none ? -1 : body.length);
        if (!none) ex.getResponseBody().write(body);
      } catch (IOException e) {
        log.debug("functions server: client went away: {}", e.getMessage());
      } finally {
        ex.close();
      }
    }
  }

  private static boolean noBody(int status) {
    return status < 200 || status == 204 || status == 304;
  }

  private static boolean hopByHop(String name) {
    return name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
        || name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
  }

  /** A scheduled function called over HTTP: it ran as its schedule runs it; say so, as netlify dev does. */
  private static final class ScheduledNote implements ResponseSink {
    private final ResponseSink to;
    private final String path;
    private final boolean fromScheduler;
    private int status;
    private final List<String> ignored = new ArrayList<>();

    ScheduledNote(ResponseSink to, String path, String userAgent) {
      this.to = to;
      this.path = path;
      this.fromScheduler = CLOCKWORK_USER_AGENT.equals(userAgent);
    }

    @Override
    public void complete(int status, List<String> headers, byte[] body) {
      this.status = status;
      if (body.length > 0) ignored.add("body");
      if (!headers.isEmpty()) ignored.add("headers");
      answer(null);
    }

    @Override
    public void head(int status, List<String> headers) {
      this.status = status;
    }

    @Override
    public void chunk(byte[] data) {
      // a scheduled function's body goes nowhere on Netlify
    }

    @Override
    public void end() {
      answer(null);
    }

    @Override
    public void fail(int status, String text) {
      answer(text);
    }

    private void answer(String error) {
      StringBuilder b = new StringBuilder();
      if (!fromScheduler) {
        b.append("You performed an HTTP request to ").append(path).append(", which is a scheduled function. ")
            .append("It ran as its schedule runs it (a POST with {\"next_run\": ...}); on Netlify itself this request would not run it.\n\n");
      }
      if (error != null) b.append("There was an error during execution of your scheduled function:\n\n").append(error).append('\n');
      else if (status >= 500) b.append("Your function returned a status code of ").append(status).append(".\n");
      if (error == null && !ignored.isEmpty()) {
        b.append("Your function returned ").append(String.join(" and ", ignored)).append(", which Netlify ignores for scheduled functions.\n");
      }
      to.complete(error != null ? 500 : 200, List.of("content-type", "text/plain; charset=utf-8"), b.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
