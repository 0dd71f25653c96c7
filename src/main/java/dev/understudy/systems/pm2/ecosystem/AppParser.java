package dev.understudy.systems.pm2.ecosystem;

import dev.understudy.engine.schedule.CronSyntaxException;
import dev.understudy.engine.schedule.PosixCron;
import dev.understudy.util.Suggestions;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Turns one app object of an ecosystem into an {@link EcosystemApp}, PM2's way. */
final class AppParser {
  /** Options we implement, each with PM2's aliases (schema.json; cmd/command from Common.verifyConfs). */
  static final Map<String, List<String>> IMPLEMENTED = new LinkedHashMap<>();
  /** Options PM2 knows that Understudy does not implement, with what that means. */
  static final Map<String, String> UNSUPPORTED = new LinkedHashMap<>();
  /** Values of unsupported options that change nothing (PM2's default, or what Understudy does anyway). */
  private static final Map<String, String> HARMLESS = Map.ofEntries(
      Map.entry("vizion", "true"), Map.entry("pmx", "true"), Map.entry("automation", "true"),
      Map.entry("treekill", "true"), Map.entry("source_map_support", "true"),
      Map.entry("disable_source_map_support", "false"), Map.entry("force", "false"),
      Map.entry("namespace", "default"), Map.entry("windowsHide", "true"), Map.entry("trace", "false"),
      Map.entry("disable_trace", "true"), Map.entry("append_env_to_name", "false"), Map.entry("filter_env", "false"),
      Map.entry("watch", "false"), Map.entry("deep_monitoring", "false"), Map.entry("v8", "false"),
      Map.entry("event_loop_inspector", "false"), Map.entry("execute_command", "false"));
  /** PM2's interpreters by extension (lib/API/interpreter.json), .cjs/.mjs added (PM2 runs them with its own node). */
  static final Map<String, String> INTERPRETERS = Map.ofEntries(
      Map.entry(".js", "node"), Map.entry(".cjs", "node"), Map.entry(".mjs", "node"), Map.entry(".sh", "bash"),
      Map.entry(".py", "python3"), Map.entry(".rb", "ruby"), Map.entry(".php", "php"), Map.entry(".pl", "perl"),
      Map.entry(".coffee", "coffee"), Map.entry(".ts", "bun"), Map.entry(".tsx", "bun"));

  static {
    for (String k : List.of("name", "args", "cwd", "env", "instances", "exec_mode", "increment_var", "instance_var",
        "autostart", "autorestart", "max_restarts", "min_uptime", "restart_delay", "exp_backoff_restart_delay",
        "max_memory_restart", "stop_exit_codes", "kill_timeout", "listen_timeout", "wait_ready",
        "shutdown_with_message", "log_date_format", "time", "disable_logs", "port", "watch", "ignore_watch", "watch_delay")) {
      IMPLEMENTED.put(k, List.of());
    }
    IMPLEMENTED.put("script", List.of("exec", "cmd", "command"));
    IMPLEMENTED.put("interpreter", List.of("exec_interpreter"));
    IMPLEMENTED.put("node_args", List.of("interpreter_args", "interpreterArgs"));
    IMPLEMENTED.put("cron_restart", List.of("cron"));
    IMPLEMENTED.put("merge_logs", List.of("combine_logs"));
    IMPLEMENTED.put("out_file", List.of("out", "output", "out_log"));
    IMPLEMENTED.put("error_file", List.of("error", "err", "err_file", "err_log"));
    IMPLEMENTED.put("log_file", List.of("log"));

    String ignored = "Understudy does not implement it; the option is ignored";
    for (String k : List.of("name_prefix", "namespace", "install_url", "log_type", "source_map_support",
        "disable_source_map_support", "vizion", "watch_options", "execute_command", "force",
        "post_update", "trace", "disable_trace", "v8", "event_loop_inspector", "deep_monitoring", "pmx",
        "automation", "windowsHide", "kill_retry_time", "write", "io", "append_env_to_name", "filter_env")) {
      UNSUPPORTED.put(k, ignored);
    }
    UNSUPPORTED.put("pid_file", "Understudy writes no pid files (alias 'pid'); the option is ignored");
    UNSUPPORTED.put("pid", UNSUPPORTED.get("pid_file"));
    UNSUPPORTED.put("uid", "Understudy runs apps as its own user (alias 'user'); the option is ignored");
    UNSUPPORTED.put("user", UNSUPPORTED.get("uid"));
    UNSUPPORTED.put("gid", UNSUPPORTED.get("uid"));
    UNSUPPORTED.put("username", UNSUPPORTED.get("uid"));
    UNSUPPORTED.put("treekill", "Understudy always stops the whole process tree");
  }

