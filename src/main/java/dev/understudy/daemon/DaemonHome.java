package dev.understudy.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The directory a daemon keeps everything in ({@code UNDERSTUDY_HOME}, default
 * {@code ~/.understudy}): {@code daemon.json}, the token, logs, the SQLite store, reports and
 * backups. Two homes are two independent daemons. Used by the CLI too, so it stays light: no
 * Jackson, no logging.
 */
public final class DaemonHome {
  public static final String ENV = "UNDERSTUDY_HOME";

  private final Path root;

  public DaemonHome(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public static DaemonHome fromEnvironment() {
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) return new DaemonHome(Path.of(env));
    return new DaemonHome(Path.of(System.getProperty("user.home"), ".understudy"));
  }

  public Path root() {
    return root;
  }

  public Path daemonJson() {
    return root.resolve("daemon.json");
  }

  public Path defaultTokenFile() {
    return root.resolve("token");
  }

  public Path logsDir() {
    return root.resolve("logs");
  }

  public Path logFile() {
    return logsDir().resolve("understudy.log");
  }

  /** Where a background daemon's own stdout and stderr go (start-up failures land here). */
  public Path outFile() {
    return logsDir().resolve("daemon.out");
  }

  public Path sqliteFile() {
    return root.resolve("understudy.db");
  }

  /** Good copies of the projects' files ({@code backups/<project>/workflows/<file>/...}). */
  public Path backupsDir() {
    return root.resolve("backups");
  }

  /** Files a restore replaced, kept so nothing is lost ({@code rejected/<project>/workflows/<file>/...}). */
  public Path rejectedDir() {
    return root.resolve("rejected");
  }

  public void create() throws IOException {
    Files.createDirectories(root);
    Files.createDirectories(logsDir());
  }

  /**
   * Holds the home's lock for the life of the process: a second daemon on the same home is
   * refused. Empty when another process holds it.
   */
  public Optional<FileLock> lock() throws IOException {
    create();
    FileChannel ch = FileChannel.open(root.resolve("daemon.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
        return Optional.empty();
      }
      return Optional.of(lock);
    } catch (OverlappingFileLockException e) {
      ch.close();
      return Optional.empty();
    }
  }

  /** True while some process (a daemon) holds this home's lock. */
  public boolean isLocked() throws IOException {
    Optional<FileLock> l = lock();
    if (l.isEmpty()) return true;
    l.get().channel().close();
    return false;
  }

  /** Reads the token at {@code file}, creating a random one readable by the owner only. */
  public static String tokenOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      String t = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!t.isEmpty()) return t;
    }
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      // raced with another creator; overwrite below
    }
    Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
    moveAtomically(tmp, file);
    return token;
  }

  /** Writes {@code daemon.json} atomically, so a reader never sees half of it. */
  public void writeDaemonInfo(DaemonInfo info) throws IOException {
    create();
    Path tmp = root.resolve("daemon.json.tmp");
    Files.writeString(tmp, info.toJson(), StandardCharsets.UTF_8);
    moveAtomically(tmp, daemonJson());
  }

  public Optional<DaemonInfo> readDaemonInfo() {
    try {
      return Optional.of(DaemonInfo.fromJson(Files.readString(daemonJson(), StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Removes {@code daemon.json} if it still describes process {@code pid}. */
  public void clearDaemonInfo(long pid) {
    readDaemonInfo().filter(i -> i.pid() == pid).ifPresent(i -> {
      try {
        Files.deleteIfExists(daemonJson());
      } catch (IOException ignored) {
        // a stale file is detected by its dead pid anyway
      }
    });
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public String toString() {
    return root.toString();
  }

}
