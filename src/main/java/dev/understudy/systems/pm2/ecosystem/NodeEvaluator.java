package dev.understudy.systems.pm2.ecosystem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates an {@code ecosystem.config.js|cjs|mjs} with {@code node}, as PM2 does (the file is
 * code: it may read {@code process.env}, compute paths, require modules), through the harness in
 * {@code src/main/resources/node/ecosystem-harness.js}. The working directory is the file's
 * directory; the environment is the one given.
 */
final class NodeEvaluator {
  static final String NONJSON = "__understudy_nonjson__";
  private static final String HARNESS = "/node/ecosystem-harness.js";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String node;
  private final Duration timeout;
  private final Map<String, String> env;

  NodeEvaluator(String node, Duration timeout, Map<String, String> env) {
    this.node = node;
    this.timeout = timeout;
    this.env = env;
  }

  EcoValue evaluate(Path file) {
    String label = file.toString();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("understudy-eco");
      Path harness = dir.resolve("ecosystem-harness.js");
      try (InputStream in = NodeEvaluator.class.getResourceAsStream(HARNESS)) {
        if (in == null) throw new IllegalStateException("resource " + HARNESS + " is missing from the build");
        Files.copy(in, harness);
      }
      Path out = dir.resolve("out.json");
      Path log = dir.resolve("node.log");
      ProcessBuilder pb = new ProcessBuilder(node, harness.toString(), file.toString(), out.toString())
          .directory(file.toAbsolutePath().getParent().toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new ConfigException(label, "cannot run '" + node + "' to evaluate the file (" + e.getMessage()
            + "): install Node.js 18 or newer, or write the apps as ecosystem.json / ecosystem.yml");
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new ConfigException(label, "evaluating the file with node took longer than " + timeout.toMillis()
            + " ms: it must export its configuration without waiting (no server, no pending work at load)");
      }
      if (!Files.exists(out)) {
        String said = tail(log);
        throw new ConfigException(label, "node exited with code " + p.exitValue() + " before exporting the configuration"
            + (said.isEmpty() ? "" : " (" + said + ")") + ": make the file export its configuration without exiting the process");
      }
      JsonNode result = JSON.readTree(out.toFile());
      if (!result.path("ok").asBoolean()) {
        JsonNode at = result.path("where");
        String where = at.isObject()
            ? label + ":" + at.path("line").asInt() + (at.path("column").asInt() > 0 ? ":" + at.path("column").asInt() : "")
            : label;
        throw new ConfigException(where, "the file throws when node evaluates it: " + result.path("name").asText()
            + ": " + result.path("message").asText() + ": fix the code at this line (try: node " + file.getFileName() + ")");
      }
      return convert(result.path("value"), label);
    } catch (IOException e) {
      throw new ConfigException(label, "cannot evaluate with node: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException(label, "interrupted while node evaluated the file");
    } finally {
      if (dir != null) deleteQuietly(dir);
    }
  }

  static EcoValue convert(JsonNode n, String where) {
    if (n.isObject()) {
      if (n.size() == 1 && n.has(NONJSON)) return EcoValue.scalar(EcoValue.Kind.OTHER, n.get(NONJSON).asText(), where);
      if (n.size() == 2 && n.has(NONJSON) && n.has("regexp")) return EcoValue.scalar(EcoValue.Kind.REGEX, n.get("regexp").asText(), where);
      LinkedHashMap<String, EcoValue> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), convert(e.getValue(), where));
      }
      return EcoValue.map(m, Map.of(), where);
    }
    if (n.isArray()) {
      List<EcoValue> l = new ArrayList<>();
      for (JsonNode item : n) l.add(convert(item, where));
      return EcoValue.list(l, where);
    }
    if (n.isTextual()) return EcoValue.scalar(EcoValue.Kind.STRING, n.asText(), where);
    if (n.isNumber()) return EcoValue.scalar(EcoValue.Kind.NUMBER, EcoValue.jsNumber(n.decimalValue()), where);
    if (n.isBoolean()) return EcoValue.scalar(EcoValue.Kind.BOOL, String.valueOf(n.asBoolean()), where);
    return EcoValue.scalar(EcoValue.Kind.NULL, "null", where);
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8).strip();
      return s.length() > 300 ? "..." + s.substring(s.length() - 300) : s;
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
