package dev.understudy.systems.pm2.ecosystem;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One app of a PM2 ecosystem file, with PM2's meanings and defaults applied (lib/API/schema.json,
 * lib/Common.js): aliases resolved, values typed, the script and cwd resolved, the interpreter
 * and exec mode chosen, {@code env} merged with the selected {@code env_<NAME>}.
 *
 * <p>Fields ProcessSpec has no room for, for the lead to map: {@code execMode}/{@code instances}
 * (cluster: N workers sharing ports through a cluster launcher), {@code autostart},
 * {@code combined log file} (see {@link SpecMapper.AppSpecs}).
 *
 * @param where where the app was written ({@code file:line:column}, or the file for JavaScript)
 * @param name PM2's name (default: the script's base name without extension)
 * @param script the script as written ({@code script}, alias {@code exec}, {@code cmd}, {@code command})
 * @param command the program and its leading arguments before {@code args}: interpreter, interpreter
 *     args and the resolved script; or the resolved script alone with interpreter {@code none}; or
 *     {@code bash -c "<script>"} when the script has spaces (PM2's rule)
 * @param args {@code args}, split as PM2 splits a string
 * @param interpreter {@code interpreter}/{@code exec_interpreter}, or PM2's default by extension; {@code none}: run the script itself
 * @param interpreterArgs {@code node_args} / {@code interpreter_args}
 * @param cwd {@code cwd} resolved against the ecosystem file's directory (default: that directory)
 * @param env {@code env} then {@code env_<NAME>} over it, values as JavaScript prints them (no process environment)
 * @param envName the selected environment name, if any
 * @param instances how many processes (resolved: {@code max}/0 = CPUs, -1 = CPUs - 1, at least 1)
 * @param instancesSet whether {@code instances} was written (PM2 then numbers instances and splits logs)
 * @param execMode fork or cluster, PM2's rule: cluster when written, or when {@code instances} is set and the interpreter is node
 * @param instanceVar the variable holding the instance number ({@code instance_var}, default NODE_APP_INSTANCE)
 * @param incrementVar {@code increment_var}: this env var grows by one per instance, from its value in env (or 0)
 * @param watch {@code watch}: empty when off; the paths written (relative to cwd), none meaning the cwd
 * @param ignoreWatch {@code ignore_watch} strings: paths or globs, relative to cwd
 * @param ignoreWatchRegex {@code ignore_watch} regular expressions (JavaScript files only), as JavaScript prints them: {@code /source/flags}
 * @param watchDelay {@code watch_delay}: from a change to the restart (PM2: 0)
 */
public record EcosystemApp(
    String where,
    String name,
    String script,
    List<String> command,
    List<String> args,
    String interpreter,
    List<String> interpreterArgs,
    Path cwd,
    Map<String, String> env,
    Optional<String> envName,
    int instances,
    boolean instancesSet,
    ExecMode execMode,
    String instanceVar,
    Optional<String> incrementVar,
    boolean autostart,
    boolean autorestart,
    int maxRestarts,
    Duration minUptime,
    Duration restartDelay,
    Duration expBackoffRestartDelay,
    long maxMemoryBytes,
    Optional<String> cronRestart,
    Set<Integer> stopExitCodes,
    Duration killTimeout,
    Optional<Duration> listenTimeout,
    boolean waitReady,
    boolean shutdownWithMessage,
    Optional<String> outFile,
    Optional<String> errorFile,
    Optional<String> logFile,
    boolean disableLogs,
    Optional<String> logDateFormat,
    Optional<Boolean> mergeLogs,
    boolean time,
    Optional<List<String>> watch,
    List<String> ignoreWatch,
    List<String> ignoreWatchRegex,
    Duration watchDelay) {

  public enum ExecMode { FORK, CLUSTER }

  public static final String DEFAULT_INSTANCE_VAR = "NODE_APP_INSTANCE";
  public static final int DEFAULT_MAX_RESTARTS = 16;
  public static final Duration DEFAULT_MIN_UPTIME = Duration.ofMillis(1000);
  public static final Duration DEFAULT_KILL_TIMEOUT = Duration.ofMillis(1600);
  public static final Duration DEFAULT_LISTEN_TIMEOUT = Duration.ofMillis(3000);
  /** What {@code time: true} sets, as PM2 does. */
  public static final String TIME_DATE_FORMAT = "YYYY-MM-DDTHH:mm:ss";

  public boolean cluster() {
    return execMode == ExecMode.CLUSTER;
  }

  /** PM2's default for {@code merge_logs}: merged when fork mode and {@code instances} not written (or 0). */
  public boolean logsMerged() {
    return mergeLogs.orElse(execMode != ExecMode.CLUSTER && !instancesSet);
  }

  /** The date format of log lines: {@code time: true} wins (PM2 sets YYYY-MM-DDTHH:mm:ss), else {@code log_date_format}. */
  public Optional<String> effectiveDateFormat() {
    return time ? Optional.of(TIME_DATE_FORMAT) : logDateFormat;
  }
}
