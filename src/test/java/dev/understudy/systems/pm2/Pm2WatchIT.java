package dev.understudy.systems.pm2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch}, {@code ignore_watch} and {@code shutdown_with_message} through a real daemon: an
 * edit of the app restarts it, ignored files and its own logs (inside the watched directory) do
 * not, and each restart stops the old process with the {@code shutdown} message.
 */
class Pm2WatchIT {
  @TempDir Path tmp;
  Cli cli;

  @AfterEach
  void stop() throws Exception {
    if (cli != null) cli.stopDaemon();
  }

  @Test
  void anEditRestartsTheAppIgnoredFilesAndItsLogsDoNot() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("understudy.yml"), "daemon: {port: 0}\npm2: {mode: replace}\ngithubActions: {enabled: false}\n");
    String app = """
        console.log('up v%d');
        setInterval(() => console.log('tick'), 100);
        process.on('SIGINT', () => console.log('sigint ignored'));
        process.on('message', (m) => { if (m === 'shutdown') { console.log('graceful'); process.exit(0); } });
        """;
    Files.writeString(project.resolve("app.js"), app.formatted(1));
    Files.writeString(project.resolve("ecosystem.config.js"), """
        module.exports = {apps: [{name: 'dev', script: 'app.js', watch: true, ignore_watch: ['logs', /\\.tmp$/],
          shutdown_with_message: true, out_file: 'logs/dev-out.log', kill_timeout: 5000}]};
        """);
    cli = new Cli(tmp.resolve("home"));
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(cli.run("logs", "dev").out()).contains("up v1").contains("tick"));

    Files.writeString(project.resolve("app.js"), app.formatted(2));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(cli.run("logs", "dev", "--lines", "200").out()).contains("graceful").contains("up v2");
      assertThat(status(cli)).containsEntry("status", "online").containsEntry("restarts", 1);
    });

    Files.writeString(project.resolve("scratch.tmp"), "ignored");
    Files.writeString(project.resolve("logs/notes.txt"), "ignored");
    Files.writeString(project.resolve("app.js"), app.formatted(3));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(cli.run("logs", "dev", "--lines", "200").out()).contains("up v3");
      assertThat(status(cli)).containsEntry("status", "online").containsEntry("restarts", 2);
    });
    List<String> restarts = Files.readAllLines(cli.home().resolve("logs/understudy.log")).stream()
        .filter(l -> l.contains("watch_restart")).toList();
    assertThat(restarts).hasSize(2).allMatch(l -> l.contains("app.js changed"));
    assertThat(cli.run("logs", "dev", "--lines", "500").out()).doesNotContain("sigint ignored");
  }

  private static Map<String, Object> status(Cli cli) throws Exception {
    return Pm2SystemIT.apps(cli).stream().filter(a -> a.get("name").equals("dev")).findFirst().orElseThrow();
  }
}
