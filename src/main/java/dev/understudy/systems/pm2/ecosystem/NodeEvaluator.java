package dev.understudy.systems.pm2.ecosystem;

import dev.understudy.config.ConfigException;
import dev.understudy.util.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
      Map<String, Object> result = JsonReader.object(Files.readString(out, StandardCharsets.UTF_8), "node evaluating " + label);
      if (!Boolean.TRUE.equals(result.get("ok"))) {
        String where = result.get("where") instanceof Map<?, ?> at
            ? label + ":" + number(at.get("line")) + (number(at.get("column")) > 0 ? ":" + number(at.get("column")) : "")
            : label;
        throw new ConfigException(where, "the file throws when node evaluates it: " + text(result.get("name"))
            + ": " + text(result.get("message")) + ": fix the code at this line (try: node " + file.getFileName() + ")");
      }
      return convert(result.get("value"), label);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(label, "cannot evaluate with node: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException(label, "interrupted while node evaluated the file");
    } finally {
      if (dir != null) deleteQuietly(dir);
    }
  }

  /** One value of the harness's JSON, as {@link JsonReader} reads it. */
  static EcoValue convert(Object n, String where) {
    if (n instanceof Map<?, ?> m) {
      if (m.size() == 1 && m.containsKey(NONJSON)) return EcoValue.scalar(EcoValue.Kind.OTHER, text(m.get(NONJSON)), where);
      if (m.size() == 2 && m.containsKey(NONJSON) && m.containsKey("regexp")) return EcoValue.scalar(EcoValue.Kind.REGEX, text(m.get("regexp")), where);
      LinkedHashMap<String, EcoValue> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, convert(v, where)));
      return EcoValue.map(out, Map.of(), where);
    }
    if (n instanceof List<?> items) {
      List<EcoValue> l = new ArrayList<>();
      for (Object item : items) l.add(convert(item, where));
      return EcoValue.list(l, where);
    }
    if (n instanceof String s) return EcoValue.scalar(EcoValue.Kind.STRING, s, where);
    if (n instanceof Long l) return EcoValue.scalar(EcoValue.Kind.NUMBER, EcoValue.jsNumber(BigDecimal.valueOf(l)), where);
    if (n instanceof java.math.BigInteger b) return EcoValue.scalar(EcoValue.Kind.NUMBER, EcoValue.jsNumber(new BigDecimal(b)), where);
    if (n instanceof Double d) return EcoValue.scalar(EcoValue.Kind.NUMBER, EcoValue.jsNumber(new BigDecimal(d.toString())), where);
    if (n instanceof Boolean b) return EcoValue.scalar(EcoValue.Kind.BOOL, b.toString(), where);
    return EcoValue.scalar(EcoValue.Kind.NULL, "null", where);
  }

  private static String text(Object v) {
    return v == null ? "" : v.toString();
  }

  private static long number(Object v) {
    return v instanceof Number n ? n.longValue() : 0;
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
