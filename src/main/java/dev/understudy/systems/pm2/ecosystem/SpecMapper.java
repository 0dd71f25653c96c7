package dev.understudy.systems.pm2.ecosystem;

import dev.understudy.engine.supervise.ProcessSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps {@link EcosystemApp}s to the supervisor's {@link ProcessSpec}s, the way PM2's God daemon
 * starts them (God.prepare, injectVariables, executeApp; Common.prepareAppConf for log paths).
 *
 * <ul>
 *   <li>One spec per instance. Names: {@code name} for a single instance, {@code name-0..name-N-1}
 *       otherwise (PM2 shows N rows named {@code name} with different ids; the supervisor needs
 *       unique names).
 *   <li>{@code pm_id} counts from {@link Options#firstPmId()} across the apps in file order, as a
 *       fresh PM2 daemon numbers them.
 *   <li>Environment: the base environment, then {@code env} (+ {@code env_<NAME>}), then PM2's
 *       own: {@code name}, {@code pm_id}, the instance variable ({@code NODE_APP_INSTANCE} = 0..N-1),
 *       {@code increment_var} (its value in env, or 0, plus the instance), PYTHONUNBUFFERED=1 for python.
 *   <li>Logs: {@code <logsDir>/<name>-out.log} and {@code <name>-error.log} (name with characters
 *       outside {@code [A-Za-z0-9.-]} as '-'); when logs are not merged (cluster mode, or
 *       {@code instances} written, unless {@code merge_logs: true}), {@code -<pm_id>} before
 *       {@code .log}. Paths written in the file are relative to the app's cwd; {@code /dev/null}
 *       and {@code NULL} discard.
 *   <li>Ready: {@code wait_ready} means {@link ProcessSpec.Ready#MESSAGE} within {@code listen_timeout}
 *       (default 3000 ms); otherwise {@link ProcessSpec.Ready#IMMEDIATE}, as PM2 marks a forked app
 *       online at once.
 *   <li>Timestamps: {@code time: true} (PM2's YYYY-MM-DDTHH:mm:ss) or {@code log_date_format},
 *       translated to a {@link java.time.format.DateTimeFormatter} pattern.
 *   <li>Watch (PM2's Watcher.js, chokidar 3): the paths relative to cwd (none: the cwd; a glob
 *       watches its directory); {@code ignore_watch} strings are paths (that path and everything
 *       under it) or globs, relative to cwd, matched against absolute paths as chokidar does;
 *       RegExps are searched in the absolute path; without {@code ignore_watch}, PM2's default
 *       (dot files and directories, {@code node_modules}).
 * </ul>
 */
public final class SpecMapper {
  /**
   * @param logsDir PM2's {@code ~/.pm2/logs}: where default log files go
   * @param baseEnv the environment every app inherits (PM2: the environment of {@code pm2 start})
   * @param firstPmId the first {@code pm_id}
   */
  public record Options(Path logsDir, Map<String, String> baseEnv, int firstPmId) {
    public static Options of(Path logsDir) {
      return new Options(logsDir, System.getenv(), 0);
    }
  }

  /**
   * What one app becomes.
   *
   * @param specs one per instance (for a cluster app: its workers)
   * @param cluster PM2's cluster mode: the specs are N workers that share listening ports through
   *     one master. Expected of the supervisor's cluster launcher: one {@code node} master that
   *     forks each worker ({@code cluster.fork(spec.env())}) running the spec's script and args,
   *     with the spec's log files; without the launcher, running the specs as plain processes
   *     works for apps that do not listen on one shared port.
   * @param autostart PM2's {@code autostart}: false means defined but not started
   * @param combinedLogs PM2's {@code log_file} (out and err together), per instance; ProcessSpec has no field for it
   * @param shutdownWithMessage PM2's {@code shutdown_with_message} (also in each spec: {@code stopWithMessage})
   */
  public record AppSpecs(EcosystemApp app, List<ProcessSpec> specs, boolean cluster, boolean autostart,
      List<Optional<Path>> combinedLogs, boolean shutdownWithMessage) {
    public int workers() {
      return specs.size();
    }
  }

  private SpecMapper() {}

  /** Every app of the ecosystem, pm_ids counting on from {@code options.firstPmId()}. */
  public static List<AppSpecs> map(Ecosystem eco, Options options) {
    List<AppSpecs> out = new ArrayList<>();
    int id = options.firstPmId();
    for (EcosystemApp app : eco.apps()) {
      AppSpecs s = map(app, new Options(options.logsDir(), options.baseEnv(), id));
      id += s.specs().size();
      out.add(s);
    }
    return out;
  }

  public static AppSpecs map(EcosystemApp app, Options options) {
    List<ProcessSpec> specs = new ArrayList<>();
    List<Optional<Path>> combined = new ArrayList<>();
    String fileName = app.name().replaceAll("[^a-zA-Z0-9\\\\.\\-]", "-");
    boolean merged = app.logsMerged();
    long incrementBase = app.incrementVar().map(v -> number(app.env().get(v))).orElse(0L);
    ProcessSpec.RestartPolicy restart = new ProcessSpec.RestartPolicy(app.autorestart(), app.minUptime(),
        app.maxRestarts(), app.restartDelay(), app.expBackoffRestartDelay(), app.stopExitCodes(),
        ProcessSpec.RestartPolicy.DEFAULT_BURST, ProcessSpec.RestartPolicy.DEFAULT_BURST_INTERVAL);
    Optional<String> timestamps = app.effectiveDateFormat().map(Pm2Values::javaDatePattern);
    for (int i = 0; i < app.instances(); i++) {
      int pmId = options.firstPmId() + i;
      String name = app.instances() == 1 ? app.name() : app.name() + "-" + i;
      Map<String, String> env = new LinkedHashMap<>(options.baseEnv());
      env.putAll(app.env());
      if (app.interpreter().contains("python")) env.put("PYTHONUNBUFFERED", "1");
      env.put("name", app.name());
      env.put("pm_id", String.valueOf(pmId));
      env.put(app.instanceVar(), String.valueOf(i));
      int instance = i;
      app.incrementVar().ifPresent(v -> env.put(v, String.valueOf(incrementBase + instance)));

      Path out = logPath(app, app.disableLogs() ? Optional.of("/dev/null") : app.outFile(), options.logsDir(), fileName + "-out.log", merged, pmId);
      Path err = logPath(app, app.disableLogs() ? Optional.of("/dev/null") : app.errorFile(), options.logsDir(), fileName + "-error.log", merged, pmId);
      combined.add(app.logFile().map(f -> logPath(app, f.equals("true") ? Optional.empty() : Optional.of(f),
          options.logsDir(), fileName + ".log", merged, pmId)));

      List<String> argv = new ArrayList<>(app.command());
      argv.addAll(app.args());
      specs.add(new ProcessSpec(name, List.copyOf(argv), app.cwd(), java.util.Collections.unmodifiableMap(env), restart,
          app.killTimeout(), app.waitReady() ? ProcessSpec.Ready.MESSAGE : ProcessSpec.Ready.IMMEDIATE,
          app.listenTimeout().orElse(ProcessSpec.DEFAULT_LISTEN_TIMEOUT), app.maxMemoryBytes(), app.cronRestart(),
          out, err, timestamps, app.shutdownWithMessage(), watch(app)));
    }
    return new AppSpecs(app, List.copyOf(specs), app.cluster(), app.autostart(), List.copyOf(combined), app.shutdownWithMessage());
  }

  private static Path logPath(EcosystemApp app, Optional<String> written, Path logsDir, String defaultName, boolean merged, int pmId) {
    if (written.isPresent() && (written.get().equals("/dev/null") || written.get().equals("NULL"))) return Path.of("/dev/null");
    Path p = written.map(w -> app.cwd().resolve(AppParser.expandHome(w)).normalize()).orElse(logsDir.resolve(defaultName));
    if (merged) return p;
    String s = p.toString().replaceFirst("-[0-9]+\\.log$|\\.log$", "-" + pmId + ".log");
    return Path.of(s);
  }

  private static Optional<ProcessSpec.Watch> watch(EcosystemApp app) {
    if (app.watch().isEmpty()) return Optional.empty();
    List<Path> paths = new ArrayList<>();
    for (String w : app.watch().get()) paths.add(app.cwd().resolve(globParent(w)).normalize());
    if (paths.isEmpty()) paths.add(app.cwd());
    List<String> ignore = new ArrayList<>();
    for (String i : app.ignoreWatch()) {
      boolean glob = isGlob(i);
      String abs = glob && i.startsWith("/") ? i : glob ? escapeGlob(app.cwd().toString()) + "/" + i
          : escapeGlob(app.cwd().resolve(i).normalize().toString());
      ignore.add("glob:" + abs);
      if (!glob) ignore.add("glob:" + abs + "/**"); // chokidar ignores what is under an ignored path too
      if (abs.contains("/**/")) ignore.add("glob:" + abs.replace("/**/", "/")); // picomatch's **/ also matches no directory
    }
    for (String re : app.ignoreWatchRegex()) {
      int end = re.lastIndexOf('/');
      String flags = re.substring(end + 1);
      ignore.add("regex:" + (flags.contains("i") ? "(?i)" : "") + re.substring(1, end));
    }
    return Optional.of(new ProcessSpec.Watch(paths, ignore, app.watchDelay()));
  }

  private static boolean isGlob(String s) {
    return s.chars().anyMatch(c -> "*?[]{}".indexOf(c) >= 0);
  }

  /** The directory a glob starts in ({@code src/**}{@code /*.js} → {@code src}). */
  private static String globParent(String s) {
    if (!isGlob(s)) return s;
    String[] parts = s.split("/");
    StringBuilder b = new StringBuilder(s.startsWith("/") ? "/" : "");
    for (String p : parts) {
      if (isGlob(p)) break;
      if (p.isEmpty()) continue;
      if (b.length() > 0 && b.charAt(b.length() - 1) != '/') b.append('/');
      b.append(p);
    }
    return b.length() == 0 ? "." : b.toString();
  }

  private static String escapeGlob(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ("*?[]{}\\".indexOf(c) >= 0) b.append('\\');
      b.append(c);
    }
    return b.toString();
  }

  /** JavaScript's {@code Number(v) || 0}. */
  private static long number(String v) {
    if (v == null || v.isBlank()) return 0;
    try {
      return new BigDecimal(v.trim()).longValue();
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