  static final Set<String> ALL_KEYS;

  static {
    Set<String> all = new TreeSet<>();
    IMPLEMENTED.forEach((k, aliases) -> {
      all.add(k);
      all.addAll(aliases);
    });
    all.addAll(UNSUPPORTED.keySet());
    ALL_KEYS = Set.copyOf(all);
  }

  private final Path baseDir;
  private final Optional<String> envName;
  private final int cpus;
  private final Map<String, String> processEnv;
  private final boolean explicitEnv;

  /**
   * @param envName the environment whose {@code env_<NAME>} applies
   * @param explicitEnv whether it was asked for ({@code --env}, {@code pm2.env}): then an app without it is warned about
   */
  AppParser(Path baseDir, Optional<String> envName, boolean explicitEnv, int cpus, Map<String, String> processEnv) {
    this.baseDir = baseDir;
    this.envName = envName;
    this.explicitEnv = explicitEnv;
    this.cpus = cpus;
    this.processEnv = processEnv;
  }

  /** One error in one app: its key and where. */
  static final class Bad extends RuntimeException {
    final String key;
    final String where;

    Bad(String key, String where, String message) {
      super(message, null, false, false);
      this.key = key;
      this.where = where;
    }
  }

  /**
   * @param label the app's name for messages before its name is known ({@code apps[1]})
   * @param errors collects this app's errors; when any, the result is empty
   * @param notes collects (key, where, message) of unknown and unsupported options, reported per file by the caller
   */
  Optional<EcosystemApp> parse(EcoValue app, String label, List<Bad> errors, List<Problem> notes) {
    Map<String, EcoValue> o = app.entries();
    // Options: unknown ones and unsupported ones are noted; env_* are environments.
    for (Map.Entry<String, EcoValue> e : o.entrySet()) {
      String k = e.getKey();
      if (k.startsWith("env_") || ALL_KEYS.contains(k)) {
        if (UNSUPPORTED.containsKey(k) && !(HARMLESS.containsKey(k) && HARMLESS.get(k).equals(e.getValue().text()))) {
          notes.add(new Problem(Problem.Severity.UNSUPPORTED, label, k, app.whereKey(k),
              "PM2 option '" + k + "' is not supported: " + UNSUPPORTED.get(k)));
        }
        if (e.getValue().is(EcoValue.Kind.OTHER) && !e.getValue().text().equals("undefined")) {
          errors.add(new Bad(k, valueAt(app, k), "'" + k + "' is " + e.getValue().describe()
              + ", which PM2 cannot use either: write a plain value (string, number, boolean, list or object)"));
        }
        continue;
      }
      String hint = Suggestions.closest(k, ALL_KEYS).map(s -> "did you mean '" + s + "'?")
          .orElse("see docs/PM2.md for the options Understudy reads");
      notes.add(new Problem(Problem.Severity.UNKNOWN, label, k, app.whereKey(k),
          "unknown PM2 option '" + k + "' is ignored: " + hint));
    }

    V v = new V(app, errors);
    // script: required. PM2: a script with a space runs through bash -c and names the app after it.
    Optional<String> scriptOpt = v.string("script");
    if (scriptOpt.isEmpty() || scriptOpt.get().isBlank()) {
      errors.add(new Bad("script", app.where(), "no 'script': add script: \"app.js\" (the file to run, relative to cwd)"));
      return Optional.empty();
    }
    String script = scriptOpt.get();
    boolean shellLine = script.indexOf(' ') >= 0;
    String name = v.string("name").orElseGet(() -> shellLine ? script : defaultName(script));
    if (name.isBlank()) errors.add(new Bad("name", valueAt(app, "name"), "'name' is empty: give the app a name"));

    Path cwd = v.string("cwd").map(c -> baseDir.resolve(expandHome(c)).normalize()).orElse(baseDir);
    if (!Files.isDirectory(cwd)) {
      errors.add(new Bad("cwd", valueAt(app, "cwd"), "cwd " + cwd + " is not a directory: create it or fix 'cwd' (relative paths start at the ecosystem file's directory)"));
    }

    // env, then env_<NAME> over it (Common.mergeEnvironmentVariables); port sets PORT (prepareAppConf).
    Map<String, String> env = new LinkedHashMap<>(v.env("env"));
    envName.ifPresent(n -> env.putAll(v.env("env_" + n)));
    v.number("port", true).ifPresent(p -> env.put("PORT", p.toPlainString()));

    List<String> args = v.strings("args").orElse(List.of());
    List<String> interpreterArgs = v.strings("node_args").orElse(List.of());

    // Script and interpreter (Common.prepareAppConf, resolveInterpreter).
    List<String> command = new ArrayList<>();
    String interpreter;
    if (shellLine) {
      interpreter = "bash";
      command.addAll(List.of("bash", "-c", script));
      if (o.containsKey("args")) {
        errors.add(new Bad("args", valueAt(app, "args"), "'script' has spaces, so PM2 runs it as a bash command line and drops 'args': put the arguments in 'script' or remove the spaces"));
      }
    } else {
      Path resolved = cwd.resolve(expandHome(script)).normalize();
      if (!Files.exists(resolved)) {
        Optional<Path> onPath = script.contains("/") ? Optional.empty() : which(script);
        if (onPath.isEmpty()) {
          errors.add(new Bad("script", valueAt(app, "script"), "script not found: " + resolved
              + ": fix 'script' (relative to cwd " + cwd + ") or create the file"));
          return Optional.empty();
        }
        resolved = onPath.get();
      }
      String ext = extension(resolved.getFileName().toString());
      interpreter = v.string("interpreter").orElse(INTERPRETERS.getOrDefault(ext, "none"));
      if (interpreter.contains("@")) {
        errors.add(new Bad("interpreter", valueAt(app, "interpreter"), "'" + interpreter + "' asks PM2 to pick a Node version through nvm, which Understudy does not do: write the node binary's path"));
      } else if (!interpreter.equals("none") && (interpreter.contains("/") ? !Files.isExecutable(cwd.resolve(interpreter)) : which(interpreter).isEmpty())) {
        errors.add(new Bad("interpreter", app.get("interpreter") != null ? valueAt(app, "interpreter") : valueAt(app, "exec_interpreter"),
            "interpreter '" + interpreter + "' is not available in PATH: install it or set 'interpreter' to a full path"));
      }
      if (interpreter.equals("none")) {
        command.add(resolved.toString());
      } else {
        command.add(interpreter.contains("/") ? cwd.resolve(interpreter).normalize().toString() : interpreter);
        command.addAll(interpreterArgs);
        command.add(resolved.toString());
      }
    }

    // Instances and exec mode (Common.verifyConfs, determineExecMode, God.prepare).
    boolean instancesSet = o.containsKey("instances") && !o.get("instances").is(EcoValue.Kind.NULL);
    int rawInstances = 1;
    if (instancesSet) {
      EcoValue iv = o.get("instances");
      if (iv.is(EcoValue.Kind.STRING) && iv.text().trim().equals("max")) {
        rawInstances = 0;
      } else {
        rawInstances = v.number("instances", false).map(BigDecimal::intValue).orElse(1);
      }
    }
    int instances = rawInstances == 0 ? cpus : rawInstances < 0 ? cpus + rawInstances : rawInstances;
    if (instances < 1) instances = 1;
    AtomicMode mode = new AtomicMode();
    v.string("exec_mode").ifPresent(m -> {
      String s = m.replaceFirst("_mode$", "");
      if (s.equals("cluster")) mode.value = EcosystemApp.ExecMode.CLUSTER;
      else if (s.equals("fork")) mode.value = EcosystemApp.ExecMode.FORK;
      else errors.add(new Bad("exec_mode", valueAt(app, "exec_mode"), "exec_mode '" + m + "' is not one of fork, cluster (or fork_mode, cluster_mode)"));
    });
    if (mode.value == null) {
      String base = Path.of(interpreter).getFileName().toString();
      boolean nodeLike = base.endsWith("node") || base.endsWith("bun");
      mode.value = instancesSet && rawInstances >= -1 && nodeLike ? EcosystemApp.ExecMode.CLUSTER : EcosystemApp.ExecMode.FORK;
    }
    if (mode.value == EcosystemApp.ExecMode.CLUSTER && !Path.of(interpreter).getFileName().toString().endsWith("node")) {
      errors.add(new Bad("exec_mode", valueAt(app, "exec_mode"), "cluster mode runs Node.js scripts only (interpreter is '" + interpreter + "'): use exec_mode: fork"));
    }

    String instanceVar = v.string("instance_var").orElse(EcosystemApp.DEFAULT_INSTANCE_VAR);
    Optional<String> incrementVar = v.string("increment_var");

    boolean autostart = v.bool("autostart").orElse(true);
    boolean autorestart = v.bool("autorestart").orElse(true);
    int maxRestarts = v.number("max_restarts", false).map(n -> {
      if (n.signum() < 0) throw v.bad("max_restarts", "'max_restarts' is " + n + ": use 0 or more");
      return n.intValue();
    }).orElse(EcosystemApp.DEFAULT_MAX_RESTARTS);
    Duration minUptime = v.typed("min_uptime", x -> {
      Duration d = Pm2Values.stime(x.text());
      if (x.is(EcoValue.Kind.NUMBER) && d.toMillis() < 100) throw new IllegalArgumentException("'min_uptime' is " + x.text() + " ms: PM2 requires at least 100");
      return d;
    }).orElse(EcosystemApp.DEFAULT_MIN_UPTIME);
    Duration restartDelay = v.millis("restart_delay").orElse(Duration.ZERO);
    Duration expBackoff = v.millis("exp_backoff_restart_delay").orElse(Duration.ZERO);
    long maxMemory = v.typed("max_memory_restart", x -> Pm2Values.sbyte(x.text())).orElse(0L);
    Optional<String> cron = v.string("cron_restart").filter(c -> !c.trim().equals("0")).flatMap(c -> {
      try {
        return Optional.of(cron(v, c));
      } catch (Bad b) {
        errors.add(b);
        return Optional.empty();
      }
    });
    Set<Integer> stopCodes = new LinkedHashSet<>();
    Optional.ofNullable(o.get("stop_exit_codes")).ifPresent(x -> {
      List<EcoValue> items = x.is(EcoValue.Kind.LIST) ? x.items() : List.of(x);
      for (EcoValue it : items) {
        try {
          stopCodes.add(new BigDecimal(it.text().trim()).intValueExact());
        } catch (RuntimeException e) {
          errors.add(new Bad("stop_exit_codes", it.where(),
              "'stop_exit_codes' holds " + it.describe() + ": write exit codes as numbers, e.g. [0, 3]"));
        }
      }
    });
    Duration killTimeout = v.millis("kill_timeout").orElse(EcosystemApp.DEFAULT_KILL_TIMEOUT);
    Optional<Duration> listenTimeout = v.millis("listen_timeout");
    boolean waitReady = v.bool("wait_ready").orElse(false);
    boolean shutdownWithMessage = v.bool("shutdown_with_message").orElse(false);

    Optional<String> outFile = v.string("out_file");
    Optional<String> errorFile = v.string("error_file");
    Optional<String> logFile = Optional.ofNullable(v.first("log_file")).flatMap(x ->
        x.is(EcoValue.Kind.BOOL) ? (x.text().equals("true") ? Optional.of("true") : Optional.<String>empty()) : v.string("log_file"));
    boolean disableLogs = v.bool("disable_logs").orElse(false);
    Optional<String> dateFormat = v.string("log_date_format");
    boolean time = v.bool("time").orElse(false);
    Optional<Boolean> merge = v.bool("merge_logs");
    // PM2's Watcher.js: watch true (or []) is the cwd; a path or a list of paths, relative to the cwd.
    Optional<List<String>> watch = watchPaths(o.get("watch"), errors);
    List<String> ignoreWatch = new ArrayList<>();
    List<String> ignoreWatchRegex = new ArrayList<>();
    EcoValue iw = o.get("ignore_watch");
    if (iw != null && !iw.is(EcoValue.Kind.NULL)) {
      for (EcoValue it : iw.is(EcoValue.Kind.LIST) ? iw.items() : List.of(iw)) {
        if (it.is(EcoValue.Kind.STRING)) ignoreWatch.add(it.text());
        else if (it.is(EcoValue.Kind.REGEX)) ignoreWatchRegex.add(it.text());
        else errors.add(new Bad("ignore_watch", it.where(), "'ignore_watch' holds " + it.describe() + ": write paths, globs or regular expressions"));
      }
    }
    Duration watchDelay = v.millis("watch_delay").orElse(Duration.ZERO);
    if ((!ignoreWatch.isEmpty() || !ignoreWatchRegex.isEmpty()) && watch.isEmpty()) {
      notes.add(new Problem(Problem.Severity.WARNING, label, "ignore_watch", app.whereKey("ignore_watch"),
          "'ignore_watch' has no effect without 'watch'"));
    }
    if (envName.isPresent() && !o.containsKey("env_" + envName.get()) && explicitEnv) {
      notes.add(new Problem(Problem.Severity.WARNING, label, "env_" + envName.get(), app.where(),
          "environment '" + envName.get() + "' is not defined in this app (no env_" + envName.get() + "): only 'env' applies, as in PM2"));
    }
    if (!errors.isEmpty()) return Optional.empty();
    return Optional.of(new EcosystemApp(app.where(), name, script, List.copyOf(command), List.copyOf(args), interpreter,
        List.copyOf(interpreterArgs), cwd, java.util.Collections.unmodifiableMap(env), envName, instances, instancesSet,
        mode.value, instanceVar, incrementVar, autostart, autorestart, maxRestarts, minUptime, restartDelay, expBackoff,
        maxMemory, cron, Set.copyOf(stopCodes), killTimeout, listenTimeout, waitReady, shutdownWithMessage, outFile,
        errorFile, logFile, disableLogs, dateFormat, merge, time, watch, List.copyOf(ignoreWatch), List.copyOf(ignoreWatchRegex),
        watchDelay));
  }

