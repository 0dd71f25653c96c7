package dev.understudy.engine.supervise;

import java.util.Optional;

/**
 * One line of {@code ps}. Carries no environment values, on purpose.
 *
 * @param name the process name
 * @param id a number stable for the supervisor's life (PM2's {@code pm_id})
 * @param pid the main process, 0 when none runs
 * @param status the status word
 * @param restarts restarts so far (automatic and by a user, as PM2's {@code restart_time})
 * @param unstableRestarts exits sooner than {@code minUptime} since the last user start
 * @param uptimeMs time since the running process started, 0 when none runs
 * @param cpuPercent CPU of the whole process tree over the last sampling interval (100 = one core)
 * @param memoryBytes resident memory of the whole process tree at the last sample
 * @param lastExitCode the last exit code seen, if any (128+n for a signal n)
 * @param reason why it is errored (or why its last start failed), if it is
 * @param adopted the running process was adopted from a previous daemon, not started by this one
 */
public record Snapshot(
    String name,
    int id,
    long pid,
    ProcessState status,
    int restarts,
    int unstableRestarts,
    long uptimeMs,
    double cpuPercent,
    long memoryBytes,
    Optional<Integer> lastExitCode,
    Optional<String> reason,
    boolean adopted) {}
