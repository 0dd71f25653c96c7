package dev.understudy.config;

import dev.understudy.engine.queue.ConcurrencyPolicy;
import dev.understudy.engine.schedule.CronSyntaxException;
import dev.understudy.engine.schedule.PosixCron;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code understudy.yml} (optional) and applies environment overrides, including the names
 * the team's Node scripts used: {@code NODE_ENV REDUNDANCY_MODE HEALTH_CHECK_INTERVAL LOG_LEVEL
 * AUTO_SYNC_*}.
 */
public final class ConfigLoader {
  private static final Set<String> TOP =
      Set.of("environment", "mode", "daemon", "store", "queue", "log", "health", "pm2",
          "githubActions", "netlifyFunctions", "gitSync", "jobs", "metrics", "alerts");
  private static final Set<String> CONCURRENCY_KEYS =
      Stream.concat(UnderstudyConfig.SYSTEMS.stream(), Stream.of(UnderstudyConfig.JOBS_SYSTEM)).collect(Collectors.toSet());
  private static final Set<String> SYSTEM_KEYS = Set.of("enabled", "mode");
  private static final Set<String> PM2_KEYS =
      Set.of("enabled", "mode", "ecosystem", "env", "apps", "home", "takeoverAfter", "watchInterval", "bin",
      "warmSpare");
  private static final Set<String> FUNCTIONS_KEYS = Set.of("enabled", "mode", "host", "port", "timeout", "workers", "env",
      "autoRestore", "backups", "siteId", "tokenEnv", "apiUrl", "watchInterval");
  private static final Set<String> ACTIONS_KEYS = Set.of("enabled", "mode", "autoRestore", "backups", "repository", "tokenEnv", "apiUrl", "grace", "graceMinutes");
  /** GitHub's own rules: an owner (user or organization) and a repository name. */
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** The longest grace a failover decision waits: GitHub starts a late schedule within hours, not days. */
  static final Duration MAX_GRACE = Duration.ofHours(24);
  private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");
  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Map<String, String> env;

  public ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  public static UnderstudyConfig load(Path projectDir) {
    return new ConfigLoader(System.getenv()).read(projectDir);
  }

