package dev.understudy.engine.logs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import org.slf4j.event.Level;

/**
 * Where the lines written through SLF4J go, in the CLI and in the daemon. Until {@link #toFile}
 * is called: warnings and errors to stderr, whole traces, unmasked. The daemon then writes its
 * home's {@code understudy.log} (masked, UTC time, one stack line per exception), rotated as the
 * apps' logs are ({@link LogSink}), and to the console too in the foreground.
 *
 * <p>This replaces Logback: its classes were a tenth of what a supervising daemon loaded, and every
 * loaded class is resident memory (docs/BENCHMARKS.md, section 7).
 */
public final class Logs {
  /** The daemon's log: rotated past 10 MB, gzipped, 20 kept (about 200 MB before compression at most). */
  public static final LogRotation DAEMON_LOG_ROTATION = new LogRotation(10L * 1024 * 1024, 20, true);
  /** Libraries that say too much at INFO: shown from WARN whatever the level. */
  static final List<String> QUIET = List.of("com.github.kagkarlsson", "com.zaxxer.hikari", "org.flywaydb");
  private static final LogLine STDERR_LINE = new LogLine(LogLine.Time.NONE, false, false);
  private static final LogLine FILE_LINE = new LogLine(LogLine.Time.UTC_ISO, true, true);
  private static final LogLine CONSOLE_LINE = new LogLine(LogLine.Time.LOCAL_CLOCK, true, true);

  /** What is written where; replaced whole, read without a lock. */
  private record Setup(int threshold, LogSink file, PrintStream console, LogLine consoleLine) {}

  private static volatile Setup setup = new Setup(Level.WARN.toInt(), null, System.err, STDERR_LINE);

  private Logs() {}

  /**
   * From now on: {@code level} and up ({@code trace debug info warn error}, else {@code info}) to
   * {@code logsDir/understudy.log}, and to stdout when {@code console}.
   */
  public static synchronized void toFile(Path logsDir, String level, boolean console, Executor background) throws IOException {
    LogSink file = new LogSink(logsDir.resolve("understudy.log"), DAEMON_LOG_ROTATION, Clock.systemUTC(), background);
    Setup old = setup;
    setup = new Setup(parse(level).toInt(), file, console ? System.out : null, CONSOLE_LINE);
    if (old.file() != null) old.file().close();
  }

  /** Back to warnings on stderr, the file closed (for tests that point the logs elsewhere). */
  static synchronized void reset() {
    Setup old = setup;
    setup = new Setup(Level.WARN.toInt(), null, System.err, STDERR_LINE);
    if (old.file() != null) old.file().close();
  }

  /** The level a name in {@code log.level} stands for; unknown words are {@code info}. */
  public static Level parse(String level) {
    try {
      return Level.valueOf(level.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Level.INFO;
    }
  }

  static boolean enabled(String logger, Level level) {
    int at = level.toInt();
    if (at < setup.threshold()) return false;
    if (at < Level.WARN.toInt()) {
      for (String q : QUIET) if (logger.startsWith(q)) return false;
    }
    return true;
  }

  static void write(String logger, Level level, String message, Throwable thrown) {
    if (!enabled(logger, level)) return;
    Setup s = setup;
    long now = System.currentTimeMillis();
    if (s.file() != null) {
      String text = FILE_LINE.format(now, level, logger, message, thrown);
      s.file().line(text.substring(0, text.length() - 1), null);
    }
    if (s.console() != null) {
      String text = s.consoleLine().format(now, level, logger, message, thrown);
      synchronized (s.console()) {
        s.console().print(text);
        s.console().flush();
      }
    }
  }
}
