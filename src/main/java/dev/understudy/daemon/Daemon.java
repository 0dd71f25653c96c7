package dev.understudy.daemon;

import com.sun.net.httpserver.HttpServer;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.logs.Logs;
import dev.understudy.engine.logs.SecretMasker;
import dev.understudy.engine.queue.JobQueue;
import dev.understudy.engine.store.Store;
import dev.understudy.orchestrator.Orchestrator;
import dev.understudy.orchestrator.WorkflowRecovery;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running daemon: the home's lock, the store, the queue, the orchestrator and the control
 * API, started in that order and stopped in reverse.
 */
public final class Daemon implements AutoCloseable {
  public static final int HTTP_THREADS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final DaemonHome home;
  private final FileLock lock;
  private final Store store;
  private final Orchestrator orchestrator;
  private final HttpServer http;
  private final ExecutorService httpThreads;
  private final DaemonInfo info;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();

  private Daemon(DaemonHome home, FileLock lock, Store store, Orchestrator orchestrator, HttpServer http,
      ExecutorService httpThreads, DaemonInfo info) {
    this.home = home;
    this.lock = lock;
    this.store = store;
    this.orchestrator = orchestrator;
    this.http = http;
    this.httpThreads = httpThreads;
    this.info = info;
  }

  /** Gzips a rotated daemon log on a thread of its own: rare, so no thread waits for it. */
  private static void rotatedInBackground(Runnable work) {
    Thread t = new Thread(work, "understudy-log-rotate");
    t.setDaemon(true);
    t.start();
  }

  /** Starts a daemon for {@code config} on {@code home}; returns once it answers its API. */
  public static Daemon start(UnderstudyConfig config, DaemonHome home, boolean console) throws IOException {
    FileLock lock = home.lock().orElseThrow(() -> new DaemonException(
        "a daemon already runs on home " + home + home.readDaemonInfo().map(i -> " (pid " + i.pid() + ", port " + i.port() + ")").orElse("")
            + ": stop it with 'understudy stop', or set UNDERSTUDY_HOME to another directory"));
    Logs.toFile(home.logsDir(), config.log().level(), console, Daemon::rotatedInBackground);
    Path tokenFile = config.daemon().tokenFile().orElse(home.defaultTokenFile());
    String token = DaemonHome.tokenOrCreate(tokenFile);
    SecretMasker.register(token);
    config.store().password().ifPresent(SecretMasker::register);
    config.store().url().ifPresent(SecretMasker::registerUrlPassword);

    HttpServer http = bind(config.daemon().host(), config.daemon().port());
    Store store = null;
    Orchestrator orchestrator = null;
    try {
      store = config.store().url()
          .map(url -> Store.open(url, config.store().username().orElse(null), config.store().password().orElse(null),
              config.store().poolSize()))
          .orElseGet(() -> Store.sqlite(home.sqliteFile()));
      JobQueue queue = JobQueue.builder(store)
          .workers(config.queue().workers())
          .startingDeadline(config.queue().startingDeadline())
          .concurrencyLimits(config.queue().concurrency())
          .build();
      orchestrator = new Orchestrator(config, store, queue,
          new WorkflowRecovery.Places(home.backupsDir(), home.rejectedDir(), home.root().resolve("secrets")),
          dev.understudy.systems.pm2.Pm2System.Places.under(home.root()));
      orchestrator.withHealth(home.root());
      orchestrator.start();
    } catch (RuntimeException e) {
      http.stop(0);
      if (orchestrator != null) orchestrator.close();
      if (store != null) store.close();
      lock.channel().close();
      throw e;
    }
    DaemonInfo info = new DaemonInfo(ProcessHandle.current().pid(), http.getAddress().getPort(),
        config.daemon().host(), config.projectDir().toString(), tokenFile.toAbsolutePath(), Version.get(),
        System.currentTimeMillis());
    ExecutorService httpThreads = Executors.newFixedThreadPool(HTTP_THREADS, r -> {
      Thread t = new Thread(r, "understudy-http");
      t.setDaemon(true);
      return t;
    });
    Daemon d = new Daemon(home, lock, store, orchestrator, http, httpThreads, info);
    http.setExecutor(httpThreads);
    http.createContext("/", new ControlApi(orchestrator, info, d::close).routes(new Router(token)));
    http.createContext(MetricsEndpoint.PATH, new MetricsEndpoint(orchestrator.metrics(), token, config.metrics().open()));
    http.start();
    home.writeDaemonInfo(info);
    LOG.info("Understudy {} ready: pid {}, http://{}:{}, project {}, store {}", info.version(), info.pid(),
        info.host(), info.port(), info.project(), store.description());
    return d;
  }

  private static HttpServer bind(String host, int port) throws IOException {
    try {
      return HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (BindException e) {
      throw new DaemonException("port " + port + " on " + host + " is in use: set daemon.port in understudy.yml"
          + " (or UNDERSTUDY_PORT) to a free port, or 0 to pick one");
    }
  }

  public DaemonInfo info() {
    return info;
  }

  /** Blocks until the daemon has stopped. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Graceful stop: no new requests, running jobs get their grace, then the store closes. */
  @Override
  public void close() {
    if (!stopping.compareAndSet(false, true)) {
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    LOG.info("stopping");
    try {
      http.stop(1); // lets the answer to a /api/stop request go out first
      httpThreads.shutdownNow();
      orchestrator.close();
      store.close();
      home.clearDaemonInfo(info.pid());
      lock.channel().close();
      LOG.info("stopped");
    } catch (IOException | RuntimeException e) {
      LOG.warn("error while stopping: {}", e.getMessage());
    } finally {
      stopped.countDown();
    }
  }
}
