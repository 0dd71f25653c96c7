package dev.understudy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the daemon is configured with, read once from {@code understudy.yml} and the
 * environment, validated, and immutable afterwards.
 */
public record UnderstudyConfig(
    Path projectDir,
    String source,
    String environment,
    Mode defaultMode,
    Daemon daemon,
    Store store,
    Queue queue,
    Log log,
    Health health,
    Map<String, SystemSettings> systems,
    GitSync gitSync,
    GithubActions githubActions,
    List<JobSettings> jobs,
    Pm2 pm2,
    NetlifyFunctions netlifyFunctions,
    Metrics metrics) {

  /** Without a metrics section (the defaults: /metrics needs the token). */
  public UnderstudyConfig(Path projectDir, String source, String environment, Mode defaultMode, Daemon daemon,
      Store store, Queue queue, Log log, Health health, Map<String, SystemSettings> systems, GitSync gitSync,
      GithubActions githubActions, List<JobSettings> jobs, Pm2 pm2, NetlifyFunctions netlifyFunctions) {
    this(projectDir, source, environment, defaultMode, daemon, store, queue, log, health, systems, gitSync,
        githubActions, jobs, pm2, netlifyFunctions, Metrics.DEFAULTS);
  }

  /** The {@code metrics:} section: {@code public: true} opens GET /metrics without the token. */
  public record Metrics(boolean open) {
    public static final Metrics DEFAULTS = new Metrics(false);
  }

  /** Without pm2 settings (the defaults: find the project's ecosystem file). */
  public UnderstudyConfig(Path projectDir, String source, String environment, Mode defaultMode, Daemon daemon,
      Store store, Queue queue, Log log, Health health, Map<String, SystemSettings> systems, GitSync gitSync,
      GithubActions githubActions, List<JobSettings> jobs) {
    this(projectDir, source, environment, defaultMode, daemon, store, queue, log, health, systems, gitSync,
        githubActions, jobs, Pm2.DEFAULTS, NetlifyFunctions.DEFAULTS);
  }


  public static final String FILE_NAME = "understudy.yml";
  /** The system that owns the command jobs of understudy.yml. */
  public static final String JOBS_SYSTEM = "jobs";
  /** The systems by the names users know them, in the order they are shown. */
  public static final List<String> SYSTEMS = List.of("pm2", "githubActions", "netlifyFunctions", "gitSync");

  public record Daemon(String host, int port, Optional<Path> tokenFile) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 0;
  }

  /** {@code url} empty means the SQLite file in the home. */
  public record Store(Optional<String> url, Optional<String> username, Optional<String> password, int poolSize) {
    public static final int DEFAULT_POOL_SIZE = 8;
  }

  public record Queue(
      int workers,
      Duration retention,
      Duration startingDeadline,
      Map<String, Integer> concurrency) {
    public static final int DEFAULT_WORKERS = 16;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    /** Missed slots older than this at start-up are recorded as missed, not run. */
    public static final Duration DEFAULT_STARTING_DEADLINE = Duration.ofHours(24);
  }

  public record Log(String level) {
    public static final String DEFAULT_LEVEL = "info";
  }

  /**
   * The {@code health:} and {@code alerts:} sections: the loop's settings (intervals, timeout,
   * thresholds, recovery budget, trend), the notifiers, and how many health reports are kept
   * under {@code reports/} ({@code health.reports.keep}, {@code health.reports.maxAge}).
   * {@code interval} is the whole's interval (HEALTH_CHECK_INTERVAL).
   */
  /** @param makeUpMissedSlots {@code health.recovery.makeUp}: the health loop runs a slot recorded missed once, late */
  public record Health(Duration interval, dev.understudy.engine.monitor.HealthSettings settings,
      dev.understudy.engine.notify.AlertsConfig alerts, int reportsKeep, Duration reportsMaxAge, boolean makeUpMissedSlots) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    public static final int DEFAULT_REPORTS_KEEP = 100;
    public static final Duration DEFAULT_REPORTS_MAX_AGE = Duration.ofDays(7);

    public Health(Duration interval) {
      this(interval, dev.understudy.engine.monitor.HealthSettings.DEFAULTS, dev.understudy.engine.notify.AlertsConfig.NONE,
          DEFAULT_REPORTS_KEEP, DEFAULT_REPORTS_MAX_AGE, true);
    }
  }

  /** The {@code alerts:} section (kept with the health settings). */
  public dev.understudy.engine.notify.AlertsConfig alerts() {
    return health.alerts();
  }

  public record SystemSettings(boolean enabled, Optional<Mode> mode) {}

  /** The git-sync system's settings, also set by the Node scripts' {@code AUTO_SYNC_*} variables. */
  public record GitSync(
      boolean enabled, Duration interval, String remote, Optional<String> branch, String strategy) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    public static final String DEFAULT_REMOTE = "origin";
    public static final String DEFAULT_STRATEGY = "rebase";
    public static final List<String> STRATEGIES = List.of("rebase", "merge", "ff-only");
  }

  /**
   * The githubActions system's own settings (besides enabled/mode): whether the daemon writes a
   * last-known-good copy back by itself, how many good copies it keeps per workflow, and how it
   * talks to GitHub: the repository ({@code owner/name}; empty means the project's {@code origin}
   * remote), the environment variable holding the token (empty means {@code GITHUB_TOKEN}, then
   * {@code GH_TOKEN}), the REST API's base URL, and how long after a slot GitHub gets before a
   * failover run counts it as missed.
   */
  public record GithubActions(
      boolean autoRestore,
      int backupsKeep,
      Optional<String> repository,
      Optional<String> tokenEnv,
      String apiUrl,
      Duration grace) {
    public static final int DEFAULT_BACKUPS_KEEP = 20;
    public static final int MAX_BACKUPS_KEEP = 1000;
    public static final String DEFAULT_API_URL = "https://api.github.com";
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(15);
    public static final GithubActions DEFAULTS =
        new GithubActions(false, DEFAULT_BACKUPS_KEEP, Optional.empty(), Optional.empty(), DEFAULT_API_URL, DEFAULT_GRACE);
  }

  /**
   * The pm2 system's watch of a real PM2: which {@code PM2_HOME} (the file's {@code pm2.home}, else
   * the {@code PM2_HOME} variable, else {@code ~/.pm2}), how long PM2 may be gone before its apps
   * are taken over, how often it is looked at, and the {@code pm2} program ({@code pm2.bin}, a path
   * or a name on PATH; empty means {@code pm2} on PATH). {@code mode} is the mode set by hand
   * ({@code pm2.mode}, else the top-level {@code mode} when written); empty means the discovery
   * rule: failover when a pm2 program is found, else replace (see {@code Pm2Binary.mode}).
   */
  /**
   * The pm2 system's own settings (besides enabled/mode): the ecosystem file to read (empty: look
   * for ecosystem.config.js and the other names PM2 reads, in the project), the environment whose
   * {@code env_<NAME>} applies (empty: NODE_ENV), apps written in understudy.yml itself
   * ({@code pm2.apps}, the YAML node as written, read with positions in {@code file}); and for
   * watching a real PM2: its home, how long it may be gone before Understudy takes its apps
   * over, how often it is watched, the pm2 program, and the mode if one was written (empty means
   * failover when a pm2 program is found, else replace); and when an app keeps a warm spare.
   */
  public record Pm2(Optional<Path> ecosystem, Optional<String> env, Optional<org.snakeyaml.engine.v2.nodes.Node> apps,
      String file, Path home, Duration takeoverAfter, Duration watchInterval, Optional<String> bin, Optional<Mode> mode,
      WarmSpare warmSpare) {
    /**
     * {@code pm2.warmSpare}: when a fork-mode Node app keeps a spare Node process booted for its next
     * restart (about 40 MB each): after a crash, until the app has stayed up for 60 s (default);
     * always; never.
     */
    public enum WarmSpare { CRASHED, ALWAYS, NEVER }

    public static final Duration DEFAULT_TAKEOVER_AFTER = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(5);
    public static final Duration MIN_WATCH_INTERVAL = Duration.ofMillis(100);
    public static final Duration MAX_WATCH_INTERVAL = Duration.ofMinutes(10);
    public static final Duration MAX_TAKEOVER_AFTER = Duration.ofHours(1);
    public static final Pm2 DEFAULTS = new Pm2(Optional.empty(), Optional.empty(), Optional.empty(), FILE_NAME,
        Path.of(System.getProperty("user.home"), ".pm2"), DEFAULT_TAKEOVER_AFTER, DEFAULT_WATCH_INTERVAL,
        Optional.empty(), Optional.empty(), WarmSpare.CRASHED);
  }

  /**
   * The netlifyFunctions system's own settings (besides enabled/mode). Serving: the front's host
   * and port (8888 as {@code netlify dev}; 0 picks a free one), the synchronous timeout (Netlify's
   * 30 s by default), how many Node workers run function code (the cores by default), and the
   * site's environment variables. Keeping: last-known-good copies per function and whether the
   * daemon writes one back by itself. Watching Netlify for failover: the site's id or name (empty:
   * {@code NETLIFY_SITE_ID}, then {@code .netlify/state.json} as {@code netlify link} writes it),
   * the variable holding the token (empty: {@code NETLIFY_AUTH_TOKEN}), the API's base URL, and
   * how often the site is looked at.
   */
  public record NetlifyFunctions(
      String host,
      int port,
      Duration timeout,
      int workers,
      Map<String, String> env,
      boolean autoRestore,
      int backupsKeep,
      Optional<String> siteId,
      Optional<String> tokenEnv,
      String apiUrl,
      Duration watchInterval) {
    public static final int DEFAULT_PORT = 8888;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Netlify's ceiling for a synchronous function (26 s by default, 60 s at most on paid plans). */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);
    public static final int MAX_WORKERS = 64;
    public static final String DEFAULT_API_URL = "https://api.netlify.com/api/v1";
    public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofMinutes(1);
    public static final NetlifyFunctions DEFAULTS = new NetlifyFunctions(Daemon.DEFAULT_HOST, DEFAULT_PORT,
        DEFAULT_TIMEOUT, defaultWorkers(), Map.of(), false, GithubActions.DEFAULT_BACKUPS_KEEP, Optional.empty(),
        Optional.empty(), DEFAULT_API_URL, DEFAULT_WATCH_INTERVAL);

    public NetlifyFunctions {
      env = Map.copyOf(env);
    }

    public static int defaultWorkers() {
      return Math.max(1, Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
    }
  }

  public Optional<JobSettings> job(String name) {
    return jobs.stream().filter(j -> j.name().equals(name)).findFirst();
  }

  /** The mode a system runs in: its own setting, else the default. */
  public Mode modeOf(String system) {
    SystemSettings s = systems.get(system);
    return s == null ? defaultMode : s.mode().orElse(defaultMode);
  }
}
