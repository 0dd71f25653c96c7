package dev.understudy.systems.netlify.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.systems.netlify.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestWriterTest {
  @TempDir Path project;

  @Test
  void writesNetlifysManifestShapeInItsKeyOrder() throws IOException {
    Path fns = Files.createDirectories(project.resolve("netlify/functions"));
    Files.writeString(fns.resolve("items.mjs"), "export default async () => new Response('x')\n"
        + "export const config = { path: ['/items/:id', '/items'], excludedPath: '/items/admin', method: 'GET',"
        + " preferStatic: true, name: 'Items', timeout: 10 }");
    Files.writeString(fns.resolve("legacy.js"), "exports.handler = async () => ({ statusCode: 200 })");
    Site site = new SiteReader(Optional.empty()).read(project);
    Path out = ManifestWriter.write(site, ManifestWriter.defaultPath(project), Instant.ofEpochMilli(1700000000000L));

    assertThat(out).isEqualTo(project.resolve(".netlify/understudy/manifest.json"));
    JsonNode m = new ObjectMapper().readTree(Files.readString(out));
    assertThat(m.fieldNames()).toIterable().containsExactly("functions", "system", "timestamp", "version");
    assertThat(m.path("timestamp").asLong()).isEqualTo(1700000000000L);
    assertThat(m.path("version").asInt()).isEqualTo(1);
    assertThat(m.path("system").path("platform").asText()).isEqualTo(ManifestWriter.platform());
    JsonNode items = m.path("functions").get(0);
    assertThat(items.fieldNames()).toIterable().containsExactly("bundler", "displayName", "timeout", "invocationMode",
        "buildData", "mainFile", "name", "priority", "runtimeVersion", "path", "runtime", "routes", "excludedRoutes");
    assertThat(items.path("timeout").isIntegralNumber()).as("10, not 10.0, as JavaScript prints it").isTrue();
    assertThat(items.path("mainFile").asText()).isEqualTo(fns.resolve("items.mjs").toString());
    assertThat(items.path("routes").toString()).isEqualTo("[{\"pattern\":\"/items/:id\",\"expression\":"
        + "\"^\\\\/items(?:\\\\/([^\\\\/]+?))\\\\/?$\",\"methods\":[\"GET\"],\"prefer_static\":true},"
        + "{\"pattern\":\"/items\",\"literal\":\"/items\",\"methods\":[\"GET\"],\"prefer_static\":true}]");
    assertThat(items.path("excludedRoutes").toString()).isEqualTo("[{\"pattern\":\"/items/admin\",\"literal\":\"/items/admin\"}]");
    JsonNode legacy = m.path("functions").get(1);
    assertThat(legacy.has("invocationMode")).as("a v1 function is buffered: Netlify writes no mode").isFalse();
    assertThat(legacy.path("buildData").path("runtimeAPIVersion").asInt()).isEqualTo(1);
    assertThat(project.resolve(".netlify/understudy")).isDirectoryNotContaining(p -> p.toString().endsWith(".tmp"));
  }

  @Test
  void aSiteWithoutFunctionsHasAnEmptyList() throws IOException {
    Site site = new Site(project, Optional.empty(), List.of(), List.of());
    assertThat(ManifestWriter.manifest(site, Instant.EPOCH).get("functions")).isEqualTo(List.of());
  }
}
