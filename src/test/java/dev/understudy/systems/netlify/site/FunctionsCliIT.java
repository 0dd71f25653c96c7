package dev.understudy.systems.netlify.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code understudy validate} and {@code understudy manifest} on Netlify functions, as a user runs them: the built jar. */
class FunctionsCliIT {
  @TempDir Path tmp;
  Path project;
  Path functions;
  Cli cli;

  @BeforeEach
  void project() throws Exception {
    project = tmp.resolve("project");
    functions = Files.createDirectories(project.resolve("netlify/functions"));
    Files.writeString(project.resolve("netlify.toml"), "[functions.\"nightly\"]\n  schedule = \"@daily\"\n");
    Files.writeString(functions.resolve("hello.mjs"), "export default async () => new Response('hi')\n"
        + "export const config = { path: '/api/hello' }\n");
    Files.writeString(functions.resolve("nightly.js"), "exports.handler = async () => ({ statusCode: 200 })\n");
    Path workflows = Files.createDirectories(project.resolve(".github/workflows"));
    Files.writeString(workflows.resolve("ci.yml"), "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ok\n");
    cli = new Cli(tmp.resolve("home"));
  }

  @Test
  void aProjectIsItsWorkflowsAndItsFunctions() throws Exception {
    Cli.Result clean = cli.run("validate", project.toString());
    assertThat(clean.exit()).as(clean.toString()).isZero();
    assertThat(clean.out()).isEmpty();

    Files.writeString(functions.resolve("broken.mjs"), "export default async () => {\n  return new Response('x'\n}\n");
    Files.writeString(functions.resolve("typo.mts"), "export default async () => new Response('x')\n"
        + "export const config = { paths: ['/typo'], method: 'FETCH' }\n");
    Cli.Result found = cli.run("validate", project.toString());
    assertThat(found.exit()).as(found.toString()).isEqualTo(1);
    assertThat(found.out().lines().toList()).containsExactly(
        functions.resolve("broken.mjs") + ":2:23: SyntaxError: missing ) after argument list; Node cannot load the function"
            + " until this is fixed [syntax]",
        functions.resolve("typo.mts") + ":2:25: unknown config key 'paths': Netlify ignores it; did you mean 'path'? [config]",
        functions.resolve("typo.mts") + ":2:51: config.method \"FETCH\" is not an HTTP method Netlify routes: Netlify"
            + " refuses to deploy the function with it; use GET, POST, PUT, PATCH, OPTIONS, DELETE, HEAD; did you mean"
            + " \"PATCH\"? [config]");

    Cli.Result oneFile = cli.run("validate", "--format", "json", functions.resolve("typo.mts").toString());
    assertThat(oneFile.exit()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(oneFile.out());
    assertThat(json).hasSize(2);
    assertThat(json.get(0).path("line").asInt()).isEqualTo(2);
    assertThat(json.get(0).path("rule").asText()).isEqualTo("config");

    Cli.Result folder = cli.run("validate", functions.toString());
    assertThat(folder.exit()).isEqualTo(1);
    assertThat(folder.out().lines()).hasSize(3);
  }

  @Test
  void manifestWritesNetlifysFormatWhereItSays() throws Exception {
    Cli.Result r = cli.run("manifest", project.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    Path manifest = project.resolve(".netlify/understudy/manifest.json");
    assertThat(r.out().strip()).isEqualTo(manifest + " (2 functions)");
    JsonNode m = new ObjectMapper().readTree(Files.readString(manifest));
    assertThat(m.path("version").asInt()).isEqualTo(1);
    assertThat(m.path("functions").get(0).path("routes").get(0).path("literal").asText()).isEqualTo("/api/hello");
    assertThat(m.path("functions").get(1).path("schedule").asText()).isEqualTo("@daily");

    Path out = tmp.resolve("elsewhere/m.json");
    Cli.Result there = cli.run("manifest", "--out", out.toString(), "--project", project.toString());
    assertThat(there.exit()).as(there.toString()).isZero();
    assertThat(out).exists();

    Cli.Result missing = cli.run("manifest", tmp.resolve("nope").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no such folder");
  }
}
