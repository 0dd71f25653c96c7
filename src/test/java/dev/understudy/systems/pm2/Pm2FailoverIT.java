package dev.understudy.systems.pm2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.systems.pm2.watch.RealPm2;
import dev.understudy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover against the real PM2 from npm (its own PM2_HOME): while PM2 runs the ecosystem the
 * daemon only watches; when PM2 dies the apps run here within takeoverAfter; when PM2 is back with
 * the apps online, the copies here stop.
 */
class Pm2FailoverIT {
  @TempDir Path tmp;
  RealPm2 pm2;
  Cli cli;

  @AfterEach
  void cleanUp() throws Exception {
    if (cli != null) cli.stopDaemon();
    if (pm2 != null) pm2.kill();
  }

  @Test
  void takesTheAppsOverWhilePm2IsGoneAndHandsThemBack() throws Exception {
    pm2 = RealPm2.in(tmp);
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("ticker.js"), "setInterval(() => console.log('tick'), 200);\n");
    Files.writeString(project.resolve("ecosystem.config.js"), "module.exports = {apps: [{name: 'ticker', script: 'ticker.js', cwd: __dirname}]};\n");
    Files.writeString(project.resolve("understudy.yml"), "daemon: {port: 0}\ngithubActions: {enabled: false}\n"
        + "pm2: {mode: failover, home: '" + pm2.home + "', bin: '" + pm2.bin + "', takeoverAfter: 1s, watchInterval: 200ms}\n");
    pm2.run("start", project.resolve("ecosystem.config.js").toString());

    cli = new Cli(tmp.resolve("home"));
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cli.run("status").out()).contains("PM2 answers"));
    assertThat(cli.run("ps").out()).contains("No supervised processes.");

    pm2.run("kill");
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(cli.run("ps").out()).containsPattern("ticker\\s+\\d+\\s+online");
      assertThat(cli.run("status").out()).contains("running [ticker] here");
    });

    pm2.run("start", project.resolve("ecosystem.config.js").toString());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cli.run("ps").out()).doesNotContainPattern("ticker\\s+\\d+\\s+online"));
    assertThat(cli.run("status").out()).contains("PM2 answers");
  }
}
