package dev.understudy.engine.keep;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one folder of a project ({@code .github/workflows}, {@code netlify/functions}) with the
 * JDK's WatchService and calls {@code onChange} once an editor's burst of writes has settled
 * ({@link #DEBOUNCE} after the last event, at most {@link #MAX_DELAY} after the first). The folder
 * may not exist yet, or be deleted and made again: each folder between the project and it is
 * watched for that too. Folders inside it are watched down to {@code depth} levels ({@code
 * node_modules} and hidden ones are not), and {@code projectFiles} are files at the project's top
 * whose changes count too ({@code netlify.toml}). A full check also runs every {@code
 * safetyInterval}, in case the file system drops an event.
 *
 * <p>{@code onChange} always runs on the watcher's one worker thread, never twice at once.
 */
public final class FolderWatcher implements AutoCloseable {
  public static final Duration DEBOUNCE = Duration.ofMillis(150);
  public static final Duration MAX_DELAY = Duration.ofMillis(600);
  private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);

  private final Path project;
  /** The project, each folder down to the target, and the target: what must exist for the next to. */
  private final List<Path> chain;
  private final Path target;
  private final int depth;
  private final Set<String> projectFiles;
  private final String what;
  private final Runnable onChange;
  private final Duration safetyInterval;
  private final WatchService ws;
  private final Map<WatchKey, Path> keys = new HashMap<>();
  private final ScheduledExecutorService worker;
  private final Thread poller;
  private ScheduledFuture<?> pending;
  private long firstEventNanos;
  private volatile boolean closed;

  /**
   * @param folder the watched folder, relative to the project
   * @param what what the folder holds, for thread names and messages ({@code workflows})
   */
  public FolderWatcher(Path projectDir, Path folder, int depth, Set<String> projectFiles, String what, Runnable onChange,
      Duration safetyInterval) throws IOException {
    this.project = projectDir;
    this.target = projectDir.resolve(folder).normalize();
    List<Path> c = new ArrayList<>();
    c.add(projectDir);
    Path p = projectDir;
    for (Path part : folder) {
      p = p.resolve(part);
      c.add(p);
    }
    this.chain = List.copyOf(c);
    this.depth = depth;
    this.projectFiles = Set.copyOf(projectFiles);
    this.what = what;
    this.onChange = onChange;
    this.safetyInterval = safetyInterval;
    this.ws = FileSystems.getDefault().newWatchService();
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "understudy-" + what);
      t.setDaemon(true);
      return t;
    });
    this.poller = new Thread(this::loop, "understudy-" + what + "-watch");
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
        relevant |= relevant(dir, ((Path) e.context()).toString());
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

  /** An event in {@code dir} about {@code name}: does it touch the watched folder or a project file? */
  private boolean relevant(Path dir, String name) {
    if (dir.startsWith(target)) return true;
    if (dir.equals(project) && projectFiles.contains(name)) return true;
    int i = chain.indexOf(dir);
    return i >= 0 && i + 1 < chain.size() && chain.get(i + 1).getFileName().toString().equals(name);
  }

  /** Watches whichever folders exist and are not watched yet; true if one was added. */
  private boolean register() {
    boolean added = false;
    for (Path d : folders()) {
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

  private List<Path> folders() {
    List<Path> out = new ArrayList<>();
    for (Path d : chain) if (Files.isDirectory(d)) out.add(d);
    if (depth > 0 && Files.isDirectory(target)) {
      try (Stream<Path> below = Files.walk(target, depth)) {
        below.filter(d -> !d.equals(target) && Files.isDirectory(d) && !skipped(d)).forEach(out::add);
      } catch (IOException | java.io.UncheckedIOException e) {
        // a folder went away while walking: the next event or check registers what is there
      }
    }
    return out;
  }

  private boolean skipped(Path d) {
    for (Path part : target.relativize(d)) {
      String n = part.toString();
      if (n.startsWith(".") || n.equals("node_modules")) return true;
    }
    return false;
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
      LOG.error("checking the {} failed", what, e);
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