  /** {@code watch}: off (absent, false, null), the cwd (true, []), or the paths written. */
  private static Optional<List<String>> watchPaths(EcoValue w, List<Bad> errors) {
    if (w == null || w.is(EcoValue.Kind.NULL)) return Optional.empty();
    if (w.is(EcoValue.Kind.BOOL)) return w.text().equals("true") ? Optional.of(List.of()) : Optional.empty();
    if (w.is(EcoValue.Kind.STRING)) return Optional.of(w.text().isEmpty() ? List.of() : List.of(w.text()));
    if (w.is(EcoValue.Kind.LIST)) {
      List<String> out = new ArrayList<>();
      for (EcoValue it : w.items()) {
        if (it.is(EcoValue.Kind.STRING)) out.add(it.text());
        else errors.add(new Bad("watch", it.where(), "'watch' holds " + it.describe() + ": write paths (relative to cwd)"));
      }
      return Optional.of(List.copyOf(out));
    }
    errors.add(new Bad("watch", w.where(), "'watch' is " + w.describe() + ": write true, a path, or a list of paths"));
    return Optional.empty();
  }

  private static final class AtomicMode {
    EcosystemApp.ExecMode value;
  }

  private static String cron(V v, String c) {
    try {
      PosixCron pc = PosixCron.parse(c);
      if (pc.neverFires()) throw v.bad("cron_restart", "cron_restart '" + c + "' never fires: fix its day-of-month or month");
    } catch (CronSyntaxException e) {
      String six = c.trim().split("\\s+").length == 6 ? " (six fields with seconds are not supported: use five)" : "";
      throw v.bad("cron_restart", "invalid cron_restart '" + c + "': " + e.getMessage() + six
          + ": write five fields (minute hour day-of-month month day-of-week)");
    }
    return c.trim();
  }

