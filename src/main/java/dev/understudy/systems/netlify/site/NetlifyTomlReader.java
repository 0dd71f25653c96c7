package dev.understudy.systems.netlify.site;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.systems.netlify.Site.Problem;
import dev.understudy.systems.netlify.site.NetlifyToml.Located;
import dev.understudy.systems.netlify.site.NetlifyToml.Section;
import dev.understudy.util.Suggestions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads netlify.toml with Jackson's TOML reader and checks the functions settings the way
 * @netlify/config validates them ({@code validate/validations.js}): types, node bundler names,
 * cron schedules, {@code directory} only on {@code [functions]}. Unknown keys in a functions section
 * are reported too: Netlify ignores them silently.
 */
final class NetlifyTomlReader {
  /** What @netlify/config treats as function settings ({@code FUNCTION_CONFIG_PROPERTIES}), and {@code name}. */
  static final Set<String> SECTION_KEYS = Set.of("deno_import_map", "directory", "external_node_modules",
      "ignored_node_modules", "included_files", "memory", "node_bundler", "region", "schedule", "vcpu", "name");
  private static final List<String> BUNDLERS = List.of("esbuild", "nft", "zisi", "none");
  private static final String STOPS = "Netlify's build stops on it";

  private final Path path;
  private final String file;
  private final TomlPositions positions;
  private final List<Problem> problems = new ArrayList<>();

  private NetlifyTomlReader(Path path, String text) {
    this.path = path;
    this.file = path.toString();
    this.positions = new TomlPositions(text);
  }

  /** netlify.toml in {@code dir}; {@link NetlifyToml#NONE} when there is none. */
  static NetlifyToml read(Path dir) throws IOException {
    Path path = dir.resolve("netlify.toml");
    if (!Files.isRegularFile(path)) return NetlifyToml.NONE;
    String text = Files.readString(path, StandardCharsets.UTF_8);
    return new NetlifyTomlReader(path, text).read(text);
  }

  private NetlifyToml read(String text) throws IOException {
    JsonNode root;
    try {
      root = TomlTree.read(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      problems.add(new Problem(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
          "netlify.toml is not valid TOML: " + e.getOriginalMessage() + "; fix it (Netlify cannot build the site either)",
          Rule.TOML));
      return new NetlifyToml(Optional.of(path), Optional.empty(), Optional.empty(), List.of(), problems);
    }
    JsonNode build = field(root, "build", "Build");
    Optional<Located> base = Optional.empty(), legacyDirectory = Optional.empty();
    if (build != null && !build.isObject()) {
      problems.add(problem(List.of("build"), "build must be a table ([build]): " + STOPS));
    } else if (build != null) {
      base = string(build, List.of("build"), "base", "Base");
      legacyDirectory = string(build, List.of("build"), "functions", "Functions");
    }
    JsonNode functions = root.get("functions");
    List<Section> sections = new ArrayList<>();
    Optional<Located> directory = Optional.empty();
    if (functions != null && !functions.isObject()) {
      problems.add(problem(List.of("functions"), "functions must be a table ([functions]): " + STOPS));
    } else if (functions != null) {
      Map<String, JsonNode> normalized = normalize((ObjectNode) functions);
      JsonNode star = normalized.get("*");
      if (star != null && star.isObject()) directory = string(star, tablePath("*"), "directory");
      normalized.forEach((pattern, node) -> section(pattern, node).ifPresent(sections::add));
    }
    Optional<Located> legacy = legacyDirectory;
    return new NetlifyToml(Optional.of(path), base, directory.or(() -> legacy), sections, problems);
  }

  /**
   * {@code [functions]}'s own setting keys (a string, a list) become the {@code "*"} section, as
   * @netlify/config's {@code normalizeFunctionsProps} does; a table is a function pattern.
   */
  private static Map<String, JsonNode> normalize(ObjectNode functions) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    ObjectNode star = JsonNodeFactory.instance.objectNode();
    JsonNode explicitStar = functions.get("*");
    for (Iterator<Map.Entry<String, JsonNode>> it = functions.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("*")) continue;
      if (SECTION_KEYS.contains(e.getKey()) && !e.getKey().equals("name") && !isSettingsTable(e.getValue())) {
        star.set(e.getKey(), e.getValue());
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    if (explicitStar != null && explicitStar.isObject()) star.setAll((ObjectNode) explicitStar); // [functions."*"] wins
    Map<String, JsonNode> ordered = new LinkedHashMap<>();
    ordered.put("*", star);
    ordered.putAll(out);
    return ordered;
  }

  private static boolean isSettingsTable(JsonNode v) {
    if (!v.isObject()) return false;
    for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
      if (!SECTION_KEYS.contains(it.next())) return false;
    }
    return true;
  }

