package dev.understudy.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.testing.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics, start-system/stop-system, ensure and the self-test, as a user meets them. */
class LifecycleMetricsIT {
  @TempDir Path tmp;
  final List<Cli> started = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (Cli c : started) c.stopDaemon();
  }

  Cli cli(String name) {
    Cli c = new Cli(tmp.resolve(name));
    started.add(c);
    return c;
  }

  record Answer(int status, String body) {}

  static Answer get(String url, String token) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(30000);
    if (token != null) c.setRequestProperty("Authorization", "Bearer " + token);
    int status = c.getResponseCode();
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static boolean answers(String url) {
    try {
      return get(url, null).status() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  Path site(String yaml) throws IOException {
    Path project = Files.createDirectories(tmp.resolve("site-" + System.nanoTime()));
    Path fns = Files.createDirectories(project.resolve("netlify/functions"));
    Files.writeString(fns.resolve("hello.mjs"), "export default async () => new Response('hello');\n");
    Files.writeString(project.resolve("understudy.yml"), yaml);
    return project;
  }

  static final String JOBS = """
      pm2: {enabled: false}
      netlifyFunctions: {mode: replace, port: 0}
      jobs:
        hello:
          command: ["true"]
      """;

  @Test
  void metricsNeedTheTokenAndCountRunsAndRequests() throws Exception {
    Cli cli = cli("home");
    Path project = site(JOBS);
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    DaemonInfo info = new DaemonHome(cli.home()).readDaemonInfo().orElseThrow();
    String token = Files.readString(cli.home().resolve("token")).trim();

    Answer none = get(info.baseUrl() + "/metrics", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body()).contains("metrics.public: true");
    assertThat(get(info.baseUrl() + "/metrics", "wrong").status()).isEqualTo(401);

    assertThat(cli.run("run", "job", "hello", "--wait").exit()).isZero();
    String origin = functionsOrigin(cli);
    assertThat(get(origin + "/.netlify/functions/hello", null).body()).isEqualTo("hello");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Answer m = get(info.baseUrl() + "/metrics", token);
      assertThat(m.status()).isEqualTo(200);
      assertThat(m.body())
          .containsPattern("understudy_job_runs_total\\{[^}]*outcome=\"succeeded\"[^}]*system=\"jobs\"[^}]*trigger=\"manual\"[^}]*} 1")
          .containsPattern("understudy_function_requests_seconds_count\\{function=\"hello\",status=\"200\"} 1")
          .contains("understudy_function_requests_seconds_bucket")
          .contains("understudy_queue_depth ")
          .contains("understudy_queue_oldest_age_seconds ")
          .contains("understudy_daemon_heap_used_bytes ")
          .contains("understudy_daemon_threads ")
          .contains("understudy_daemon_store_up 1.0")
          .contains("understudy_daemon_scheduler_lag_seconds ");
    });
    Cli.Result status = cli.run("status", "--json");
    assertThat(status.out()).contains("\"heapUsedBytes\"").contains("\"storeUp\" : true").contains("\"threads\"");
  }

  @Test
  void metricsArePublicWhenTheConfigSaysSo() throws Exception {
    Cli cli = cli("home");
    Path project = site("pm2: {enabled: false}\nnetlifyFunctions: {enabled: false}\nmetrics:\n  public: true\n");
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    DaemonInfo info = new DaemonHome(cli.home()).readDaemonInfo().orElseThrow();
    Answer m = get(info.baseUrl() + "/metrics", null);
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.body()).contains("# TYPE understudy_queue_depth gauge");
  }

  @Test
  void stopSystemStopsTheFunctionsAndStartSystemAndEnsureBringThemBack() throws Exception {
    Cli cli = cli("home");
    Path project = site(JOBS);
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    String origin = functionsOrigin(cli);
    assertThat(answers(origin + "/.netlify/functions/hello")).isTrue();

    Cli.Result typo = cli.run("stop-system", "netlifyFunction");
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err()).contains("no system 'netlifyFunction'").contains("did you mean 'netlifyFunctions'?");
    Cli.Result git = cli.run("start-system", "gitsync");
    assertThat(git.exit()).isEqualTo(1);
    assertThat(git.err()).contains("gitSync is not built yet");

    Cli.Result stop = cli.run("stop-system", "NETLIFYFUNCTIONS");
    assertThat(stop.exit()).as(stop.toString()).isZero();
    assertThat(stop.out()).contains("netlifyFunctions stopped");
    assertThat(answers(origin + "/.netlify/functions/hello")).isFalse();
    assertThat(cli.run("stop-system", "netlifyFunctions").out()).contains("netlifyFunctions is not running");
    Cli.Result status = cli.run("status");
    assertThat(status.out()).contains("netlifyFunctions STOPPED").containsPattern("daemon   heap \\d+ of \\d+ MB, \\d+ threads, store up");

    Cli.Result startSys = cli.run("start-system", "netlifyfunctions");
    assertThat(startSys.exit()).as(startSys.toString()).isZero();
    assertThat(startSys.out()).contains("netlifyFunctions started");
    String again = functionsOrigin(cli);
    assertThat(get(again + "/.netlify/functions/hello", null).body()).isEqualTo("hello");

    assertThat(cli.run("stop-system", "netlifyFunctions").exit()).isZero();
    Cli.Result ensure = cli.run("ensure");
    assertThat(ensure.exit()).as(ensure.toString()).isZero();
    assertThat(ensure.out()).contains("started system netlifyFunctions");
    assertThat(get(functionsOrigin(cli) + "/.netlify/functions/hello", null).body()).isEqualTo("hello");
    Cli.Result twice = cli.run("ensure");
    assertThat(twice.exit()).isZero();
    assertThat(twice.out().trim()).isEqualTo("nothing to change: everything that should run runs");

    Cli.Result restart = cli.run("restart-system", "githubActions");
    assertThat(restart.exit()).as(restart.toString()).isZero();
    assertThat(restart.out()).contains("githubActions restarted");
  }

  @Test
  void selfTestPassesOnAGoodProjectAndFailsOnABrokenWorkflow() throws Exception {
    Cli cli = cli("home");
    Path project = site(JOBS);
    Path wf = Files.createDirectories(project.resolve(".github/workflows"));
    Files.writeString(wf.resolve("ci.yml"), "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n");
    Cli.Result noDaemon = cli.run("test", "--project", project.toString());
    assertThat(noDaemon.exit()).as(noDaemon.toString()).isZero();
    assertThat(noDaemon.out()).contains("ok    workflows  (1 valid)").contains("ok    function").contains("ok    store")
        .contains("no daemon is running");

    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    Cli.Result withDaemon = cli.run("test", "--project", project.toString());
    assertThat(withDaemon.exit()).as(withDaemon.toString()).isZero();
    assertThat(withDaemon.out()).contains("ok    queue  (a trivial job ran through the daemon's queue");

    Files.writeString(wf.resolve("broken.yml"), "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ nope.x }}\n");
    Cli.Result broken = cli.run("test", "--project", project.toString());
    assertThat(broken.exit()).as(broken.toString()).isEqualTo(1);
    assertThat(broken.out()).contains("FAIL  workflows").contains("broken.yml:6:");
  }

  @Test
  void stopSystemPm2StopsItsAppsAndStartSystemBringsThemBack() throws Exception {
    Cli cli = new Cli(tmp.resolve("home"), java.util.Map.of("PM2_HOME", tmp.resolve("pm2").toString()));
    started.add(cli);
    Path project = Files.createDirectories(tmp.resolve("apps"));
    Files.writeString(project.resolve("tick.js"), "setInterval(() => {}, 1000);\n");
    Files.writeString(project.resolve("ecosystem.config.json"), "{\"apps\": [{\"name\": \"tick\", \"script\": \"tick.js\"}]}\n");
    Files.writeString(project.resolve("understudy.yml"),
        "pm2: {mode: replace}\nnetlifyFunctions: {enabled: false}\nmetrics: {public: true}\n");
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    DaemonInfo info = new DaemonHome(cli.home()).readDaemonInfo().orElseThrow();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(get(info.baseUrl() + "/metrics", null).body()).contains("understudy_process_up{app=\"tick\"} 1.0")
            .contains("understudy_process_memory_bytes{app=\"tick\"}"));

    Cli.Result stop = cli.run("stop-system", "pm2");
    assertThat(stop.exit()).as(stop.toString()).isZero();
    Cli.Result ps = cli.run("ps");
    assertThat(ps.exit()).isNotZero();
    assertThat(ps.err()).contains("start-system pm2");
    assertThat(get(info.baseUrl() + "/metrics", null).body()).doesNotContain("app=\"tick\"");

    assertThat(cli.run("start-system", "pm2").exit()).isZero();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cli.run("ps").out()).contains("tick").contains("online"));
    assertThat(cli.run("ensure").out().trim()).isEqualTo("nothing to change: everything that should run runs");
  }

  /** Where the functions answer, as status shows it. */
  static String functionsOrigin(Cli cli) throws Exception {
    Cli.Result status = cli.run("status", "--json");
    Matcher m = Pattern.compile("\"url\" : \"(http://[^\"]+)\"").matcher(status.out());
    assertThat(m.find()).as(status.toString()).isTrue();
    return m.group(1);
  }
}
