package dev.understudy.systems.netlify.site;

import dev.understudy.systems.netlify.Route;
import dev.understudy.systems.netlify.Site.Problem;
import dev.understudy.systems.netlify.site.InSourceConfig.Position;
import dev.understudy.systems.netlify.site.js.JsValue;
import dev.understudy.util.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a v2 function's in-source config the way zip-it-and-ship-it's schema does: the keys it
 * knows, their types, and what it does with a wrong one (stop the deploy for {@code path},
 * {@code excludedPath}, {@code method}, {@code memory}, {@code vcpu} and {@code region}; quietly drop
 * it for the rest). Every wrong, unknown or unreadable value is one finding at its own position.
 */
final class InSourceConfigReader {
  static final Set<String> KEYS = Set.of("background", "externalNodeModules", "excludedPath", "generator",
      "ignoredNodeModules", "includedFiles", "memory", "method", "name", "nodeBundler", "nodeVersion", "path",
      "preferStatic", "rateLimit", "region", "schedule", "timeout", "vcpu");
  static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "OPTIONS", "DELETE", "HEAD");
  static final List<String> BUNDLERS = List.of("esbuild", "esbuild_zisi", "nft", "zisi", "none");
  static final List<String> REGIONS = List.of("cmh", "dub", "fra", "gru", "iad", "lhr", "nrt", "pdx", "sfo", "sin",
      "syd", "yul");
  private static final Pattern MEMORY = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*(mb|gb)?$");
  private static final String STOPS = "Netlify refuses to deploy the function with it";
  private static final String IGNORED = "Netlify ignores it";

  private final String file;
  private final JsValue.Obj config;
  private final List<Problem> problems = new ArrayList<>();

  private InSourceConfigReader(String file, JsValue.Obj config) {
    this.file = file;
    this.config = config;
  }

  static InSourceConfig read(String file, JsValue.Obj config) {
    return new InSourceConfigReader(file, config).read();
  }

  private InSourceConfig read() {
    reportUnreadEntries();
    List<String> methods = methods();
    boolean preferStatic = bool("preferStatic").orElse(false);
    List<String> paths = paths("path");
    List<String> excluded = paths("excludedPath");
    List<Route> routes = routes("path", paths, methods, preferStatic);
    List<Route> excludedRoutes = routes("excludedPath", excluded, List.of(), false);
    Optional<String> schedule = string("schedule", false);
    schedule.flatMap(CronCheck::check).ifPresent(m -> problems.add(at(config.get("schedule").get().value(),
        "config.schedule: " + m, Rule.SCHEDULE)));
    Optional<Integer> memory = memory();
    Optional<Double> vcpu = vcpu();
    if (memory.isPresent() && vcpu.isPresent()) {
      problems.add(at(config.get("vcpu").get().value(), "config.memory and config.vcpu cannot both be set: " + STOPS
          + "; keep one of them", Rule.CONFIG));
    }
    return new InSourceConfig(paths, routes, excludedRoutes, methods, schedule.filter(s -> CronCheck.check(s).isEmpty()),
        preferStatic, bool("background").orElse(false), string("name", false), string("generator", false),
        number("timeout"), oneOf("nodeBundler", BUNDLERS, false), string("nodeVersion", false), strings("includedFiles"),
        strings("externalNodeModules"), strings("ignoredNodeModules"), memory, region(), vcpu, rateLimit(),
        position("path"), position("schedule"), problems);
  }

  private void reportUnreadEntries() {
    for (JsValue.Entry e : config.entries()) {
      switch (e.keyKind()) {
        case SPREAD, COMPUTED -> problems.add(new Problem(file, e.line(), e.column(), (e.keyKind() == JsValue.KeyKind.SPREAD
            ? "a spread (...)" : "a computed key [...]") + " in config is not read: Netlify reads config without running"
            + " the code; write each key and its value here", Rule.CONFIG));
        case NUMBER -> problems.add(new Problem(file, e.line(), e.column(), "config key " + e.key() + " is not a Netlify"
            + " setting; " + IGNORED + "; remove it", Rule.CONFIG));
        default -> {
          if (!KEYS.contains(e.key())) {
            String hint = Suggestions.closest(e.key(), KEYS).map(k -> "did you mean '" + k + "'?")
                .orElse("the keys Netlify reads are " + String.join(", ", new java.util.TreeSet<>(KEYS)));
            problems.add(new Problem(file, e.line(), e.column(), "unknown config key '" + e.key() + "': " + IGNORED + "; "
                + hint, Rule.CONFIG));
          } else if (e.method()) {
            problems.add(new Problem(file, e.line(), e.column(), "config." + e.key() + " is a method: Netlify reads only"
                + " values here, so it ignores it; write `" + e.key() + ": value`", Rule.CONFIG));
          }
        }
      }
    }
  }

  /** The value of {@code key} when written as a plain entry (not a method). */
  private Optional<JsValue> value(String key) {
    return config.get(key).filter(e -> !e.method()).map(JsValue.Entry::value);
  }

  private Optional<Position> position(String key) {
    return config.get(key).map(e -> new Position(e.line(), e.column()));
  }

  /** Whether {@code v} is a value Netlify's reader keeps; reports it when not. */
  private boolean readable(String name, JsValue v) {
    if (isLiteral(v)) return true;
    String fix = v instanceof JsValue.Template t && t.cooked().isPresent() ? "write it in quotes instead of backticks"
        : "write the value itself";
    problems.add(at(v, name + " is " + JsValue.describe(v) + ": Netlify reads config without running the code, so it"
        + " ignores it; " + fix, Rule.CONFIG));
    return false;
  }

  private static boolean isLiteral(JsValue v) {
    return v instanceof JsValue.Str || v instanceof JsValue.Num || v instanceof JsValue.Bool || v instanceof JsValue.Null
        || v instanceof JsValue.Arr || v instanceof JsValue.Obj;
  }

  private Optional<String> string(String key, boolean stops) {
    return typed(key, JsValue.Str.class, "a string", stops).map(JsValue.Str::value);
  }

  private Optional<Boolean> bool(String key) {
    return typed(key, JsValue.Bool.class, "true or false", false).map(JsValue.Bool::value);
  }

  private Optional<Double> number(String key) {
    return typed(key, JsValue.Num.class, "a number", false).map(JsValue.Num::value);
  }

  /** The value of {@code key} when it is a {@code type}; reported (as {@code expected}) when it is something else. */
  private <T extends JsValue> Optional<T> typed(String key, Class<T> type, String expected, boolean stops) {
    Optional<JsValue> v = value(key);
    if (v.isEmpty() || !readable("config." + key, v.get())) return Optional.empty();
    if (type.isInstance(v.get())) return Optional.of(type.cast(v.get()));
    wrongType("config." + key, v.get(), expected, stops, Rule.CONFIG);
    return Optional.empty();
  }

  private Optional<String> oneOf(String key, List<String> allowed, boolean stops) {
    Optional<String> s = string(key, stops);
    if (s.isEmpty() || allowed.contains(s.get())) return s;
    problems.add(at(value(key).get(), "config." + key + " \"" + s.get() + "\" is not one of " + String.join(", ", allowed)
        + ": " + (stops ? STOPS : IGNORED) + suggestion(s.get(), allowed), Rule.CONFIG));
    return Optional.empty();
  }

  /** An array of strings; Netlify replaces anything else with an empty list. */
  private List<String> strings(String key) {
    Optional<JsValue> v = value(key);
    if (v.isEmpty() || !readable("config." + key, v.get())) return List.of();
    if (!(v.get() instanceof JsValue.Arr a)) {
      wrongType("config." + key, v.get(), "an array of strings", false, Rule.CONFIG);
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.elements().size(); i++) {
      JsValue e = a.elements().get(i);
      String name = "config." + key + "[" + i + "]";
      if (!readable(name, e)) return List.of();
      if (!(e instanceof JsValue.Str s)) {
        wrongType(name, e, "a string", false, Rule.CONFIG);
        return List.of();
      }
      out.add(s.value());
    }
    return List.copyOf(out);
  }

  /** {@code method}: one of the HTTP methods, or an array of them, any case; upper-cased. */
  private List<String> methods() {
    List<JsValue> items = stringOrArray("method");
    List<String> out = new ArrayList<>();
    for (JsValue item : items) {
      String m = ((JsValue.Str) item).value().toUpperCase(Locale.ROOT);
      if (!METHODS.contains(m)) {
        problems.add(at(item, "config.method \"" + ((JsValue.Str) item).value() + "\" is not an HTTP method Netlify routes: "
            + STOPS + "; use " + String.join(", ", METHODS) + suggestion(m, METHODS), Rule.CONFIG));
        return List.of();
      }
      if (!out.contains(m)) out.add(m);
    }
    return List.copyOf(out);
  }

  /** {@code path} or {@code excludedPath}: a string starting with '/', or an array of them. */
  private List<String> paths(String key) {
    List<JsValue> items = stringOrArray(key);
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (JsValue item : items) {
      String p = ((JsValue.Str) item).value();
      if (!p.startsWith("/")) {
        problems.add(at(item, "config." + key + " \"" + p + "\" must start with '/': " + STOPS + "; write \"/" + p + "\"",
            Rule.PATH));
        return List.of();
      }
      out.add(p);
    }
    return List.copyOf(out);
  }

  private List<Route> routes(String key, List<String> paths, List<String> methods, boolean preferStatic) {
    List<Route> out = new ArrayList<>();
    for (String p : paths) {
      try {
        out.add(Route.of(p, methods, preferStatic));
      } catch (IllegalArgumentException e) {
        JsValue at = locate(key, p);
        problems.add(at(at, "config." + key + " \"" + p + "\" is not a valid URLPattern path: " + e.getMessage() + "; "
            + STOPS, Rule.PATH));
      }
    }
    return List.copyOf(out);
  }

  private JsValue locate(String key, String path) {
    JsValue v = value(key).orElseThrow();
    if (v instanceof JsValue.Arr a) {
      for (JsValue e : a.elements()) if (e instanceof JsValue.Str s && s.value().equals(path)) return e;
    }
    return v;
  }

  /** The strings of a key that takes a string or an array of strings; empty (and reported) when it is neither. */
  private List<JsValue> stringOrArray(String key) {
    Optional<JsValue> v = value(key);
    if (v.isEmpty() || !readable("config." + key, v.get())) return List.of();
    String r = key.equals("method") ? Rule.CONFIG : Rule.PATH;
    if (v.get() instanceof JsValue.Str) return List.of(v.get());
    if (v.get() instanceof JsValue.Arr a) {
      for (int i = 0; i < a.elements().size(); i++) {
        JsValue e = a.elements().get(i);
        if (!(e instanceof JsValue.Str)) {
          String what = isLiteral(e) ? JsValue.describe(e) : JsValue.describe(e) + ", which Netlify cannot read without running the code";
          problems.add(at(e, "config." + key + "[" + i + "] must be a string (found " + what + "): " + STOPS, r));
          return List.of();
        }
      }
      return a.elements();
    }
    wrongType("config." + key, v.get(), "a string or an array of strings", true, r);
    return List.of();
  }

  /** {@code memory}: megabytes as a number, or a string such as "2gb"; 1024 to 4096 MB. */
  private Optional<Integer> memory() {
    Optional<JsValue> v = value("memory");
    if (v.isEmpty() || !readable("config.memory", v.get())) return Optional.empty();
    double mb;
    if (v.get() instanceof JsValue.Num n) {
      mb = n.value();
    } else if (v.get() instanceof JsValue.Str s) {
      Matcher m = MEMORY.matcher(s.value().strip().toLowerCase(Locale.ROOT));
      mb = m.matches() ? Double.parseDouble(m.group(1)) * ("gb".equals(m.group(2)) ? 1024 : 1) : Double.NaN;
    } else {
      wrongType("config.memory", v.get(), "megabytes as a number or a string such as \"2gb\"", true, Rule.CONFIG);
      return Optional.empty();
    }
    if (Double.isNaN(mb) || mb != Math.floor(mb) || mb < 1024 || mb > 4096) {
      problems.add(at(v.get(), "config.memory must be a whole number of megabytes from 1024 to 4096 (\"1gb\" to \"4gb\"): "
          + STOPS, Rule.CONFIG));
      return Optional.empty();
    }
    return Optional.of((int) mb);
  }

  private Optional<Double> vcpu() {
    Optional<JsValue> v = value("vcpu");
    if (v.isEmpty() || !readable("config.vcpu", v.get())) return Optional.empty();
    if (v.get() instanceof JsValue.Num n && n.value() >= 0.5 && n.value() <= 2) return Optional.of(n.value());
    problems.add(at(v.get(), "config.vcpu must be a number from 0.5 to 2 (found " + JsValue.describe(v.get()) + "): " + STOPS,
        Rule.CONFIG));
    return Optional.empty();
  }

  private Optional<String> region() {
    Optional<JsValue> v = value("region");
    if (v.isEmpty() || !readable("config.region", v.get())) return Optional.empty();
    if (v.get() instanceof JsValue.Str s && REGIONS.contains(s.value().toLowerCase(Locale.ROOT))) {
      return Optional.of(s.value().toLowerCase(Locale.ROOT));
    }
    problems.add(at(v.get(), "config.region must be one of " + String.join(", ", REGIONS) + " (found "
        + (v.get() instanceof JsValue.Str s ? "\"" + s.value() + "\"" : JsValue.describe(v.get())) + "): " + STOPS,
        Rule.CONFIG));
    return Optional.empty();
  }

  /**
   * {@code rateLimit} as the manifest's {@code trafficRules}; Netlify drops a rate limit that does
   * not fit its schema (windowLimit and windowSize numbers, action rate_limit|rewrite, aggregateBy
   * domain|ip or a list of them, algorithm sliding_window, to a string).
   */
  private Optional<Map<String, Object>> rateLimit() {
    Optional<JsValue> v = value("rateLimit");
    if (v.isEmpty() || !readable("config.rateLimit", v.get())) return Optional.empty();
    if (!(v.get() instanceof JsValue.Obj o)) {
      wrongType("config.rateLimit", v.get(), "an object", false, Rule.CONFIG);
      return Optional.empty();
    }
    Optional<Double> windowLimit = o.get("windowLimit").map(JsValue.Entry::value).filter(JsValue.Num.class::isInstance)
        .map(n -> ((JsValue.Num) n).value());
    Optional<Double> windowSize = o.get("windowSize").map(JsValue.Entry::value).filter(JsValue.Num.class::isInstance)
        .map(n -> ((JsValue.Num) n).value());
    Optional<String> action = enumString(o, "action", List.of("rate_limit", "rewrite"));
    Optional<String> algorithm = enumString(o, "algorithm", List.of("sliding_window"));
    Optional<String> to = enumString(o, "to", null);
    List<String> aggregate = new ArrayList<>();
    Optional<JsValue> by = o.get("aggregateBy").map(JsValue.Entry::value);
    boolean byOk = true;
    if (by.isPresent() && by.get() instanceof JsValue.Arr a) {
      for (JsValue e : a.elements()) {
        if (e instanceof JsValue.Str s && (s.value().equals("domain") || s.value().equals("ip"))) aggregate.add(s.value());
        else byOk = false;
      }
    } else if (by.isPresent()) {
      byOk = by.get() instanceof JsValue.Str s && (s.value().equals("domain") || s.value().equals("ip"));
    }
    boolean ok = windowLimit.isPresent() && windowSize.isPresent() && byOk
        && (o.get("action").isEmpty() || action.isPresent()) && (o.get("algorithm").isEmpty() || algorithm.isPresent())
        && (o.get("to").isEmpty() || to.isPresent());
    if (!ok) {
      problems.add(at(o, "config.rateLimit needs windowLimit and windowSize numbers, and action (rate_limit or rewrite),"
          + " aggregateBy (domain, ip or a list of them), algorithm (sliding_window) and to (a string) when given: "
          + IGNORED, Rule.CONFIG));
      return Optional.empty();
    }
    // Netlify keeps aggregateBy only when it is a list; a single word counts as the default, domain.
    if (!(by.orElse(null) instanceof JsValue.Arr)) aggregate = List.of("domain");
    Map<String, Object> rateLimitConfig = new LinkedHashMap<>();
    rateLimitConfig.put("windowLimit", ManifestWriter.number(windowLimit.get()));
    rateLimitConfig.put("windowSize", ManifestWriter.number(windowSize.get()));
    rateLimitConfig.put("algorithm", algorithm.orElse("sliding_window"));
    Map<String, Object> actionConfig = new LinkedHashMap<>();
    to.ifPresent(t -> actionConfig.put("to", t));
    actionConfig.put("rateLimitConfig", rateLimitConfig);
    actionConfig.put("aggregate", Map.of("keys", aggregate.stream().map(k -> Map.of("type", k)).toList()));
    Map<String, Object> act = new LinkedHashMap<>();
    act.put("type", action.orElse("rate_limit"));
    act.put("config", actionConfig);
    return Optional.of(Map.of("action", act));
  }

  private static Optional<String> enumString(JsValue.Obj o, String key, List<String> allowed) {
    return o.get(key).map(JsValue.Entry::value).filter(JsValue.Str.class::isInstance).map(s -> ((JsValue.Str) s).value())
        .filter(s -> allowed == null || allowed.contains(s));
  }

  private void wrongType(String name, JsValue v, String expected, boolean stops, String rule) {
    problems.add(at(v, name + " must be " + expected + " (found " + JsValue.describe(v) + "): " + (stops ? STOPS : IGNORED),
        rule));
  }

  private static String suggestion(String value, List<String> allowed) {
    return Suggestions.closest(value, allowed).map(s -> "; did you mean \"" + s + "\"?").orElse("");
  }

  private Problem at(JsValue v, String message, String rule) {
    return new Problem(file, v.line(), v.column(), message, rule);
  }
}
