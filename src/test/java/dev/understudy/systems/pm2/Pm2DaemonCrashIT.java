package dev.understudy.systems.pm2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.daemon.DaemonHome;
import dev.understudy.testing.Cli;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real daemon: the apps keep serving while it is gone, the next daemon adopts
 * them (same pids, their logs still written, a cluster still reloads), an app whose lines the
 * daemon timestamps died with it and is started once more, and afterwards exactly one copy of
 * each app runs (processes counted by a marker in their command line; a warm spare, which has the
 * app's command line but runs no app until a restart, is not a copy: see docs/PM2.md).
 */
class Pm2DaemonCrashIT {
  @TempDir Path tmp;
  Cli cli;
  final String marker = "mark" + UUID.randomUUID().toString().replace("-", "");

  @AfterEach
  void stop() throws Exception {
    if (cli != null) cli.stopDaemon();
    for (String app : List.of("web", "solo", "solo-child", "stamped")) {
      for (long pid : pidsOf(app)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void appsOutliveAKilledDaemonAndAreAdoptedNeverDuplicated() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("understudy.yml"), "daemon: {port: 0}\npm2: {mode: replace}\ngithubActions: {enabled: false}\n");
    Files.writeString(project.resolve("server.js"), """
        require('http').createServer((q, r) => { console.log('hit ' + q.url); r.end('ok'); }).listen(Number(process.env.PORT));
        """);
    Files.writeString(project.resolve("solo.js"), """
        const m = process.argv[2];
        require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', m + '-child'], {stdio: 'ignore'});
        setInterval(() => {}, 1000);
        process.send('ready'); // wait_ready in fork mode: the app runs in the Node wrapper, which has process.send
        """);
    Files.writeString(project.resolve("stamped.sh"), "while true; do echo tick; sleep 0.3; done\n");
    Files.writeString(project.resolve("ecosystem.config.js"), """
        module.exports = {apps: [
          {name: 'web', script: 'server.js', args: ['%1$s-web'], instances: 2, exec_mode: 'cluster', env: {PORT: '%2$d'}},
          {name: 'solo', script: 'solo.js', args: ['%1$s-solo'], wait_ready: true},
          {name: 'stamped', script: 'stamped.sh', args: ['%1$s-stamped'], time: true},
        ]};
        """.formatted(marker, port));
    cli = new Cli(tmp.resolve("home"));
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(Pm2SystemIT.apps(cli)).extracting(a -> a.get("status")).containsOnly("online").hasSize(3);
      assertOneCopyEach();
    });
    assertThat(get(port, "/before")).isEqualTo("ok");
    Map<String, Object> before = byName(Pm2SystemIT.apps(cli));

    // The crash.
    long daemonPid = new DaemonHome(cli.home()).readDaemonInfo().orElseThrow().pid();
    ProcessHandle daemon = ProcessHandle.of(daemonPid).orElseThrow();
    daemon.destroyForcibly();
    daemon.onExit().get();
    // While no daemon runs, the apps that write their own logs keep serving; the timestamped one died with it.
    assertThat(get(port, "/while-down")).isEqualTo("ok");
    await().atMost(Duration.ofSeconds(10)).until(() -> pidsOf("stamped").isEmpty());
    assertThat(pidsOf("solo")).hasSize(1);

    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(Pm2SystemIT.apps(cli)).extracting(a -> a.get("status")).containsOnly("online").hasSize(3));
    Map<String, Object> after = byName(Pm2SystemIT.apps(cli));
    assertThat(pid(after, "web")).as("web adopted").isEqualTo(pid(before, "web"));
    assertThat(pid(after, "solo")).as("solo adopted").isEqualTo(pid(before, "solo"));
    assertThat(pid(after, "stamped")).as("stamped started again").isNotEqualTo(pid(before, "stamped"));
    assertOneCopyEach();
    assertThat(get(port, "/after-crash")).isEqualTo("ok");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cli.run("logs", "web", "--lines", "50").out())
        .contains("hit /while-down").contains("hit /after-crash"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cli.run("logs", "stamped", "--lines", "3").out())
        .containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d: tick"));

    // The adopted cluster's wrapper reconnected: a rolling reload works, and leaves two workers.
    assertThat(cli.run("reload-app", "web").out()).contains("web: online");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(this::assertOneCopyEach);
    assertThat(get(port, "/after-reload")).isEqualTo("ok");
    assertThat(pid(byName(Pm2SystemIT.apps(cli)), "web")).as("a rolling reload inside the same primary").isEqualTo(pid(before, "web"));

    // An adopted process that dies is restarted like any other, its whole tree first.
    long solo = pid(after, "solo");
    ProcessHandle.of(solo).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Map<String, Object> now = byName(Pm2SystemIT.apps(cli));
      assertThat(pid(now, "solo")).isNotEqualTo(solo);
      assertThat(((Map<?, ?>) now.get("solo")).get("status")).isEqualTo("online");
      assertOneCopyEach();
    });

    cli.stopDaemon();
    cli = null;
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      for (String app : List.of("web", "solo", "solo-child", "stamped")) assertThat(pidsOf(app)).as(app).isEmpty();
    });
  }

  private void assertOneCopyEach() throws Exception {
    assertThat(pidsOf("web")).as("the cluster primary and its two workers").hasSize(3);
    // solo crashed once the daemon is back: it then has a warm spare (pm2.warmSpare: crashed), with
    // solo's command line and UNDERSTUDY_SPARE=1, booted but running no app. Each copy of solo that
    // runs the app starts a solo-child: counted below.
    long shown = pid(byName(Pm2SystemIT.apps(cli)), "solo");
    List<Long> spares = pidsOf("solo").stream().filter(p -> p != shown && isSpare(p)).toList();
    assertThat(spares).as("at most one warm spare").hasSizeLessThanOrEqualTo(1);
    assertThat(pidsOf("solo")).as("solo").hasSize(1 + spares.size()).contains(shown);
    assertThat(pidsOf("solo-child")).as("solo's child").hasSize(1);
    assertThat(pidsOf("stamped")).as("stamped").hasSize(1);
  }

  /** Live processes whose command line has {@code <marker>-<app>} as an argument. */
  private List<Long> pidsOf(String app) {
    String arg = marker + "-" + app;
    try (var dirs = Files.list(Path.of("/proc"))) {
      return dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).filter(d -> {
        try {
          String stat = Files.readString(d.resolve("stat"));
          if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) return false;
          return List.of(new String(Files.readAllBytes(d.resolve("cmdline")), StandardCharsets.UTF_8).split("\0")).contains(arg);
        } catch (IOException | RuntimeException e) {
          return false;
        }
      }).map(d -> Long.parseLong(d.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Started as a warm spare (its initial environment says so). */
  private static boolean isSpare(long pid) {
    try {
      byte[] env = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
      return List.of(new String(env, StandardCharsets.UTF_8).split("\0")).contains("UNDERSTUDY_SPARE=1");
    } catch (IOException e) {
      return false;
    }
  }

  private static Map<String, Object> byName(List<Map<String, Object>> apps) {
    Map<String, Object> out = new java.util.HashMap<>();
    for (Map<String, Object> a : apps) out.put((String) a.get("name"), a);
    return out;
  }

  private static long pid(Map<String, Object> apps, String name) {
    return ((Number) ((Map<?, ?>) apps.get(name)).get("pid")).longValue();
  }

  private static String get(int port, String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(2000);
    try (var in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
