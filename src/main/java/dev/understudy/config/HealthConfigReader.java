package dev.understudy.config;

import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.HealthIntervals;
import dev.understudy.engine.monitor.HealthSettings;
import dev.understudy.engine.monitor.RecoveryBudget;
import dev.understudy.engine.monitor.Threshold;
import dev.understudy.engine.monitor.Thresholds;
import dev.understudy.engine.monitor.TrendSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads the {@code health:} section of understudy.yml into {@link HealthSettings}; every bad value is
 * a {@link ConfigException} at its {@code file:line:column} saying how to fix it.
 *
 * <pre>
 * health:
 *   interval: 5m                 # the whole (machine, daemon, other systems); HEALTH_CHECK_INTERVAL overrides
 *   intervals: {pm2: 30s, githubActions: 60s, netlifyFunctions: 2m}
 *   timeout: 30s                 # a probe's time to answer
 *   thresholds:
 *     memory: {warning: 80, failing: 95, cycles: 1}   # percent; "for N cycles"
 *     cpu: {warning: 90, cycles: 3}
 *     disk: {warning: 90, failing: 95}
 *     failures: {failing: 3, warning: 0}              # consecutive failed samples
 *   recovery: {max: 3, within: 15m}
 *   trend: {window: 30m, horizon: 2h}
 * </pre>
 *
 * ConfigLoader calls {@link #read} in place of its own {@code health.interval} line (the same
 * key and variable, read the same way).
 */
public final class HealthConfigReader {
  public static final Set<String> KEYS = Set.of("interval", "intervals", "timeout", "thresholds", "recovery", "trend", "reports");
  private static final Set<String> LEVEL_KEYS = Set.of("warning", "failing", "cycles", "recover");
  private static final Set<String> FAILURE_KEYS = Set.of("failing", "warning", "recover");
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  private HealthConfigReader() {}

  /**
   * @param health the {@code health} mapping, if the file has one
   * @param env for {@code HEALTH_CHECK_INTERVAL} (a bare number counts milliseconds, as in the Node scripts)
   */
  public static HealthSettings read(Optional<YamlMap> health, Map<String, String> env) {
    Optional<YamlMap> h = health.map(m -> m.allowOnly(KEYS));
    HealthSettings d = HealthSettings.DEFAULTS;

    Duration whole = h.flatMap(m -> m.duration("interval")).orElse(HealthIntervals.WHOLE);
    String fromEnv = env.get("HEALTH_CHECK_INTERVAL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      try {
        whole = Durations.parse(fromEnv, 1);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("environment variable HEALTH_CHECK_INTERVAL", e.getMessage() + ": fix or unset HEALTH_CHECK_INTERVAL");
      }
    }
    HealthIntervals intervals = valid(h, "interval", "'health.interval'", whole, w -> d.intervals().withWhole(w));
    Optional<YamlMap> per = h.flatMap(m -> m.map("intervals"))
        .map(m -> m.allowOnly(Set.of("pm2", "githubActions", "netlifyFunctions", "gitSync", "machine")));
    if (per.isPresent()) {
      for (String system : per.get().keys()) {
        Duration v = per.get().duration(system).orElseThrow();
        HealthIntervals base = intervals;
        intervals = valid(per, system, "'health.intervals." + system + "'", v, x -> base.with(system, x));
      }
    }

    Duration timeout = h.flatMap(m -> m.duration("timeout")).orElse(d.timeout());
    if (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw h.get().error("timeout", "'health.timeout' is " + HealthIntervals.human(timeout), "use 1s to 10m (30s by default)");
    }

    Thresholds thresholds = Thresholds.defaults();
    Optional<YamlMap> t = h.flatMap(m -> m.map("thresholds")).map(m -> m.allowOnly(Set.of(Check.MEMORY, Check.CPU, Check.DISK, "failures")));
    if (t.isPresent()) {
      for (String kind : t.get().keys()) {
        YamlMap m = t.get();
        Threshold rule = kind.equals("failures") ? failures(m, kind) : above(m, kind, (Threshold.Above) Thresholds.defaults().of(Check.of("x", "x", kind)));
        thresholds = kind.equals("failures") ? thresholds.failures((Threshold.Failures) rule) : thresholds.kind(kind, rule);
      }
    }

    Optional<YamlMap> r = h.flatMap(m -> m.map("recovery")).map(m -> m.allowOnly(Set.of("max", "within", "makeUp")));
    int max = r.flatMap(m -> m.integer("max", 1, 1000)).orElse(RecoveryBudget.DEFAULT_MAX);
    Duration within = r.flatMap(m -> m.duration("within")).orElse(RecoveryBudget.DEFAULT_WITHIN);
    if (within.isZero()) throw r.get().error("within", "'health.recovery.within' is 0", "use a window such as 15m");

