package dev.understudy.engine.supervise;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Watches directory trees and files for changes (Linux inotify through the JDK's
 * {@link WatchService}), for {@link ProcessSpec.Watch}. One service and one thread for every
 * watched process. Directories are registered one by one (inotify is not recursive), a new
 * directory as soon as it appears; ignored directories are never entered.
 */
final class FileWatch implements AutoCloseable {
  private final WatchService service;
  private final Map<WatchKey, Set<Reg>> byKey = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;

  FileWatch() throws IOException {
    this.service = FileSystems.getDefault().newWatchService();
    this.thread = new Thread(this::run, "understudy-file-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** One watched set of paths with its ignore rule and listener; close it to stop watching. */
  final class Reg implements AutoCloseable {
    private final List<Path> roots;
    private final Predicate<Path> ignored;
    private final Consumer<Path> listener;
    private final Set<WatchKey> keys = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;

    private Reg(List<Path> roots, Predicate<Path> ignored, Consumer<Path> listener) {
      this.roots = roots;
      this.ignored = ignored;
      this.listener = listener;
    }

    /** Under one of the roots (a root may be a file or a directory) and not ignored. */
    boolean wants(Path p) {
      for (Path r : roots) if (p.startsWith(r)) return !ignored.test(p);
      return false;
    }

    private void registerTree(Path dir) {
      try {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
            if (!d.equals(dir) && ignored.test(d)) return FileVisitResult.SKIP_SUBTREE;
            register(d);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException ignored) {
        // a directory that vanished while we walked it
      }
    }

    private void register(Path dir) {
      try {
        WatchKey k = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
        keys.add(k);
        byKey.computeIfAbsent(k, x -> new CopyOnWriteArraySet<>()).add(this);
      } catch (IOException | ClosedWatchServiceException ignored) {
        // gone, or we are closing
      }
    }

    @Override
    public void close() {
      open = false;
      for (WatchKey k : keys) {
        Set<Reg> regs = byKey.get(k);
        if (regs == null) continue;
        regs.remove(this);
        if (regs.isEmpty()) {
          byKey.remove(k);
          k.cancel();
        }
      }
    }
  }

  /**
   * Watches {@code roots} (absolute; directories with everything under them, or single files; a
   * path that does not exist yet is watched from its nearest existing parent). {@code listener}
   * gets each changed path that is under a root and not {@code ignored}, on the watch thread.
   */
  Reg watch(List<Path> roots, Predicate<Path> ignored, Consumer<Path> listener) {
    List<Path> abs = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    Reg reg = new Reg(abs, ignored, listener);
    for (Path r : abs) {
      if (Files.isDirectory(r)) {
        reg.registerTree(r);
      } else {
        Path parent = r.getParent();
        while (parent != null && !Files.isDirectory(parent)) parent = parent.getParent();
        if (parent != null) reg.register(parent);
      }
    }
    return reg;
  }

  private void run() {
    while (!closed) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      Path dir = (Path) key.watchable();
      Set<Reg> regs = byKey.getOrDefault(key, Set.of());
      for (WatchEvent<?> e : key.pollEvents()) {
        Path changed = e.kind() == StandardWatchEventKinds.OVERFLOW ? dir : dir.resolve((Path) e.context());
        boolean newDir = e.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed);
        for (Reg r : new ArrayList<>(regs)) {
          if (!r.open || !r.wants(changed)) continue;
          if (newDir) r.registerTree(changed);
          try {
            r.listener.accept(changed);
          } catch (RuntimeException ignored) {
            // a listener's bug must not end the watch
          }
        }
      }
      if (!key.reset()) byKey.remove(key);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      service.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
