package dev.understudy.systems.actions;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a project's {@code .github/workflows} with the JDK's WatchService and calls {@code
 * onChange} once an editor's burst of writes has settled ({@link #DEBOUNCE} after the last event,
 * at most {@link #MAX_DELAY} after the first). The directory may not exist yet, or be deleted and
 * made again: the project directory and {@code .github} are watched for that too. A full check
 * also runs every {@code safetyInterval}, in case the file system drops an event.
 *
 * <p>{@code onChange} always runs on the watcher's one worker thread, never twice at once.
 */
public final class WorkflowsWatcher implements AutoCloseable {
  public static final Duration DEBOUNCE = Duration.ofMillis(150);
  public static final Duration MAX_DELAY = Duration.ofMillis(600);
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowsWatcher.class);

  private final Path project;
  private final Path github;
  private final Path workflows;
  private final Runnable onChange;
  private final Duration safetyInterval;
  private final WatchService ws;
  private final Map<WatchKey, Path> keys = new HashMap<>();
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "understudy-workflows");
    t.setDaemon(true);
    return t;
  });
  private final Thread poller;
  private ScheduledFuture<?> pending;
  private long firstEventNanos;
  private volatile boolean closed;

  public WorkflowsWatcher(Path projectDir, Runnable onChange, Duration safetyInterval) throws IOException {
    this.project = projectDir;
    this.github = projectDir.resolve(".github");
    this.workflows = projectDir.resolve(WorkflowRestore.WORKFLOWS_DIR);
    this.onChange = onChange;
    this.safetyInterval = safetyInterval;
    this.ws = FileSystems.getDefault().newWatchService();
    this.poller = new Thread(this::loop, "understudy-workflows-watch");
    this.poller.setDaemon(true);
  }

  /** Registers the watches and runs a first check now. */
  public void start() {
    register();
    worker.execute(this::runOnChange);
    poller.start();
  }

  private void loop() {
    long safetyMs = safetyInterval.toMillis();
    while (!closed) {
      WatchKey key;
      try {
        key = ws.poll(safetyMs, TimeUnit.MILLISECONDS);
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      if (key == null) {
        if (register()) changed();
        else worker.execute(this::runOnChange); // the periodic full check
        continue;
      }
      boolean relevant = false;
      Path dir;
      synchronized (keys) {
        dir = keys.get(key);
      }
      for (WatchEvent<?> e : key.pollEvents()) {
        if (e.kind() == OVERFLOW || dir == null) {
          relevant = true;
          continue;
        }
        Path name = (Path) e.context();
        if (dir.equals(project)) relevant |= name.toString().equals(".github");
        else if (dir.equals(github)) relevant |= name.toString().equals("workflows");
        else relevant = true;
      }
      if (!key.reset()) {
        synchronized (keys) {
          keys.remove(key);
        }
        relevant = true;
      }
      if (register()) relevant = true;
      if (relevant) changed();
    }
  }

  /** Watches whichever of the three directories exist and are not watched yet; true if one was added. */
  private boolean register() {
    boolean added = false;
    for (Path d : List.of(project, github, workflows)) {
      if (!Files.isDirectory(d)) continue;
      synchronized (keys) {
        if (keys.values().contains(d)) continue;
        try {
          keys.put(d.register(ws, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY), d);
          added = true;
        } catch (IOException | ClosedWatchServiceException e) {
          if (!closed) LOG.warn("cannot watch {} ({}): changes there are noticed by the periodic check only", d, e.getMessage());
        }
      }
    }
    return added;
  }

  /** An event: (re)start the debounce timer, but never wait more than MAX_DELAY since the first. */
  private synchronized void changed() {
    if (closed) return;
    long now = System.nanoTime();
    if (pending != null && !pending.isDone()) {
      if (now - firstEventNanos >= MAX_DELAY.toNanos() - DEBOUNCE.toNanos()) return; // let it fire
      pending.cancel(false);
    } else {
      firstEventNanos = now;
    }
    pending = worker.schedule(this::runOnChange, DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runOnChange() {
    if (closed) return;
    try {
      onChange.run();
    } catch (RuntimeException e) {
      LOG.error("checking the workflows failed", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      ws.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    poller.interrupt();
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