    Optional<YamlMap> tr = h.flatMap(m -> m.map("trend")).map(m -> m.allowOnly(Set.of("window", "horizon", "minR2")));
    TrendSettings trend = d.trend();
    if (tr.isPresent()) {
      YamlMap m = tr.get();
      TrendSettings base = trend;
      Duration window = m.duration("window").orElse(base.window());
      Duration minSpan = base.minSpan().compareTo(window) > 0 ? window : base.minSpan();
      try {
        trend = new TrendSettings(window, base.minPoints(), minSpan, m.string("minR2").map(v -> number(m, "minR2", "trend", v)).orElse(base.minR2()),
            base.restartDrop(), m.duration("horizon").orElse(base.horizon()));
      } catch (IllegalArgumentException e) {
        throw m.error(m.keys().iterator().next(), "'health.trend' is invalid", e.getMessage());
      }
    }
    return new HealthSettings(intervals, timeout, thresholds, max, within, trend);
  }

  private static <T> T valid(Optional<YamlMap> m, String key, String name, Duration v, java.util.function.Function<Duration, T> build) {
    try {
      return build.apply(v);
    } catch (IllegalArgumentException e) {
      String fix = "use 1s to 1d, e.g. 30s";
      throw m.map(x -> x.error(key, name + " is " + HealthIntervals.human(v), fix))
          .orElseGet(() -> new ConfigException("environment variable HEALTH_CHECK_INTERVAL", name + " is " + HealthIntervals.human(v) + ": " + fix));
    }
  }

  private static Threshold.Above above(YamlMap parent, String kind, Threshold.Above def) {
    YamlMap m = parent.map(kind).orElseThrow().allowOnly(LEVEL_KEYS);
    OptionalDouble warning = level(m, kind, "warning").orElse(def.warning());
    OptionalDouble failing = level(m, kind, "failing").orElse(def.failing());
    try {
      return new Threshold.Above(def.unit(), warning, failing, m.integer("cycles", 1, Threshold.MAX_CYCLES).orElse(def.cycles()),
          m.integer("recover", 1, Threshold.MAX_CYCLES).orElse(def.recoverCycles()));
    } catch (IllegalArgumentException e) {
      throw parent.error(kind, "'health.thresholds." + kind + "' is invalid", e.getMessage());
    }
  }

  private static Threshold.Failures failures(YamlMap parent, String kind) {
    YamlMap m = parent.map(kind).orElseThrow().allowOnly(FAILURE_KEYS);
    Threshold.Failures def = (Threshold.Failures) Thresholds.FAILURES;
    try {
      return new Threshold.Failures(m.integer("failing", 1, Threshold.MAX_CYCLES).orElse(def.failing()),
          m.integer("warning", 0, Threshold.MAX_CYCLES).orElse(def.warning()),
          m.integer("recover", 1, Threshold.MAX_CYCLES).orElse(def.recoverCycles()));
    } catch (IllegalArgumentException e) {
      throw parent.error(kind, "'health.thresholds.failures' is invalid", e.getMessage());
    }
  }

  /** A level written {@code 80}, {@code 80.5} or {@code 80%}; {@code off} for none; unwritten: the default. */
  private static Optional<OptionalDouble> level(YamlMap m, String kind, String key) {
    return m.string(key).map(v -> v.trim().equals("off") ? OptionalDouble.empty()
        : OptionalDouble.of(number(m, key, "thresholds." + kind, v.trim().endsWith("%") ? v.trim().substring(0, v.trim().length() - 1) : v)));
  }

  private static double number(YamlMap m, String key, String path, String v) {
    try {
      double d = Double.parseDouble(v.trim());
      if (Double.isFinite(d)) return d;
    } catch (NumberFormatException ignored) {
      // below
    }
    throw m.error(key, "'health." + path + "." + key + "' must be a number, not '" + v + "'", "e.g. 80");
  }

  /**
   * The config's {@code health} (with {@code health.reports}: keep the newest {@code keep} health
   * reports, 100 by default, none older than {@code maxAge}, 7 days by default) and {@code alerts}.
   */
  public static dev.understudy.config.UnderstudyConfig.Health health(Optional<YamlMap> health, Optional<YamlMap> alerts,
      Map<String, String> env) {
    HealthSettings s = read(health, env);
    Optional<YamlMap> r = health.flatMap(m -> m.map("reports")).map(m -> m.allowOnly(Set.of("keep", "maxAge")));
    int keep = r.flatMap(m -> m.integer("keep", 1, 100_000)).orElse(UnderstudyConfig.Health.DEFAULT_REPORTS_KEEP);
    Duration maxAge = r.flatMap(m -> m.duration("maxAge")).orElse(UnderstudyConfig.Health.DEFAULT_REPORTS_MAX_AGE);
    if (maxAge.isZero()) throw r.get().error("maxAge", "'health.reports.maxAge' is 0", "use an age such as 7d");
    boolean makeUp = health.flatMap(m -> m.map("recovery")).flatMap(m -> m.bool("makeUp")).orElse(true);
    return new UnderstudyConfig.Health(s.intervals().whole(), s, AlertsConfigReader.read(alerts), keep, maxAge, makeUp);
  }
}
