package dev.understudy.systems.netlify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.testing.Cli;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A site's functions as a user meets them through the daemon: served, invoked, broken, restored. */
class FunctionsDaemonIT {
  static final String HELLO = """
      export default async (req, context) => new Response(`Hello, ${context.params.name}`);
      export const config = { path: "/hello/:name" };
      """;

  @TempDir Path tmp;
  Cli cli;

  @AfterEach
  void stop() throws Exception {
    if (cli != null) cli.stopDaemon();
  }

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servedInvokedBrokenAndRestored() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("site"));
    Path fns = Files.createDirectories(project.resolve("netlify/functions"));
    Files.writeString(fns.resolve("hello.mjs"), HELLO);
    Files.writeString(fns.resolve("legacy.js"), "exports.handler = async (event) => ({ statusCode: 200, body: event.httpMethod + ' ' + (event.body || '') });\n");
    Files.writeString(project.resolve("understudy.yml"), "netlifyFunctions: {mode: replace}\npm2: {enabled: false}\n");
    cli = new Cli(tmp.resolve("home"));
    Cli.Result start = cli.run("start", "--project", project.toString());
    assertThat(start.exit()).as(start.toString()).isZero();

    Cli.Result status = cli.run("status");
    Matcher url = Pattern.compile("functions  2 at (http://127\\.0\\.0\\.1:\\d+)").matcher(status.out());
    assertThat(url.find()).as(status.toString()).isTrue();
    String origin = url.group(1);
    assertThat(get(origin + "/hello/Ada").body()).isEqualTo("Hello, Ada");
    assertThat(get(origin + "/.netlify/functions/legacy").body()).isEqualTo("GET ");
    assertThat(Files.readString(project.resolve(".netlify/understudy/manifest.json"))).containsPattern("\"name\" ?: \"hello\"");

    Cli.Result run = cli.run("run", "function", "legacy", "--payload", "{\"a\": 1}", "--project", project.toString());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("HTTP/1.1 200").contains("POST {\"a\": 1}");
    Cli.Result unknown = cli.run("run", "function", "helo", "--project", project.toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no function 'helo'").contains("did you mean 'hello'?");

    Files.writeString(fns.resolve("hello.mjs"), "export default async () => new Response('hi';\n");
    await().atMost(Duration.ofSeconds(20)).until(() -> get(origin + "/hello/Ada").statusCode() == 404);
    Cli.Result broken = cli.run("status");
    assertThat(broken.out()).containsPattern("hello +invalid").contains("hello.mjs:1:");

    Cli.Result restore = cli.run("restore", "function", "hello", "--project", project.toString());
    assertThat(restore.exit()).as(restore.toString()).isZero();
    assertThat(restore.out()).contains("restored netlify/functions/hello.mjs").contains("the replaced file is kept at");
    await().atMost(Duration.ofSeconds(20)).until(() -> get(origin + "/hello/Bo").body().equals("Hello, Bo"));
    Cli.Result backups = cli.run("backups", "function", "hello", "--project", project.toString());
    assertThat(backups.out()).contains("hello.mjs: 1 good copy").contains("= current file");
  }
}
