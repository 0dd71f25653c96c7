package dev.understudy.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.understudy.engine.notify.SmtpServer;
import dev.understudy.testing.Cli;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health loop in a real daemon: an invalid workflow makes its check fail, {@code understudy
 * health} shows it and exits 1, the alert reaches a local webhook (its first delivery refused, so
 * the retry goes through the queue as {@code alert:webhook}), and {@code understudy report} and
 * the loop write their reports.
 */
class HealthIT {
  @TempDir Path tmp;
  Cli cli;
  HttpServer receiver;
  final List<String> received = new CopyOnWriteArrayList<>();
  final AtomicInteger calls = new AtomicInteger();

  final List<String> slack = new CopyOnWriteArrayList<>();
  final List<String> discord = new CopyOnWriteArrayList<>();
  SmtpServer smtp;

  @AfterEach
  void stop() throws Exception {
    if (cli != null) cli.stopDaemon();
    if (receiver != null) receiver.stop(0);
    if (smtp != null) smtp.close();
  }

  /** Records each body posted to {@code path} and answers {@code status}. */
  void receive(String path, List<String> into, int status) {
    receiver.createContext(path, ex -> {
      into.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
  }

  @Test
  void anInvalidWorkflowFailsItsCheckAlertsAndReports() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hook", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      // the first delivery is refused: the retry must come through the durable queue
      int status = calls.getAndIncrement() == 0 ? 503 : 200;
      if (status == 200) received.add(body);
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    receive("/slack/T000/B000/XXXX", slack, 200);
    receive("/discord/api/webhooks/1/TOKEN", discord, 204);
    receiver.start();
    smtp = new SmtpServer(null, "", null);
    int port = receiver.getAddress().getPort();
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("understudy.yml"), """
        health:
          interval: 2s
          intervals: {githubActions: 1s, machine: 1s}
          reports: {keep: 2}
        alerts:
          reminder: 0
          webhook:
            url: http://127.0.0.1:%d/hook
          slack: {url: http://127.0.0.1:%d/slack/T000/B000/XXXX}
          discord: {url: http://127.0.0.1:%d/discord/api/webhooks/1/TOKEN, username: understudy}
          email: {host: 127.0.0.1, port: %d, from: understudy@localhost, to: [ops@localhost], starttls: false}
        pm2:
          enabled: false
        netlifyFunctions:
          enabled: false
        """.formatted(port, port, port, smtp.port()));
    Path workflows = Files.createDirectories(project.resolve(".github/workflows"));
    Files.writeString(workflows.resolve("broken.yml"), """
        name: broken
        on: push
        jobs:
          build:
            steps:
              - run: echo hi
        """);
    cli = new Cli(tmp.resolve("home"));

    Cli.Result none = cli.run("health");
    assertThat(none.exit()).as(none.toString()).isEqualTo(3);

    Cli.Result start = cli.run("start", "--project", project.toString());
    assertThat(start.exit()).as(start.toString()).isZero();

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Cli.Result h = cli.run("health");
      assertThat(h.exit()).as(h.toString()).isEqualTo(1);
      assertThat(h.out()).contains("githubActions/broken.yml/valid").contains("failing");
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Cli.Result json = cli.run("health", "--json");
      assertThat(json.exit()).isEqualTo(1);
      assertThat(json.out()).contains("\"check\" : \"githubActions/broken.yml/valid\"").contains("\"status\" : \"failing\"")
          .contains("machine/home/disk").contains("alert only: githubActions.autoRestore is off")
          .doesNotContain("githubActions/primary/observed"); // no workflow is scheduled: GitHub need not be observed
    });

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(received).anySatisfy(b -> assertThat(b).contains("\"check\":\"githubActions/broken.yml/valid\"")
            .contains("\"kind\":\"problem\"").contains("\"status\":\"failing\"")));
    // the same alert through Slack, Discord and e-mail
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(slack).anySatisfy(b -> assertThat(b).contains("githubActions/broken.yml/valid").contains("failing"));
      assertThat(discord).anySatisfy(b -> assertThat(b).contains("githubActions/broken.yml/valid").contains("\"username\":\"understudy\""));
      assertThat(smtp.mails).anySatisfy(m -> {
        assertThat(m.to()).containsExactly("ops@localhost");
        assertThat(m.data()).contains("Subject:").contains("githubActions/broken.yml/valid");
      });
    });
    Cli.Result status = cli.run("status");
    assertThat(status.out()).as(status.toString()).containsPattern("health +[0-9]+ failing")
        .contains("! githubActions/broken.yml/valid failing: broken.yml is invalid")
        .contains("alert only: githubActions.autoRestore is off");
    Cli.Result history = cli.run("history", "alert:webhook");
    assertThat(history.out()).as(history.toString()).contains("alert:webhook").contains("succeeded");

    Cli.Result report = cli.run("report");
    assertThat(report.exit()).as(report.toString()).isZero();
    Path file = cli.home().resolve("reports/status-report.json");
    assertThat(report.out()).contains(file.toString());
    assertThat(Files.readString(file)).contains("\"kind\" : \"status-report\"").contains("githubActions/broken.yml/valid")
        .contains("recentRuns").contains("alert:webhook");

    // a cycle's report written before the check turned failing says ok: the newest one counts
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      List<Path> reports = healthReports();
      assertThat(reports).isNotEmpty();
      assertThat(Files.readString(reports.get(reports.size() - 1))).contains("\"kind\" : \"health-check\"").contains("\"failing\" : 1");
    });
    // retention: health.reports.keep 2
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(healthReports()).hasSize(2));
  }

  @Test
  void aCrashingAppFailsItsUpCheckAndIsRestartedWithinTheBudget() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("understudy.yml"), """
        health:
          intervals: {pm2: 1s}
          recovery: {max: 1, within: 1h}
        pm2:
          mode: replace
        githubActions:
          enabled: false
        netlifyFunctions:
          enabled: false
        """);
    Files.writeString(project.resolve("ticker.js"), "setInterval(() => {}, 1000);\n");
    Files.writeString(project.resolve("crasher.js"), "setTimeout(() => process.exit(3), 50);\n");
    Files.writeString(project.resolve("ecosystem.config.js"), """
        module.exports = {apps: [
          {name: 'ticker', script: 'ticker.js'},
          {name: 'crasher', script: 'crasher.js', restart_delay: 50, max_restarts: 2},
        ]};
        """);
    cli = new Cli(tmp.resolve("home"));
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Cli.Result h = cli.run("health", "--json");
      assertThat(h.out()).as(h.toString()).contains("\"check\" : \"pm2/crasher/recovery\"".replace("recovery", "up"))
          .contains("restarted app crasher");
    });
    // one recovery within the budget, then given up: the app stays errored and its check failing
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Cli.Result h = cli.run("health");
      assertThat(h.exit()).as(h.toString()).isEqualTo(1);
      assertThat(h.out()).containsPattern("pm2/crasher/up +failing").contains("given up").containsPattern("pm2/ticker/up +ok");
    });
    assertThat(Files.readString(cli.home().resolve("logs/understudy.log"))).contains("health recovery: pm2/crasher/up: restarted app crasher");
  }

  @Test
  void servedFunctionsAreHealthyAndNoneIsInvokedByTheProbe() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("site"));
    Path fns = Files.createDirectories(project.resolve("netlify/functions"));
    Path marker = tmp.resolve("invoked");
    Files.writeString(fns.resolve("legacy.js"), "exports.handler = async () => { require('fs').writeFileSync("
        + "'" + marker + "', 'x'); return { statusCode: 200, body: 'ok' }; };\n");
    Files.writeString(project.resolve("understudy.yml"), """
        health:
          intervals: {netlifyFunctions: 1s}
        netlifyFunctions: {mode: replace}
        pm2: {enabled: false}
        githubActions: {enabled: false}
        """);
    cli = new Cli(tmp.resolve("home"));
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Cli.Result h = cli.run("health");
      assertThat(h.exit()).as(h.toString()).isZero();
      assertThat(h.out()).containsPattern("netlifyFunctions/server/answers +ok").containsPattern("netlifyFunctions/legacy/valid +ok");
    });
    assertThat(marker).doesNotExist();
  }

  List<Path> healthReports() throws IOException {
    Path dir = cli.home().resolve("reports");
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("health-check-")).sorted().toList();
    }
  }
}
