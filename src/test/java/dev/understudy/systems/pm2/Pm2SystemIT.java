package dev.understudy.systems.pm2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pm2 system as a user meets it: a real daemon from the built jar supervises a temp project's
 * ecosystem (mode replace): a crashing app is restarted, a bad app does not stop the others,
 * {@code ps --json} never shows environment values, app actions and logs work, and the saved set
 * survives a daemon restart.
 */
class Pm2SystemIT {
  @TempDir Path tmp;
  final List<Cli> started = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (Cli c : started) c.stopDaemon();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> apps(Cli cli) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readValue(cli.run("ps", "--json").out(), List.class);
  }

  @Test
  void ecosystemAppsAreSupervisedHere() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("understudy.yml"), "daemon: {port: 0}\npm2: {mode: replace}\ngithubActions: {enabled: false}\n");
    Files.writeString(project.resolve("ticker.js"), """
        console.log('tick started, secret is ' + (process.env.API_KEY ? 'set' : 'unset'));
        setInterval(() => console.log('tick'), 200);
        """);
    Files.writeString(project.resolve("crasher.js"), """
        console.error('crasher going down');
        setTimeout(() => process.exit(3), 1200);
        """);
    Files.writeString(project.resolve("ecosystem.config.js"), """
        module.exports = {apps: [
          {name: 'ticker', script: 'ticker.js', env: {API_KEY: 'sk-very-secret-value'}},
          {name: 'crasher', script: 'crasher.js', restart_delay: 100},
          {name: 'ghost', script: 'does-not-exist.js'},
        ]};
        """);
    Cli cli = new Cli(tmp.resolve("home"));
    started.add(cli);
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      List<Map<String, Object>> ps = apps(cli);
      assertThat(ps).anySatisfy(a -> assertThat(a).containsEntry("name", "ticker").containsEntry("status", "online"));
      assertThat(ps).anySatisfy(a -> {
        assertThat(a).containsEntry("name", "crasher");
        assertThat(((Number) a.get("restarts")).intValue()).isPositive();
      });
    });
    // A crash every 1.3 s is a loop: the whole-life limit (5 starts in 10 s) ends it in errored.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(apps(cli)).anySatisfy(a -> assertThat(a).containsEntry("name", "crasher").containsEntry("status", "errored")));
    String json = cli.run("ps", "--json").out();
    assertThat(json).doesNotContain("sk-very-secret-value").doesNotContain("API_KEY")
        .contains("\"uptimeMs\"").contains("\"cpu\"").contains("\"memoryBytes\"");
    assertThat(cli.run("status").out()).contains("ghost").contains("does-not-exist.js");

    Cli.Result logs = cli.run("logs", "ticker", "--lines", "5");
    assertThat(logs.out()).contains("tick");
    assertThat(cli.run("logs", "crasher", "--err").out()).contains("crasher going down");

    assertThat(cli.run("stop-app", "ticker").out()).contains("ticker: stopped");
    assertThat(cli.run("save").exit()).isZero();
    assertThat(cli.run("restart").exit()).isZero();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(cli.run("ps").out()).contains("crasher"));
    assertThat(apps(cli)).as("an app saved as stopped is listed stopped, as PM2's resurrect shows it")
        .anySatisfy(a -> assertThat(a).containsEntry("name", "ticker").containsEntry("status", "stopped"));
    assertThat(cli.run("start-app", "ticker").out()).contains("ticker: online");
    Cli.Result unknown = cli.run("restart-app", "tickr");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("did you mean ticker?");
  }
}
