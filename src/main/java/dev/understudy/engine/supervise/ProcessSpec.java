package dev.understudy.engine.supervise;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One process the supervisor keeps alive, in platform-neutral terms (the pm2 system maps an
 * ecosystem app to one or more of these).
 *
 * @param name unique name shown by {@code ps} ({@code web}, or {@code web-1} for an instance)
 * @param argv the command, never a shell string
 * @param cwd working directory
 * @param env the whole environment of the child
 * @param restart when and how fast to restart
 * @param killTimeout SIGINT first, SIGKILL to the whole tree after this
 * @param ready how a start is judged done: at once, on a ready message, or after a delay
 * @param readyTimeout with {@link Ready#MESSAGE}: fail the start when no ready message came by then;
 *     with {@link Ready#DELAY}: online when still running after it
 * @param maxMemoryBytes restart when the process tree's resident memory exceeds it (0: never)
 * @param cronRestart restart on this cron schedule, or empty
 * @param outFile stdout log file, errFile stderr log file (may be the same file)
 * @param logTimestamps prefix each log line with a timestamp in this pattern, or empty
 * @param stopWithMessage stop by sending {@code shutdown} over the side channel (a Node app gets
 *     {@code process.on('message')} with {@code 'shutdown'}, PM2's {@code shutdown_with_message}) instead of
 *     SIGINT; a process without the channel gets SIGINT. SIGKILL to the tree after {@code killTimeout} either way
 * @param watch restart the process when files change, or empty
 */
public record ProcessSpec(
    String name,
    List<String> argv,
    Path cwd,
    Map<String, String> env,
    RestartPolicy restart,
    Duration killTimeout,
    Ready ready,
    Duration readyTimeout,
    long maxMemoryBytes,
    Optional<String> cronRestart,
    Path outFile,
    Path errFile,
    Optional<String> logTimestamps,
    boolean stopWithMessage,
    Optional<Watch> watch) {

  /**
   * Restart when files change (PM2's {@code watch}, {@code ignore_watch}, {@code watch_delay}).
   *
   * @param paths directories (with everything under them) or files
   * @param ignore paths not to react to, each {@code glob:<pattern>} (a {@code java.nio} glob matched
   *     against the absolute path) or {@code regex:<pattern>} (found anywhere in the absolute path).
   *     Empty: PM2's default, every path with a component (below the watched path) that starts with
   *     a dot or is {@code node_modules}
   * @param delay how long after a change the restart comes; changes until the restart is done are
   *     part of it
   */
  public record Watch(List<Path> paths, List<String> ignore, Duration delay) {
    public Watch {
      paths = List.copyOf(paths);
      ignore = List.copyOf(ignore);
      for (String rule : ignore) {
        if (!rule.startsWith("glob:") && !rule.startsWith("regex:")) {
          throw new IllegalArgumentException("an ignore rule is glob:<pattern> or regex:<pattern>: " + rule);
        }
      }
    }

    /** Whether a change of {@code path} (absolute) is to be ignored. */
    public java.util.function.Predicate<Path> ignored() {
      List<java.util.function.Predicate<Path>> rules = new java.util.ArrayList<>();
      for (String rule : ignore) {
        if (rule.startsWith("glob:")) {
          java.nio.file.PathMatcher m = java.nio.file.FileSystems.getDefault().getPathMatcher(rule);
          rules.add(m::matches);
        } else {
          java.util.regex.Pattern re = java.util.regex.Pattern.compile(rule.substring("regex:".length()));
          rules.add(p -> re.matcher(p.toString()).find());
        }
      }
      if (rules.isEmpty()) {
        List<Path> roots = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        rules.add(p -> {
          for (Path r : roots) {
            if (!p.startsWith(r)) continue;
            for (Path part : r.relativize(p)) {
              String n = part.toString();
              if (n.startsWith(".") || n.equals("node_modules")) return true;
            }
          }
          return false;
        });
      }
      return p -> rules.stream().anyMatch(r -> r.test(p));
    }
  }

  public enum Ready {
    /** Online as soon as it started. */
    IMMEDIATE,
    /** Online when the child signals ready ({@code process.send('ready')} for Node). */
    MESSAGE,
    /** Online after {@code readyTimeout} without exiting. */
    DELAY
  }

  /**
   * PM2's restart rules plus a whole-life limit.
   *
   * @param autorestart restart at all
   * @param minUptime an exit sooner than this is an unstable restart (PM2 default 1000 ms)
   * @param maxUnstableRestarts errored after this many unstable restarts (PM2 default 16)
   * @param restartDelay fixed delay before a restart
   * @param expBackoffInitial exponential backoff start (0: off), growing 1.5x up to 15 s, reset after 30 s up
   * @param stopExitCodes exit codes that mean "done, do not restart"
   * @param burst at most this many starts within {@code burstInterval} over the whole life, then errored
   * @param burstInterval the window of {@code burst}
   */
  public record RestartPolicy(
      boolean autorestart,
      Duration minUptime,
      int maxUnstableRestarts,
      Duration restartDelay,
      Duration expBackoffInitial,
      Set<Integer> stopExitCodes,
      int burst,
      Duration burstInterval) {
    public static final Duration DEFAULT_MIN_UPTIME = Duration.ofMillis(1000);
    public static final int DEFAULT_MAX_RESTARTS = 16;
    public static final int DEFAULT_BURST = 5;
    public static final Duration DEFAULT_BURST_INTERVAL = Duration.ofSeconds(10);
    public static final Duration EXP_BACKOFF_MAX = Duration.ofSeconds(15);
    public static final Duration EXP_BACKOFF_RESET = Duration.ofSeconds(30);

    public static final RestartPolicy DEFAULTS = new RestartPolicy(true, DEFAULT_MIN_UPTIME, DEFAULT_MAX_RESTARTS,
        Duration.ZERO, Duration.ZERO, Set.of(), DEFAULT_BURST, DEFAULT_BURST_INTERVAL);
  }

  public static final Duration DEFAULT_KILL_TIMEOUT = Duration.ofMillis(1600);
  public static final Duration DEFAULT_LISTEN_TIMEOUT = Duration.ofMillis(3000);
}
