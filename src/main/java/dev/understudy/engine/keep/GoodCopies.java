package dev.understudy.engine.keep;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The last-known-good copies of a project's files of one kind (workflows, functions): exact
 * bytes, named by their SHA-256, with an index per file that keeps the order they were seen
 * valid in.
 *
 * <pre>
 * ROOT/                      (a project's directory under $UNDERSTUDY_HOME/backups, see {@link #forProject})
 *   ci.yml/                  one directory per file (a name with '/' has it written as %2F)
 *     index                  "epochMillis sha256 size" per line, oldest first
 *     3f2a...e9.yml          the bytes whose SHA-256 is 3f2a...e9, with the store's suffix
 * </pre>
 *
 * <p>Identical bytes are stored once: saving bytes already stored moves their entry to the
 * newest place. At most {@code keep} copies are kept per file; older ones are deleted. A damaged
 * index is tolerated: unreadable lines and entries without their file are skipped, and copies the
 * index does not name are listed as older than the indexed ones, by modification time. Writers
 * in several processes (the daemon, the CLI) take a lock file per file.
 *
 * <p>Used by the CLI as well: no logging, no Jackson.
 */
public final class GoodCopies {
  public static final String INDEX = "index";
  private static final String HEADER = "# understudy good copies v1: epoch-millis sha256 size, oldest first";
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SEGMENT = Pattern.compile("[^/\\\\\\x00]{1,255}");
  private static final Object JVM_LOCK = new Object();

  /** One stored copy of file {@code name}; {@code number} 1 is the newest. */
  public record Copy(String name, int number, String sha256, Instant savedAt, long size, Path file) {
    public String shortSha() {
      return sha256.substring(0, 12);
    }
  }

  /** The outcome of {@link #save}: the copy, and whether its bytes were new to the store. */
  public record Saved(Copy copy, boolean stored) {}

  private final Path root;
  private final int keep;
  private final String suffix;
  private final Clock clock;

  /** @param suffix how a stored copy's file name ends ({@code .yml}): editors and viewers see its kind */
  public GoodCopies(Path root, int keep, String suffix) {
    this(root, keep, suffix, Clock.systemUTC());
  }

  public GoodCopies(Path root, int keep, String suffix, Clock clock) {
    if (keep < 1) throw new IllegalArgumentException("keep must be at least 1, not " + keep);
    if (!suffix.matches("\\.[A-Za-z0-9]{1,8}")) throw new IllegalArgumentException("not a file suffix: " + suffix);
    this.root = root;
    this.keep = keep;
    this.suffix = suffix;
    this.clock = clock;
  }

  /**
   * The store of {@code projectDir}'s files of one {@code kind} ({@code workflows}, {@code
   * functions}) under {@code backupsDir} ({@code $UNDERSTUDY_HOME/backups}): one home may serve
   * several projects over time, and a copy of one project's {@code ci.yml} must never be restored
   * into another's.
   */
  public static GoodCopies forProject(Path backupsDir, Path projectDir, String kind, String suffix, int keep) {
    return new GoodCopies(backupsDir.resolve(projectKey(projectDir)).resolve(kind), keep, suffix);
  }

  /** {@code site-1a2b3c4d5e6f}: the directory's name and a hash of its real, absolute path. */
  public static String projectKey(Path projectDir) {
    Path p = projectDir.toAbsolutePath().normalize();
    try {
      p = p.toRealPath();
    } catch (IOException e) {
      // not there (yet): the absolute path is the best name we have
    }
    String base = p.getFileName() == null ? "root" : p.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
    if (base.length() > 40) base = base.substring(0, 40);
    return base + "-" + sha256(p.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
  }

  public Path root() {
    return root;
  }

  public int keep() {
    return keep;
  }

  /** The files (names as saved) with at least one stored copy, sorted. */
  public List<String> names() {
    TreeSet<String> out = new TreeSet<>();
    if (!Files.isDirectory(root)) return List.of();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path d : ds) {
        String name = decode(d.getFileName().toString());
        if (!history(name).isEmpty()) out.add(name);
      }
    } catch (IOException e) {
      return List.of();
    }
    return List.copyOf(out);
  }

  /**
   * Stores {@code bytes} as the newest good copy of file {@code name} (such as {@code ci.yml}, or
   * a path relative to the kind's folder, {@code billing/index.js}) and applies the retention.
   */
  public Saved save(String name, byte[] bytes) throws IOException {
    Path dir = dir(name);
    String sha = sha256(bytes);
    synchronized (JVM_LOCK) {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        List<Entry> entries = read(dir);
        if (!entries.isEmpty() && entries.get(entries.size() - 1).sha.equals(sha)) {
          return new Saved(toCopies(name, dir, entries).get(0), false);
        }
        Path blob = dir.resolve(sha + suffix);
        boolean stored = !Files.exists(blob) || !sha.equals(sha256(Files.readAllBytes(blob)));
        if (stored) writeAtomically(blob, bytes);
        entries.removeIf(e -> e.sha.equals(sha));
        entries.add(new Entry(clock.millis(), sha, bytes.length));
        List<Entry> dropped = new ArrayList<>();
        while (entries.size() > keep) dropped.add(entries.remove(0));
        writeIndex(dir, entries);
        for (Entry e : dropped) Files.deleteIfExists(dir.resolve(e.sha + suffix));
        return new Saved(toCopies(name, dir, entries).get(0), stored);
      }
    }
  }

  /** Every stored copy of {@code name}, newest first (number 1); empty when none. */
  public List<Copy> history(String name) {
    Path dir;
    try {
      dir = dir(name);
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    if (!Files.isDirectory(dir)) return List.of();
    try {
      return toCopies(name, dir, read(dir));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Copy number {@code n} (1 = newest). */
  public Optional<Copy> copy(String name, int n) {
    List<Copy> h = history(name);
    return n >= 1 && n <= h.size() ? Optional.of(h.get(n - 1)) : Optional.empty();
  }

  /** The bytes of {@code copy}, checked against its hash: a damaged copy is an IOException. */
  public byte[] read(Copy copy) throws IOException {
    byte[] b = Files.readAllBytes(copy.file());
    if (!sha256(b).equals(copy.sha256())) {
      throw new IOException("good copy " + copy.file() + " is damaged: its SHA-256 does not match its name");
    }
    return b;
  }

  /** The newest copy whose bytes are intact, with its bytes. */
  public Optional<Map.Entry<Copy, byte[]>> newestIntact(String name) {
    for (Copy c : history(name)) {
      try {
        return Optional.of(Map.entry(c, read(c)));
      } catch (IOException e) {
        // damaged or gone: try the next older one
      }
    }
    return Optional.empty();
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The directory of one file's copies; refuses names that would leave the store. */
  Path dir(String name) {
    if (name.isEmpty() || name.length() > 1000) throw new IllegalArgumentException("'" + name + "' is not a file name");
    for (String segment : name.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.startsWith(".")) {
        throw new IllegalArgumentException("'" + name + "' is not a file name");
      }
    }
    return root.resolve(name.replace("%", "%25").replace("/", "%2F"));
  }

  private static String decode(String dirName) {
    return dirName.replace("%2F", "/").replace("%25", "%");
  }

  private record Entry(long millis, String sha, long size) {}

  /** The index's entries whose files exist, plus unindexed copies (older, by mtime). Oldest first. */
  private List<Entry> read(Path dir) throws IOException {
    Map<String, Entry> indexed = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(dir.resolve(INDEX), StandardCharsets.ISO_8859_1)) {
        String[] f = line.trim().split("\\s+");
        if (f.length != 3 || line.startsWith("#") || !SHA.matcher(f[1]).matches()) continue;
        try {
          Entry e = new Entry(Long.parseLong(f[0]), f[1], Long.parseLong(f[2]));
          indexed.remove(e.sha); // a repeated sha counts where it was seen last
          indexed.put(e.sha, e);
        } catch (NumberFormatException ignored) {
          // a damaged line: skip it
        }
      }
    } catch (NoSuchFileException e) {
      // no index yet, or lost: the copies below are all there is
    }
    indexed.values().removeIf(e -> !Files.isRegularFile(dir.resolve(e.sha + suffix)));
    List<Entry> orphans = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + suffix)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        String sha = name.substring(0, name.length() - suffix.length()).toLowerCase(Locale.ROOT);
        if (!SHA.matcher(sha).matches() || !name.startsWith(sha) || indexed.containsKey(sha)) continue;
        orphans.add(new Entry(Files.getLastModifiedTime(p).toMillis(), sha, Files.size(p)));
      }
    }
    orphans.sort(Comparator.comparingLong(Entry::millis).thenComparing(Entry::sha));
    List<Entry> out = new ArrayList<>(orphans);
    out.addAll(indexed.values());
    return out;
  }

  private List<Copy> toCopies(String name, Path dir, List<Entry> oldestFirst) {
    List<Copy> out = new ArrayList<>(oldestFirst.size());
    for (int i = oldestFirst.size() - 1; i >= 0; i--) {
      Entry e = oldestFirst.get(i);
      out.add(new Copy(name, out.size() + 1, e.sha, Instant.ofEpochMilli(e.millis), e.size, dir.resolve(e.sha + suffix)));
    }
    return List.copyOf(out);
  }

  private static void writeIndex(Path dir, List<Entry> entries) throws IOException {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (Entry e : entries) b.append(e.millis).append(' ').append(e.sha).append(' ').append(e.size).append('\n');
    writeAtomically(dir.resolve(INDEX), b.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp" + ProcessHandle.current().pid());
    Files.write(tmp, bytes);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
