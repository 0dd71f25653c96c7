package dev.understudy.systems.pm2.watch;

import dev.understudy.config.Mode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the {@code pm2} program, without running it (running any {@code pm2} command starts a
 * daemon), and from that the pm2 system's default mode.
 */
public final class Pm2Binary {
  public static final String DEFAULT_NAME = "pm2";

  private Pm2Binary() {}

  /**
   * @param configured {@code pm2.bin}: a path (anything with a {@code /}, used as it is) or a
   *     program name looked up on {@code PATH}; empty means {@code pm2} on {@code PATH}
   * @param path the {@code PATH} value to search (may be null)
   * @return the executable file, when there is one
   */
  public static Optional<Path> find(Optional<String> configured, String path) {
    String name = configured.map(String::trim).filter(s -> !s.isEmpty()).orElse(DEFAULT_NAME);
    if (name.contains("/")) {
      Path p = Path.of(name.startsWith("~/") ? System.getProperty("user.home") + name.substring(1) : name);
      return executable(p) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
    }
    if (path == null) return Optional.empty();
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue; // an empty entry means the working directory: not searched, on purpose
      Path p = Path.of(dir).resolve(name);
      if (executable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  private static boolean executable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p);
  }

  /**
   * The pm2 system's mode: the configured one (pm2.mode, else the top-level mode when set), else
   * {@code failover} when a {@code pm2} program is found (PM2 is the primary, we stand by), else
   * {@code replace} (nothing else would run the apps).
   */
  public static Mode mode(Optional<Mode> configured, Optional<Path> found) {
    return configured.orElse(found.isPresent() ? Mode.FAILOVER : Mode.REPLACE);
  }
}