  public UnderstudyConfig read(Path projectDir) {
    Path dir = projectDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(
          dir.toString(), "project directory does not exist: pass an existing directory with --project DIR");
    }
    Path file = dir.resolve(UnderstudyConfig.FILE_NAME);
    String label = UnderstudyConfig.FILE_NAME;
    YamlMap root;
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      root = parse(file.toString(), text);
      label = file.toString();
    } catch (NoSuchFileException e) {
      root = null;
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot be read (" + e.getMessage() + "): check its permissions");
    }
    return build(dir, root == null ? "defaults" : label, root);
  }

  static YamlMap parse(String file, String text) {
    LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).build();
    Optional<Node> node;
    try {
      node = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      String where =
          e.getProblemMark()
              .map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
              .orElse(file);
      throw new ConfigException(where, "YAML syntax error: " + e.getProblem() + ": fix the YAML at this position");
    } catch (RuntimeException e) {
      throw new ConfigException(file, "YAML syntax error: " + e.getMessage());
    }
    if (node.isEmpty()) {
      return null;
    }
    return YamlMap.of(file, "", node.get()).allowOnly(TOP);
  }

  private UnderstudyConfig build(Path dir, String source, YamlMap root) {
    Optional<YamlMap> y = Optional.ofNullable(root);
    String environment =
        envOr("NODE_ENV", Function.identity(), y.flatMap(r -> r.string("environment")).orElse("production"));
    Mode mode = envOr("REDUNDANCY_MODE", Mode::parse, y.flatMap(r -> mode(r, "mode")).orElse(Mode.FAILOVER));

    Optional<YamlMap> d = y.flatMap(r -> r.map("daemon")).map(m -> m.allowOnly(Set.of("host", "port", "tokenFile")));
    UnderstudyConfig.Daemon daemon =
        new UnderstudyConfig.Daemon(
            envOr("UNDERSTUDY_HOST", Function.identity(), d.flatMap(m -> m.string("host")).orElse(UnderstudyConfig.Daemon.DEFAULT_HOST)),
            envOr("UNDERSTUDY_PORT", v -> port(v), d.flatMap(m -> m.integer("port", 0, 65535)).orElse(UnderstudyConfig.Daemon.DEFAULT_PORT)),
            d.flatMap(m -> m.string("tokenFile")).map(p -> dir.resolve(expandHome(p))));

    Optional<YamlMap> s = y.flatMap(r -> r.map("store")).map(m -> m.allowOnly(Set.of("url", "username", "password", "poolSize")));
    Optional<String> url = Optional.ofNullable(env.get("UNDERSTUDY_STORE_URL")).or(() -> s.flatMap(m -> m.string("url")));
    url.ifPresent(u -> {
      if (!u.startsWith("jdbc:postgresql:") && !u.startsWith("jdbc:sqlite:")) {
        throw new ConfigException(
            s.map(m -> m.where("url")).orElse("UNDERSTUDY_STORE_URL"),
            "store.url is not supported: use jdbc:postgresql://HOST:PORT/DB, or leave it out for the embedded SQLite store");
      }
    });
    UnderstudyConfig.Store store =
        new UnderstudyConfig.Store(
            url,
            Optional.ofNullable(env.get("UNDERSTUDY_STORE_USERNAME")).or(() -> s.flatMap(m -> m.string("username"))),
            Optional.ofNullable(env.get("UNDERSTUDY_STORE_PASSWORD")).or(() -> s.flatMap(m -> m.string("password"))),
            s.flatMap(m -> m.integer("poolSize", 1, 64)).orElse(UnderstudyConfig.Store.DEFAULT_POOL_SIZE));

    Optional<YamlMap> q = y.flatMap(r -> r.map("queue")).map(m -> m.allowOnly(Set.of("workers", "retention", "startingDeadline", "concurrency")));
    Map<String, Integer> concurrency = new LinkedHashMap<>();
    q.flatMap(m -> m.map("concurrency")).ifPresent(c -> {
      c.allowOnly(CONCURRENCY_KEYS);
      for (String k : c.keys()) concurrency.put(k, c.integer(k, 1, 1000).orElseThrow());
    });
    UnderstudyConfig.Queue queue =
        new UnderstudyConfig.Queue(
            q.flatMap(m -> m.integer("workers", 1, 256)).orElse(UnderstudyConfig.Queue.DEFAULT_WORKERS),
            q.flatMap(m -> m.duration("retention")).orElse(UnderstudyConfig.Queue.DEFAULT_RETENTION),
            q.flatMap(m -> m.duration("startingDeadline")).orElse(UnderstudyConfig.Queue.DEFAULT_STARTING_DEADLINE),
            Map.copyOf(concurrency));

    Optional<YamlMap> l = y.flatMap(r -> r.map("log")).map(m -> m.allowOnly(Set.of("level")));
    String level = envOr("LOG_LEVEL", this::logLevel, l.flatMap(m -> m.string("level").map(v -> {
      try {
        return logLevel(v);
      } catch (IllegalArgumentException e) {
        throw m.error("level", e.getMessage(), "use one of trace, debug, info, warn, error");
      }
    })).orElse(UnderstudyConfig.Log.DEFAULT_LEVEL));

    UnderstudyConfig.Health health = HealthConfigReader.health(y.flatMap(r -> r.map("health")), y.flatMap(r -> r.map("alerts")), env);

    Map<String, UnderstudyConfig.SystemSettings> systems = new LinkedHashMap<>();
    for (String name : UnderstudyConfig.SYSTEMS) {
      if (name.equals("gitSync")) continue; // has settings of its own, below
      Set<String> allowed = switch (name) {
        case "githubActions" -> ACTIONS_KEYS;
        case "pm2" -> PM2_KEYS;
        case "netlifyFunctions" -> FUNCTIONS_KEYS;
        default -> SYSTEM_KEYS;
      };
      Optional<YamlMap> m = y.flatMap(r -> r.map(name)).map(x -> x.allowOnly(allowed));
      systems.put(name, new UnderstudyConfig.SystemSettings(
          m.flatMap(x -> x.bool("enabled")).orElse(true), m.flatMap(x -> mode(x, "mode"))));
    }
    Optional<YamlMap> g = y.flatMap(r -> r.map("gitSync"))
        .map(x -> x.allowOnly(Set.of("enabled", "mode", "interval", "remote", "branch", "strategy")));
    boolean syncEnabled = envOr("AUTO_SYNC_ENABLED", this::bool, g.flatMap(x -> x.bool("enabled")).orElse(false));
    systems.put("gitSync", new UnderstudyConfig.SystemSettings(syncEnabled, g.flatMap(x -> mode(x, "mode"))));
    String strategy = envOr("AUTO_SYNC_STRATEGY", this::strategy, g.flatMap(x -> x.string("strategy").map(v -> {
      try {
        return strategy(v);
      } catch (IllegalArgumentException e) {
        throw x.error("strategy", e.getMessage(), "use one of " + UnderstudyConfig.GitSync.STRATEGIES);
      }
    })).orElse(UnderstudyConfig.GitSync.DEFAULT_STRATEGY));
    UnderstudyConfig.GitSync gitSync =
        new UnderstudyConfig.GitSync(
            syncEnabled,
            envOr("AUTO_SYNC_INTERVAL", v -> Durations.parse(v, 1), g.flatMap(x -> x.duration("interval")).orElse(UnderstudyConfig.GitSync.DEFAULT_INTERVAL)),
            envOr("AUTO_SYNC_REMOTE", Function.identity(), g.flatMap(x -> x.string("remote")).orElse(UnderstudyConfig.GitSync.DEFAULT_REMOTE)),
            Optional.ofNullable(env.get("AUTO_SYNC_BRANCH")).or(() -> g.flatMap(x -> x.string("branch"))),
            strategy);

    Optional<YamlMap> a = y.flatMap(r -> r.map("githubActions"));
    Optional<YamlMap> ab = a.flatMap(x -> x.map("backups")).map(x -> x.allowOnly(Set.of("keep")));
    UnderstudyConfig.GithubActions githubActions =
        new UnderstudyConfig.GithubActions(
            a.flatMap(x -> x.bool("autoRestore")).orElse(false),
            ab.flatMap(x -> x.integer("keep", 1, UnderstudyConfig.GithubActions.MAX_BACKUPS_KEEP))
                .orElse(UnderstudyConfig.GithubActions.DEFAULT_BACKUPS_KEEP),
            a.flatMap(x -> x.string("repository").map(v -> repository(x, v))),
            a.flatMap(x -> tokenEnv(x, "githubActions", "MY_GITHUB_TOKEN")),
            envOr("UNDERSTUDY_GITHUB_API_URL", v -> apiUrl(v, GITHUB_API_HINT), a.flatMap(x -> x.string("apiUrl").map(v -> {
              try {
                return apiUrl(v, GITHUB_API_HINT);
              } catch (IllegalArgumentException e) {
                throw x.error("apiUrl", e.getMessage(), "leave it out for github.com");
              }
            })).orElse(UnderstudyConfig.GithubActions.DEFAULT_API_URL)),
            a.map(this::grace).orElse(UnderstudyConfig.GithubActions.DEFAULT_GRACE));

    List<JobSettings> jobs = new ArrayList<>();
    y.flatMap(r -> r.map("jobs")).ifPresent(js -> {
      for (String name : js.keys()) jobs.add(job(dir, name, js));
    });

    boolean modeWritten = (env.get("REDUNDANCY_MODE") != null && !env.get("REDUNDANCY_MODE").isBlank())
        || y.flatMap(r -> r.string("mode")).isPresent();
    UnderstudyConfig.Pm2 pm2 = pm2(dir, y.flatMap(r -> r.map("pm2")),
        systems.get("pm2").mode().or(() -> modeWritten ? Optional.of(mode) : Optional.empty()));

    return new UnderstudyConfig(dir, source, environment, mode, daemon, store, queue,
        new UnderstudyConfig.Log(level), health,
        Map.copyOf(systems), gitSync, githubActions, List.copyOf(jobs), pm2,
        netlifyFunctions(y.flatMap(r -> r.map("netlifyFunctions"))),
        y.flatMap(r -> r.map("metrics")).map(m -> m.allowOnly(Set.of("public")))
            .map(m -> new UnderstudyConfig.Metrics(m.bool("public").orElse(false)))
            .orElse(UnderstudyConfig.Metrics.DEFAULTS));
  }

  private UnderstudyConfig.NetlifyFunctions netlifyFunctions(Optional<YamlMap> n) {
    UnderstudyConfig.NetlifyFunctions d = UnderstudyConfig.NetlifyFunctions.DEFAULTS;
    Optional<YamlMap> backups = n.flatMap(x -> x.map("backups")).map(x -> x.allowOnly(Set.of("keep")));
    Duration timeout = n.flatMap(x -> x.duration("timeout")).orElse(d.timeout());
    if (timeout.isZero() || timeout.compareTo(UnderstudyConfig.NetlifyFunctions.MAX_TIMEOUT) > 0) {
      throw n.get().error("timeout", "'netlifyFunctions.timeout' is " + timeout.toSeconds() + " s",
          "use 1s to 15m (Netlify stops a synchronous function after 30 s by default)");
    }
    Duration watch = n.flatMap(x -> x.duration("watchInterval")).orElse(d.watchInterval());
    if (watch.compareTo(Duration.ofSeconds(1)) < 0) {
      throw n.get().error("watchInterval", "'netlifyFunctions.watchInterval' is under a second", "use 1s or more (60s by default)");
    }
    return new UnderstudyConfig.NetlifyFunctions(
        n.flatMap(x -> x.string("host")).orElse(d.host()),
        envOr("UNDERSTUDY_FUNCTIONS_PORT", ConfigLoader::port, n.flatMap(x -> x.integer("port", 0, 65535)).orElse(d.port())),
        timeout,
        n.flatMap(x -> x.integer("workers", 1, UnderstudyConfig.NetlifyFunctions.MAX_WORKERS)).orElse(d.workers()),
        n.flatMap(x -> x.stringMap("env")).orElse(Map.of()),
        n.flatMap(x -> x.bool("autoRestore")).orElse(false),
        backups.flatMap(x -> x.integer("keep", 1, UnderstudyConfig.GithubActions.MAX_BACKUPS_KEEP)).orElse(d.backupsKeep()),
        n.flatMap(x -> x.string("siteId")).map(String::trim).filter(v -> !v.isEmpty()),
        n.flatMap(x -> tokenEnv(x, "netlifyFunctions", "MY_NETLIFY_TOKEN")),
        envOr("UNDERSTUDY_NETLIFY_API_URL", v -> apiUrl(v, NETLIFY_API_HINT), n.flatMap(x -> x.string("apiUrl").map(v -> {
          try {
            return apiUrl(v, NETLIFY_API_HINT);
          } catch (IllegalArgumentException e) {
            throw x.error("apiUrl", e.getMessage(), "leave it out for api.netlify.com");
          }
        })).orElse(d.apiUrl())),
        watch);
  }

  private static Optional<String> tokenEnv(YamlMap m, String system, String example) {
    return m.string("tokenEnv").map(v -> {
      if (!ENV_NAME.matcher(v).matches()) {
        throw m.error("tokenEnv", "'" + system + ".tokenEnv' is '" + v + "', not an environment variable name",
            "write the variable's name (e.g. " + example + "), never the token itself");
      }
      return v;
    });
  }

  private UnderstudyConfig.Pm2 pm2(Path dir, Optional<YamlMap> p, Optional<Mode> mode) {
    Path home = p.flatMap(m -> m.string("home")).map(v -> {
      if (v.isBlank()) throw p.get().error("home", "'pm2.home' is empty", "write PM2's home directory, or leave it out for $PM2_HOME or ~/.pm2");
      return dir.resolve(expandHome(v.trim())).normalize();
    }).orElseGet(() -> {
      String e = env.get("PM2_HOME");
      return e != null && !e.isBlank() ? Path.of(expandHome(e.trim())).toAbsolutePath().normalize()
          : Path.of(System.getProperty("user.home"), ".pm2");
    });
    Duration takeoverAfter = p.flatMap(m -> m.duration("takeoverAfter").map(d -> {
      if (d.compareTo(UnderstudyConfig.Pm2.MAX_TAKEOVER_AFTER) > 0) {
        throw m.error("takeoverAfter", "'pm2.takeoverAfter' is " + d.toSeconds() + "s",
            "use at most 1h; PM2 itself restarts in well under a minute (0 takes over at the first miss)");
      }
      return d;
    })).orElse(UnderstudyConfig.Pm2.DEFAULT_TAKEOVER_AFTER);
    Duration watchInterval = p.flatMap(m -> m.duration("watchInterval").map(d -> {
      if (d.compareTo(UnderstudyConfig.Pm2.MIN_WATCH_INTERVAL) < 0 || d.compareTo(UnderstudyConfig.Pm2.MAX_WATCH_INTERVAL) > 0) {
        throw m.error("watchInterval", "'pm2.watchInterval' is " + d.toMillis() + "ms", "use 100ms to 10m, e.g. 5s");
      }
      return d;
    })).orElse(UnderstudyConfig.Pm2.DEFAULT_WATCH_INTERVAL);
    Optional<String> bin = p.flatMap(m -> m.string("bin").map(v -> {
      String b = v.trim();
      if (b.isEmpty()) throw m.error("bin", "'pm2.bin' is empty", "write the pm2 program's path, or leave it out for pm2 on PATH");
      if (b.contains("/")) {
        Path path = dir.resolve(expandHome(b)).normalize();
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
          throw m.error("bin", "'pm2.bin' is " + path + ", which is not an executable file",
              "fix the path (e.g. the output of 'command -v pm2'), or leave it out for pm2 on PATH");
        }
        return path.toString();
      }
      return b;
    }));
    UnderstudyConfig.Pm2.WarmSpare warmSpare = p.flatMap(m -> m.string("warmSpare").map(v -> {
      try {
        return UnderstudyConfig.Pm2.WarmSpare.valueOf(v.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw m.error("warmSpare", "'pm2.warmSpare' is '" + v + "'",
            "use crashed (a spare Node process after a crash, until the app stays up 60 s; the default), always or never");
      }
    })).orElse(UnderstudyConfig.Pm2.WarmSpare.CRASHED);
    UnderstudyConfig.Pm2 watch = new UnderstudyConfig.Pm2(Optional.empty(), Optional.empty(), Optional.empty(),
        UnderstudyConfig.FILE_NAME, home, takeoverAfter, watchInterval, bin, mode, warmSpare);
    return p.map(m -> ecosystemPart(dir, m, watch)).orElse(watch);
  }

  /**
   * The pm2 section's own keys: {@code ecosystem} (a file, relative to the project), {@code env}
   * (the env_NAME to apply, as {@code pm2 start --env NAME}) and {@code apps} (PM2 apps written
   * here, in the ecosystem's shape; read by the pm2 system, which reports each app's problems).
   */
  private UnderstudyConfig.Pm2 ecosystemPart(Path dir, YamlMap p, UnderstudyConfig.Pm2 watch) {
    if (p.node("apps").isPresent() && p.node("ecosystem").isPresent()) {
      throw p.error("apps", "both 'pm2.apps' and 'pm2.ecosystem' are set", "keep one: apps written here, or the ecosystem file to read");
    }
    Optional<org.snakeyaml.engine.v2.nodes.Node> apps = p.node("apps");
    apps.ifPresent(n -> {
      if (!(n instanceof org.snakeyaml.engine.v2.nodes.SequenceNode) && !(n instanceof org.snakeyaml.engine.v2.nodes.MappingNode)) {
        throw p.error("apps", "'pm2.apps' must be a list of apps", "write - name: web / script: server.js, one app per item");
      }
    });
    Optional<String> envName = p.string("env").map(e -> {
      if (!ENV_NAME.matcher(e).matches()) {
        throw p.error("env", "'pm2.env' is '" + e + "', not an environment name", "write the NAME of an env_NAME block, e.g. production");
      }
      if (e.startsWith("env_")) {
        throw p.error("env", "'pm2.env' is '" + e + "', not an environment name", "write the NAME of an env_NAME block without env_: " + e.substring(4));
      }
      return e;
    });
    return new UnderstudyConfig.Pm2(
        p.string("ecosystem").map(f -> dir.resolve(expandHome(f)).normalize()), envName, apps, p.file(),
        watch.home(), watch.takeoverAfter(), watch.watchInterval(), watch.bin(), watch.mode(), watch.warmSpare());
  }

  private JobSettings job(Path dir, String name, YamlMap jobs) {
    if (!JOB_NAME.matcher(name).matches()) {
      throw jobs.error(name, "job name '" + name + "' is not allowed",
          "use letters, digits, '.', '_' and '-' (at most 100), starting with a letter or digit");
    }
    YamlMap j = jobs.map(name).orElseThrow().allowOnly(Set.of("command", "cwd", "env", "schedule", "timezone",
        "timeout", "retries", "backoff", "concurrency", "priority"));
    List<String> command = j.strings("command")
        .orElseThrow(() -> jobs.error(name, "job '" + name + "' has no command", "add command: [\"node\", \"script.js\"]"));
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw j.error("command", "job '" + name + "' has an empty command", "name the program to run first");
    }
    if (j.node("command").orElseThrow() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode) {
      // A single string is a shell command line, written by the project's owner, as in a workflow's run:.
      command = List.of("sh", "-c", command.get(0));
    }
    Optional<String> schedule = j.string("schedule");
    schedule.ifPresent(expr -> {
      PosixCron cron;
      try {
        cron = PosixCron.parse(expr);
      } catch (CronSyntaxException e) {
        throw j.error("schedule", "invalid cron '" + expr + "': " + e.getMessage(),
            "write five fields (minute hour day-of-month month day-of-week) or a macro such as @daily; try: understudy cron \"" + expr + "\"");
      }
      if (cron.neverFires()) {
        throw j.error("schedule", "cron '" + expr + "' never fires: no date matches all its fields (e.g. February 30th)",
            "fix the day-of-month or month field");
      }
    });
    ZoneId zone = j.string("timezone").map(z -> {
      try {
        return ZoneId.of(z);
      } catch (DateTimeException e) {
        throw j.error("timezone", "unknown time zone '" + z + "'", "use an IANA name such as Europe/Paris or UTC");
      }
    }).orElse(ZoneOffset.UTC);
    ConcurrencyPolicy policy = j.string("concurrency").map(c -> {
      try {
        return ConcurrencyPolicy.parse(c);
      } catch (IllegalArgumentException e) {
        throw j.error("concurrency", e.getMessage(), "use allow, forbid or replace");
      }
    }).orElse(ConcurrencyPolicy.ALLOW);
    Path cwd = j.string("cwd").map(c -> dir.resolve(c).normalize()).orElse(dir);
    return new JobSettings(name, jobs.where(name), command, cwd, j.stringMap("env").orElse(Map.of()), schedule, zone,
        j.duration("timeout").orElse(JobSettings.DEFAULT_TIMEOUT),
        j.integer("retries", 0, 100).orElse(JobSettings.DEFAULT_RETRIES),
        j.duration("backoff").orElse(JobSettings.DEFAULT_BACKOFF),
        policy,
        j.integer("priority", -100, 100).orElse(0));
  }

  private static String repository(YamlMap m, String v) {
    String r = v.trim();
    if (REPOSITORY.matcher(r).matches()) return r;
    java.util.regex.Matcher url = Pattern.compile("(?:https?://|git@)[^/:]+[/:]([^/]+/[^/]+?)(?:\\.git)?/?").matcher(r);
    String hint = url.matches() && REPOSITORY.matcher(url.group(1)).matches()
        ? "write only owner/name: " + url.group(1)
        : "write owner/name as in github.com/owner/name, or leave it out to read the origin remote";
    throw m.error("repository", "'githubActions.repository' is '" + v + "', not owner/name", hint);
  }

  private static final String GITHUB_API_HINT = "use https://api.github.com or, for GitHub Enterprise Server, https://HOST/api/v3";
  private static final String NETLIFY_API_HINT = "use https://api.netlify.com/api/v1";

  /** A http(s) base URL without a trailing slash: https://api.github.com or https://HOST/api/v3. */
  static String apiUrl(String v, String hint) {
    String u = v.trim();
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    java.net.URI uri;
    try {
      uri = new java.net.URI(u);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
        || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
      throw new IllegalArgumentException("'" + v + "' is not an API base URL: " + hint);
    }
    return u;
  }

  /** {@code grace} (a duration) or {@code graceMinutes} (a whole number of minutes), not both. */
  private Duration grace(YamlMap a) {
    if (a.node("grace").isPresent() && a.node("graceMinutes").isPresent()) {
      throw a.error("graceMinutes", "both 'githubActions.grace' and 'githubActions.graceMinutes' are set", "keep one of them");
    }
    Optional<Duration> d = a.duration("grace")
        .or(() -> a.integer("graceMinutes", 0, (int) MAX_GRACE.toMinutes()).map(n -> Duration.ofMinutes(n)));
    String key = a.node("grace").isPresent() ? "grace" : "graceMinutes";
    d.ifPresent(g -> {
      if (g.compareTo(MAX_GRACE) > 0) {
        throw a.error(key, "'githubActions." + key + "' is " + g.toMinutes() + " minutes", "use at most 24h: a failover run that late is no stand-in");
      }
    });
    return d.orElse(UnderstudyConfig.GithubActions.DEFAULT_GRACE);
  }

  private Optional<Mode> mode(YamlMap m, String key) {
    return m.string(key).map(v -> {
      try {
        return Mode.parse(v);
      } catch (IllegalArgumentException e) {
        throw m.error(key, e.getMessage(), "replace runs it here always, failover only when the primary missed, off never");
      }
    });
  }

  /** The environment value, parsed, or the fallback; a bad value names the variable. */
  private <T> T envOr(String name, Function<String, T> parse, T fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) return fallback;
    try {
      return parse.apply(v);
    } catch (RuntimeException e) {
      throw new ConfigException("environment variable " + name, e.getMessage() + ": fix or unset " + name);
    }
  }

  private static int port(String v) {
    try {
      int p = Integer.parseInt(v.trim());
      if (p >= 0 && p <= 65535) return p;
    } catch (NumberFormatException ignored) {
      // fall through to the message
    }
    throw new IllegalArgumentException("'" + v + "' is not a port: use 0-65535 (0 picks a free one)");
  }

  private String logLevel(String v) {
    String l = v.trim().toLowerCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(l)) throw new IllegalArgumentException("'" + v + "' is not a log level: use trace, debug, info, warn or error");
    return l;
  }

  private boolean bool(String v) {
    String b = v.trim().toLowerCase(Locale.ROOT);
    if (Set.of("true", "1", "yes", "on").contains(b)) return true;
    if (Set.of("false", "0", "no", "off").contains(b)) return false;
    throw new IllegalArgumentException("'" + v + "' is not a boolean: use true or false");
  }

  private String strategy(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (!UnderstudyConfig.GitSync.STRATEGIES.contains(s)) {
      throw new IllegalArgumentException("'" + v + "' is not a sync strategy: use one of " + UnderstudyConfig.GitSync.STRATEGIES);
    }
    return s;
  }

  private static String expandHome(String p) {
    return p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
  }
}
