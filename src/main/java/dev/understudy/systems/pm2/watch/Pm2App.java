package dev.understudy.systems.pm2.watch;

import java.time.Instant;
import java.util.Optional;

/**
 * One process as PM2 reports it in {@code pm2 jlist}: what status needs, and nothing of its
 * environment (PM2 prints every app's whole environment, secrets included; none of it is kept).
 *
 * @param status PM2's word: {@code online stopping stopped launching errored one-launch-status
 *     waiting restart}
 * @param restarts PM2's {@code restart_time}
 * @param unstableRestarts restarts that came sooner than {@code min_uptime} after a start
 * @param memoryBytes resident memory PM2 measured, 0 when not running
 * @param onlineSince {@code pm_uptime}: when it was last started
 * @param exitCode the last exit code, when it exited
 * @param unexpectedStop {@code stopped} after exiting with a code other than 0 and not one of its
 *     {@code stop_exit_codes}: an app with {@code autorestart: false} that crashed. {@code pm2 stop}
 *     leaves code 0 (PM2 records the SIGINT exit as 0), so it is never unexpected
 */
public record Pm2App(
    String name,
    int pmId,
    long pid,
    String status,
    int restarts,
    int unstableRestarts,
    long memoryBytes,
    double cpuPercent,
    Optional<Instant> onlineSince,
    Optional<Integer> exitCode,
    boolean unexpectedStop) {

  public static final String ONLINE = "online";
  public static final String STOPPING = "stopping";
  public static final String STOPPED = "stopped";
  public static final String LAUNCHING = "launching";
  public static final String ERRORED = "errored";
  public static final String ONE_LAUNCH = "one-launch-status";
  public static final String WAITING_RESTART = "waiting restart";

  public boolean online() {
    return ONLINE.equals(status);
  }

  public boolean errored() {
    return ERRORED.equals(status);
  }

  /** Down and PM2 will not bring it back by itself: errored, or stopped after a crash. */
  public boolean needsRestart() {
    return errored() || (STOPPED.equals(status) && unexpectedStop);
  }

  /** Stopped by a person ({@code pm2 stop}) or done (exit code 0 without autorestart). */
  public boolean deliberatelyStopped() {
    return (STOPPED.equals(status) || STOPPING.equals(status)) && !unexpectedStop;
  }
}
