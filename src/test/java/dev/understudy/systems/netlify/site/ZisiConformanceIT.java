package dev.understudy.systems.netlify.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.systems.netlify.Site;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our manifest against the one Netlify's own tools write for the same project: the fixture
 * {@code src/test/resources/netlify/conformance-site} (every discovery, export and config case),
 * resolved by @netlify/config and bundled by @netlify/zip-it-and-ship-it, both pinned in
 * {@code .ci/tools/package.json}. Every field of every function must match, except {@code path}
 * (Netlify's is the zip it built; ours the source) and {@code buildData.bootstrapVersion} (the
 * version of Netlify's runtime wrapper, which Understudy does not ship). Fails, never skips, when
 * the tools are not installed.
 */
class ZisiConformanceIT {
  static final Path FIXTURE = Path.of("src/test/resources/netlify/conformance-site");
  static final Path SCRIPT = Path.of("src/test/resources/netlify/zisi-manifest.mjs");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void everyFunctionIsWhatNetlifysToolsMakeOfIt() throws Exception {
    Path tools = toolsDir();
    Path project = tmp.resolve("site");
    copy(FIXTURE, project);
    // node_modules cannot live in git (ignored): the helper module Netlify's bundlers resolve, and a
    // node_modules folder inside the functions directory that both sides must skip.
    Files.createDirectories(project.resolve("node_modules/@netlify/functions"));
    Files.writeString(project.resolve("node_modules/@netlify/functions/package.json"),
        "{\"name\": \"@netlify/functions\", \"version\": \"0.0.0\", \"main\": \"index.js\"}");
    Files.writeString(project.resolve("node_modules/@netlify/functions/index.js"),
        "exports.schedule = (cron, handler) => handler\nexports.stream = (handler) => handler\n");
    Files.createDirectories(project.resolve("functions/node_modules"));
    Files.writeString(project.resolve("functions/node_modules/skipped.js"), "exports.handler = async () => ({})\n");

    Map<String, JsonNode> netlify = byName(runZisi(tools, project), project);
    Site site = new SiteReader(Optional.empty()).read(project);
    Map<String, JsonNode> ours = byName(JSON.readTree(JSON.writeValueAsString(ManifestWriter.manifest(site, Instant.now()))), project);

    assertThat(netlify).as("Netlify found functions in the fixture").hasSizeGreaterThan(30);
    assertThat(ours.keySet()).as("function names").containsExactlyElementsOf(netlify.keySet());
    for (String name : netlify.keySet()) {
      assertThat(ours.get(name)).as("function " + name).isEqualTo(netlify.get(name));
    }
  }

  private JsonNode runZisi(Path tools, Path project) throws IOException, InterruptedException {
    Path out = Files.createDirectories(tmp.resolve("zisi-out"));
    Path stdout = tmp.resolve("zisi.stdout");
    Path stderr = tmp.resolve("zisi.stderr");
    Process p = new ProcessBuilder("node", SCRIPT.toAbsolutePath().toString(), tools.toString(), project.toString(),
        out.toString()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("zip-it-and-ship-it finished in 3 minutes").isTrue();
    assertThat(p.exitValue()).as("zip-it-and-ship-it: " + Files.readString(stderr)).isZero();
    return JSON.readTree(Files.readString(stdout, StandardCharsets.UTF_8));
  }

  /** Functions by name, each without the fields that differ on purpose, main files relative to the project. */
  private static Map<String, JsonNode> byName(JsonNode manifest, Path project) {
    assertThat(manifest.path("version").asInt()).isEqualTo(1);
    Map<String, JsonNode> out = new TreeMap<>();
    String prefix = project.toAbsolutePath() + "/";
    for (JsonNode f : manifest.path("functions")) {
      ObjectNode copy = f.deepCopy();
      copy.remove("path");
      ((ObjectNode) copy.path("buildData")).remove("bootstrapVersion");
      copy.put("mainFile", copy.path("mainFile").asText().replace(prefix, ""));
      out.put(f.path("name").asText(), copy);
    }
    return out;
  }

  /** .ci/tools, where .ci/run installs Netlify's tools; a failure saying how to install them when they are missing. */
  static Path toolsDir() throws IOException {
    Path tools = Path.of(System.getProperty("understudy.tools.dir", ".ci/tools")).toAbsolutePath();
    for (String pkg : new String[] {"@netlify/zip-it-and-ship-it", "@netlify/config"}) {
      Path manifest = tools.resolve("node_modules").resolve(pkg).resolve("package.json");
      assertThat(manifest).as(pkg + " is not installed at " + tools + "/node_modules: run 'npm ci --prefix .ci/tools'"
          + " (.ci/run does) to compare with Netlify's own tools").exists();
    }
    return tools;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
  }
}