  private Optional<Section> section(String pattern, JsonNode node) {
    List<String> at = tablePath(pattern);
    if (!node.isObject()) {
      problems.add(problem(at, label(at) + " must be a table of settings, e.g. [functions.\"" + pattern + "\"] with"
          + " schedule = \"@daily\": " + STOPS));
      return Optional.empty();
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (SECTION_KEYS.contains(key)) continue;
      String hint = Suggestions.closest(key, SECTION_KEYS).map(k -> "did you mean " + k + "?")
          .orElse("the settings are " + String.join(", ", new java.util.TreeSet<>(SECTION_KEYS)));
      problems.add(problem(child(at, key), label(child(at, key)) + " is not a Netlify functions setting: Netlify ignores it; "
          + hint));
    }
    if (!pattern.equals("*") && node.has("directory")) {
      problems.add(problem(child(at, "directory"), label(child(at, "directory")) + " must be set on [functions] itself,"
          + " not on one function: " + STOPS));
    }
    Optional<String> schedule = string(node, at, "schedule").map(Located::value);
    if (schedule.isPresent()) {
      Optional<String> bad = CronCheck.check(schedule.get());
      if (bad.isPresent()) {
        problems.add(problem(child(at, "schedule"), label(child(at, "schedule")) + ": " + bad.get()));
        schedule = Optional.empty();
      }
    }
    Optional<String> bundler = string(node, at, "node_bundler").map(Located::value);
    if (bundler.isPresent() && !BUNDLERS.contains(bundler.get())) {
      problems.add(problem(child(at, "node_bundler"), label(child(at, "node_bundler")) + " \"" + bundler.get()
          + "\" must be one of " + String.join(", ", BUNDLERS) + ": " + STOPS
          + Suggestions.closest(bundler.get(), BUNDLERS).map(s -> "; did you mean \"" + s + "\"?").orElse("")));
      bundler = Optional.empty();
    }
    string(node, at, "region");
    string(node, at, "deno_import_map");
    checkMemory(node, at);
    checkVcpu(node, at);
    return Optional.of(new Section(pattern, schedule, strings(node, at, "included_files"),
        strings(node, at, "external_node_modules"), strings(node, at, "ignored_node_modules"), bundler,
        string(node, at, "name").map(Located::value)));
  }

  private void checkMemory(JsonNode node, List<String> at) {
    JsonNode v = node.get("memory");
    if (v != null && !v.isNumber() && !v.isTextual()) {
      problems.add(problem(child(at, "memory"), label(child(at, "memory")) + " must be a number (in MB) or a string with"
          + " a unit (e.g. \"2gb\"): " + STOPS));
    }
  }

  private void checkVcpu(JsonNode node, List<String> at) {
    JsonNode v = node.get("vcpu");
    if (v != null && !(v.isNumber() && v.asDouble() >= 0.5 && v.asDouble() <= 2)) {
      problems.add(problem(child(at, "vcpu"), label(child(at, "vcpu")) + " must be a number between 0.5 and 2: " + STOPS));
    }
  }

  private Optional<Located> string(JsonNode table, List<String> at, String... names) {
    for (String key : names) {
      JsonNode v = table.get(key);
      if (v == null) continue;
      List<String> where = child(at, key);
      if (!v.isTextual()) {
        problems.add(problem(where, label(where) + " must be a string: " + STOPS));
        return Optional.empty();
      }
      if (v.asText().isEmpty()) return Optional.empty(); // Netlify treats "" as unset
      TomlPositions.Position p = positions.find(written(where)).orElse(new TomlPositions.Position(0, 0));
      return Optional.of(new Located(v.asText(), label(where), p.line(), p.column()));
    }
    return Optional.empty();
  }

  private List<String> strings(JsonNode table, List<String> at, String key) {
    JsonNode v = table.get(key);
    if (v == null) return List.of();
    List<String> out = new ArrayList<>();
    boolean ok = v.isArray();
    if (ok) {
      for (JsonNode item : v) {
        if (!item.isTextual()) ok = false;
        else out.add(item.asText());
      }
    }
    if (!ok) {
      problems.add(problem(child(at, key), label(child(at, key)) + " must be an array of strings, e.g. [\"a\", \"b/**\"]: "
          + STOPS));
      return List.of();
    }
    return List.copyOf(out);
  }

  private static JsonNode field(JsonNode root, String... names) {
    for (String n : names) {
      if (root.has(n)) return root.get(n);
    }
    return null;
  }

  private static List<String> tablePath(String pattern) {
    return List.of("functions", pattern);
  }

  /**
   * Where a setting is written: the {@code "*"} section's keys may sit on {@code [functions]}
   * itself, so {@code functions.*.schedule} may be written as {@code functions.schedule}.
   */
  private List<String> written(List<String> path) {
    if (path.size() > 2 && path.get(1).equals("*") && positions.exact(path).isEmpty()) {
      List<String> flat = new ArrayList<>(path);
      flat.remove(1);
      if (positions.exact(flat).isPresent()) return List.copyOf(flat);
    }
    return path;
  }

  private static List<String> child(List<String> at, String key) {
    List<String> out = new ArrayList<>(at);
    out.add(key);
    return List.copyOf(out);
  }

  private String label(List<String> path) {
    StringBuilder b = new StringBuilder();
    for (String p : written(path)) {
      if (b.length() > 0) b.append('.');
      b.append(p.matches("[A-Za-z0-9_-]+") ? p : "\"" + p.replace("\"", "\\\"") + "\"");
    }
    return b.toString();
  }

  private Problem problem(List<String> where, String message) {
    TomlPositions.Position p = positions.find(written(where)).orElse(new TomlPositions.Position(0, 0));
    return new Problem(file, p.line(), p.column(), message, Rule.TOML);
  }
}