  /** Where the value of {@code key} was written (JSON, YAML), else the app (JavaScript: the file). */
  private static String valueAt(EcoValue app, String key) {
    EcoValue v = app.get(key);
    return v != null ? v.where() : app.where();
  }

  /** PM2's renderApplicationName: the base name, without what follows its last dot. */
  static String defaultName(String script) {
    String base = script.replaceAll("/+$", "");
    base = base.substring(base.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    return dot > 0 ? base.substring(0, dot) : base;
  }

  private static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(dot).toLowerCase(Locale.ROOT) : "";
  }

  private Optional<Path> which(String program) {
    String path = processEnv.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  static String expandHome(String p) {
    return p.equals("~") || p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
  }

  /** Typed access to one app's options, PM2's aliases included; bad values become {@link Bad}s. */
  private static final class V {
    private final EcoValue app;
    private final List<Bad> errors;

    V(EcoValue app, List<Bad> errors) {
      this.app = app;
      this.errors = errors;
    }

    /** The value of {@code key} or of its first alias present (PM2: the canonical key wins). */
    EcoValue first(String key) {
      EcoValue v = app.get(key);
      if (present(v)) return v;
      for (String alias : IMPLEMENTED.getOrDefault(key, List.of())) {
        EcoValue a = app.get(alias);
        if (present(a)) return a;
      }
      return null;
    }

    String keyOf(String key) {
      if (present(app.get(key))) return key;
      for (String alias : IMPLEMENTED.getOrDefault(key, List.of())) if (present(app.get(alias))) return alias;
      return key;
    }

    private static boolean present(EcoValue v) {
      return v != null && !v.is(EcoValue.Kind.NULL) && !v.is(EcoValue.Kind.OTHER);
    }

    Bad bad(String key, String message) {
      return new Bad(keyOf(key), where(key), message);
    }

    private String where(String key) {
      EcoValue v = first(key);
      String k = keyOf(key);
      return v != null && !v.where().equals(app.where()) ? v.where() : app.whereKey(k);
    }

    <T> Optional<T> typed(String key, Function<EcoValue, T> parse) {
      EcoValue v = first(key);
      if (v == null) return Optional.empty();
      try {
        if (!(v.is(EcoValue.Kind.STRING) || v.is(EcoValue.Kind.NUMBER))) {
          throw new IllegalArgumentException("'" + keyOf(key) + "' is " + v.describe() + ": write a number or a string");
        }
        return Optional.of(parse.apply(v));
      } catch (Bad b) {
        errors.add(b);
      } catch (IllegalArgumentException e) {
        errors.add(bad(key, e.getMessage()));
      }
      return Optional.empty();
    }

    Optional<String> string(String key) {
      EcoValue v = first(key);
      if (v == null) return Optional.empty();
      if (v.is(EcoValue.Kind.STRING) || v.is(EcoValue.Kind.NUMBER)) return Optional.of(v.text());
      errors.add(bad(key, "'" + keyOf(key) + "' is " + v.describe() + ": write a string"));
      return Optional.empty();
    }

    Optional<Boolean> bool(String key) {
      EcoValue v = first(key);
      if (v == null) return Optional.empty();
      if (v.is(EcoValue.Kind.BOOL)) return Optional.of(v.text().equals("true"));
      if (v.is(EcoValue.Kind.STRING) && (v.text().equals("true") || v.text().equals("false"))) {
        return Optional.of(v.text().equals("true"));
      }
      errors.add(bad(key, "'" + keyOf(key) + "' is " + v.describe() + ": write true or false"));
      return Optional.empty();
    }

    /** A number (PM2 also takes a numeric string); {@code decimals} allows 1.5. */
    Optional<BigDecimal> number(String key, boolean decimals) {
      EcoValue v = first(key);
      if (v == null) return Optional.empty();
      if (v.is(EcoValue.Kind.NUMBER) || v.is(EcoValue.Kind.STRING)) {
        try {
          BigDecimal d = new BigDecimal(v.text().trim());
          if (decimals || d.stripTrailingZeros().scale() <= 0) return Optional.of(d);
        } catch (NumberFormatException ignored) {
          // the message below
        }
      }
      errors.add(bad(key, "'" + keyOf(key) + "' is " + v.describe() + ": write a whole number"));
      return Optional.empty();
    }

    /** PM2's "number" durations: milliseconds. */
    Optional<Duration> millis(String key) {
      return number(key, true).flatMap(n -> {
        if (n.signum() < 0) {
          errors.add(bad(key, "'" + keyOf(key) + "' is " + n + " ms: use 0 or more"));
          return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(n.longValue()));
      }).or(() -> Optional.empty());
    }

    /** A list of strings, or a string split as PM2 splits args. */
    Optional<List<String>> strings(String key) {
      EcoValue v = first(key);
      if (v == null) return Optional.empty();
      if (v.is(EcoValue.Kind.STRING)) return Optional.of(Pm2Values.splitArgs(v.text()));
      if (v.is(EcoValue.Kind.LIST)) {
        List<String> out = new ArrayList<>();
        for (EcoValue it : v.items()) {
          if (it.is(EcoValue.Kind.MAP) || it.is(EcoValue.Kind.LIST) || it.is(EcoValue.Kind.OTHER)) {
            errors.add(new Bad(keyOf(key), it.where(), "'" + keyOf(key) + "' holds " + it.describe() + ": write strings"));
          } else {
            out.add(it.text());
          }
        }
        return Optional.of(out);
      }
      errors.add(bad(key, "'" + keyOf(key) + "' is " + v.describe() + ": write a list of strings, or one string"));
      return Optional.empty();
    }

    /** An environment object; values as JavaScript's String() (objects as JSON), as PM2 passes them. */
    Map<String, String> env(String key) {
      EcoValue v = app.get(key);
      Map<String, String> out = new LinkedHashMap<>();
      if (v == null || v.is(EcoValue.Kind.NULL)) return out;
      if (!v.is(EcoValue.Kind.MAP)) {
        errors.add(new Bad(key, v.where(), "'" + key + "' is " + v.describe() + ": write an object of NAME: value"));
        return out;
      }
      for (Map.Entry<String, EcoValue> e : v.entries().entrySet()) {
        EcoValue x = e.getValue();
        if (x.is(EcoValue.Kind.OTHER)) {
          if (!x.text().equals("undefined")) {
            errors.add(new Bad(key, x.where(), "'" + key + "." + e.getKey() + "' is " + x.describe()
                + ": an environment variable holds a string; compute the value when the file loads"));
          }
          continue;
        }
        out.put(e.getKey(), x.asEnvString());
      }
      return out;
    }
  }
}
