package dev.understudy.engine.keep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where the bytes a restore replaces are kept, so a restore never loses anything:
 * {@code $UNDERSTUDY_HOME/rejected/<project>/<kind>/<file>/<UTC time>-<sha12><suffix>}. Nothing
 * here is ever deleted by Understudy.
 */
public final class RejectedCopies {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path root;
  private final String suffix;
  private final Clock clock;

  public RejectedCopies(Path root, String suffix) {
    this(root, suffix, Clock.systemUTC());
  }

  public RejectedCopies(Path root, String suffix, Clock clock) {
    this.root = root;
    this.suffix = suffix;
    this.clock = clock;
  }

  public static RejectedCopies forProject(Path rejectedDir, Path projectDir, String kind, String suffix) {
    return new RejectedCopies(rejectedDir.resolve(GoodCopies.projectKey(projectDir)).resolve(kind), suffix);
  }

  public Path root() {
    return root;
  }

  /** Keeps {@code bytes}, once file {@code name}'s; returns where. */
  public Path keep(String name, byte[] bytes) throws IOException {
    if (name.contains("..") || name.startsWith(".") || name.startsWith("/") || name.contains("\\")) {
      throw new IllegalArgumentException("'" + name + "' is not a file name");
    }
    Path dir = Files.createDirectories(root.resolve(name.replace("%", "%25").replace("/", "%2F")));
    String base = STAMP.format(clock.instant()) + "-" + GoodCopies.sha256(bytes).substring(0, 12);
    Path file = dir.resolve(base + suffix);
    for (int i = 2; Files.exists(file); i++) {
      if (java.util.Arrays.equals(Files.readAllBytes(file), bytes)) return file; // the same bytes, the same instant
      file = dir.resolve(base + "-" + i + suffix);
    }
    GoodCopies.writeAtomically(file, bytes);
    return file;
  }
}
