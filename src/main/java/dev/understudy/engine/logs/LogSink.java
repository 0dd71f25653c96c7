package dev.understudy.engine.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.zip.GZIPOutputStream;

/**
 * One log file, shared by every stream that writes to it (stdout and stderr may share a file, and
 * so may several processes). Lines are masked ({@link SecretMasker}), optionally prefixed with a
 * timestamp, and the file is rotated by size as pm2-logrotate does.
 */
public final class LogSink implements AutoCloseable {
  private static final DateTimeFormatter ROTATED = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss");
  private final Path path;
  private final LogRotation rotation;
  private final Clock clock;
  private final Executor background;
  private OutputStream out;
  private long size;
  private boolean closed;

  public LogSink(Path path, LogRotation rotation, Clock clock, Executor background) throws IOException {
    this.path = path.toAbsolutePath();
    this.rotation = rotation;
    this.clock = clock;
    this.background = background;
    open();
  }

  public Path path() {
    return path;
  }

  private void open() throws IOException {
    if (path.getParent() != null) Files.createDirectories(path.getParent());
    out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    size = Files.size(path);
  }

  /** Writes one line (without its newline), prefixed by {@code stamp} when given. */
  public synchronized void line(String text, DateTimeFormatter stamp) {
    String masked = SecretMasker.mask(text);
    String l = stamp == null ? masked + "\n" : stamp.format(clock.instant().atZone(clock.getZone())) + ": " + masked + "\n";
    byte[] b = l.getBytes(StandardCharsets.UTF_8);
    if (closed) return;
    try {
      if (rotation.maxSizeBytes() > 0 && size > 0 && size + b.length > rotation.maxSizeBytes()) rotate();
      out.write(b);
      out.flush();
      size += b.length;
    } catch (IOException e) {
      // a full disk must not kill the pump; the line is lost
    }
  }

  /** Moves the file aside and starts a new one (for files this sink writes). */
  public synchronized void rotate() throws IOException {
    if (closed) return;
    out.close();
    Path target = rotatedName();
    try {
      Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      open(); // the same file again when the move failed: later lines are not lost
    }
    afterRotate(target);
  }

  /**
   * For a file a child writes directly (O_APPEND, when children outlive the daemon): copy it aside
   * and truncate it, as pm2-logrotate does. Lines written between copy and truncate are lost.
   */
  public static void copyTruncate(Path file, LogRotation rotation, Clock clock, Executor background) throws IOException {
    if (rotation.maxSizeBytes() <= 0 || !Files.exists(file) || Files.size(file) <= rotation.maxSizeBytes()) return;
    LogSink fake = new LogSink(file, rotation, clock, background);
    try {
      Path target = fake.rotatedName();
      Files.copy(file, target);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(0);
      }
      fake.afterRotate(target);
    } finally {
      fake.close();
    }
  }

  /**
   * Gzip and prune of rotated files, one at a time: two of them at once could delete a file the
   * other is compressing and leave one gzip too many.
   */
  private static final Object AFTER_ROTATE = new Object();

  private void afterRotate(Path target) {
    background.execute(() -> {
      synchronized (AFTER_ROTATE) {
        try {
          if (rotation.compress()) gzip(target);
          prune();
        } catch (IOException ignored) {
          // the rotated file stays as it is
        }
      }
    });
  }

  private Path rotatedName() {
    String file = path.getFileName().toString();
    int dot = file.lastIndexOf('.');
    String base = dot > 0 ? file.substring(0, dot) : file;
    String ext = dot > 0 ? file.substring(dot) : "";
    String stamp = LocalDateTime.now(clock).format(ROTATED);
    Path p = path.resolveSibling(base + "__" + stamp + ext);
    for (int i = 1; Files.exists(p) || Files.exists(Path.of(p + ".gz")); i++) {
      p = path.resolveSibling(base + "__" + stamp + "-" + i + ext);
    }
    return p;
  }

  private static void gzip(Path file) throws IOException {
    Path gz = Path.of(file + ".gz");
    try (InputStream in = Files.newInputStream(file); OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      in.transferTo(o);
    }
    Files.delete(file);
  }

  /** Keeps the newest {@code retain} rotated files of this log. */
  private synchronized void prune() throws IOException {
    String file = path.getFileName().toString();
    int dot = file.lastIndexOf('.');
    String prefix = (dot > 0 ? file.substring(0, dot) : file) + "__";
    List<Path> rotated;
    try (var s = Files.list(path.getParent())) {
      rotated = s.filter(p -> p.getFileName().toString().startsWith(prefix))
          .sorted(Comparator.comparing((Path p) -> order(p.getFileName().toString().substring(prefix.length()))).reversed())
          .toList();
    }
    for (int i = rotation.retain(); i < rotated.size(); i++) Files.deleteIfExists(rotated.get(i));
  }

  /** {@code 2026-11-22_14-36-37-2.log.gz} → {@code 2026-11-22_14-36-37-0000000002}: sorts in rotation order. */
  private static String order(String rest) {
    String stamp = rest.length() >= 19 ? rest.substring(0, 19) : rest;
    long n = 0;
    if (rest.length() > 20 && rest.charAt(19) == '-') {
      int end = 20;
      while (end < rest.length() && Character.isDigit(rest.charAt(end))) end++;
      try {
        n = Long.parseLong(rest.substring(20, end));
      } catch (NumberFormatException ignored) {
        n = 0;
      }
    }
    return stamp + String.format("-%010d", n);
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      out.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
