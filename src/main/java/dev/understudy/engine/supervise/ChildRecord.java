package dev.understudy.engine.supervise;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * What a later daemon needs to find this one's children again: {@code <stateDir>/children.properties},
 * one line per name, {@code name=<pid> <startTicks> <startedAtEpochMs> <restarts>}. {@code startTicks}
 * is the kernel's start time of the pid (field 22 of {@code /proc/<pid>/stat}), so a reused pid
 * never matches. Rewritten atomically (temp file + rename) on every start and exit.
 */
final class ChildRecord {
  record Entry(long pid, long startTicks, long startedAtMs, int restarts) {
    /** The recorded process still runs: same pid, same kernel start time. */
    boolean alive() {
      OptionalLong t = ProcTree.startTicks(pid);
      return t.isPresent() && t.getAsLong() == startTicks && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  static final String FILE = "children.properties";
  private final Path file;
  private final Map<String, Entry> entries = new HashMap<>();

  ChildRecord(Path dir) throws IOException {
    this.file = dir.resolve(FILE);
    if (!Files.exists(file)) return;
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    for (String name : p.stringPropertyNames()) {
      String[] f = p.getProperty(name).trim().split("\\s+");
      try {
        entries.put(name, new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3])));
      } catch (RuntimeException ignored) {
        // a damaged line: that child cannot be adopted
      }
    }
  }

  synchronized Optional<Entry> get(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  synchronized void put(String name, Entry e) {
    entries.put(name, e);
    save();
  }

  synchronized void remove(String name) {
    if (entries.remove(name) != null) save();
  }

  private void save() {
    Properties p = new Properties();
    entries.forEach((n, e) -> p.setProperty(n, e.pid() + " " + e.startTicks() + " " + e.startedAtMs() + " " + e.restarts()));
    try {
      Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp)) {
        p.store(w, "understudy supervisor: name=pid startTicks startedAtEpochMs restarts");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException ignored) {
      // adoption after a crash is best effort; supervision goes on
    }
  }
}
