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
 * one line per name, {@code name=<pid> <startTicks> <startedAtEpochMs> <restarts> <token> <adoptable>}.
 * {@code startTicks} is the kernel's start time of the pid (field 22 of {@code /proc/<pid>/stat}), so a
 * reused pid never matches; {@code token} is the child's side-channel token (so a Node wrapper can
 * reconnect to the next daemon), {@code -} when none; {@code adoptable} is false for a child that
 * needs the daemon to read its output (it died with the daemon: what is left of it is killed).
 * Rewritten atomically (temp file + rename) on every start and exit.
 */
final class ChildRecord {
  record Entry(long pid, long startTicks, long startedAtMs, int restarts, String token, boolean adoptable) {
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
        String token = f.length > 4 && !f[4].equals("-") ? f[4] : "";
        boolean adoptable = f.length <= 5 || Boolean.parseBoolean(f[5]);
        entries.put(name, new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]), token, adoptable));
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

  synchronized java.util.Set<String> names() {
    return java.util.Set.copyOf(entries.keySet());
  }

  synchronized void remove(String name) {
    if (entries.remove(name) != null) save();
  }

  private void save() {
    Properties p = new Properties();
    entries.forEach((n, e) -> p.setProperty(n, e.pid() + " " + e.startTicks() + " " + e.startedAtMs() + " " + e.restarts()
        + " " + (e.token().isEmpty() ? "-" : e.token()) + " " + e.adoptable()));
    try {
      Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp)) {
        p.store(w, "understudy supervisor: name=pid startTicks startedAtEpochMs restarts token adoptable");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException ignored) {
      // adoption after a crash is best effort; supervision goes on
    }
  }
}
