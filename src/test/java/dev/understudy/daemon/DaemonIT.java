package dev.understudy.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.testing.Cli;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon and CLI as a user meets them: real processes, real HTTP, a home of their own. */
class DaemonIT {
  @TempDir Path tmp;
  final List<Cli> started = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (Cli c : started) c.stopDaemon();
  }

  Path project(String yaml) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("project-" + started.size() + "-" + System.nanoTime()));
    if (yaml != null) Files.writeString(dir.resolve("understudy.yml"), yaml);
    return dir;
  }

  Cli cli(String name) {
    Cli c = new Cli(tmp.resolve(name));
    started.add(c);
    return c;
  }

  static final String JOBS = """
      jobs:
        hello:
          command: ["sh", "-c", "echo hello from $UNDERSTUDY_JOB"]
        nightly:
          command: ["true"]
          schedule: "0 2 * * *"
          timezone: Europe/Paris
      """;

  @Test
  void startStatusRunStopLikeAUser() throws Exception {
    Cli cli = cli("home");
    Path project = project(JOBS);
    Cli.Result start = cli.run("start", "--project", project.toString());
    assertThat(start.exit()).as(start.toString()).isZero();
    assertThat(start.out()).contains("Understudy started: pid");

    DaemonInfo info = new DaemonHome(cli.home()).readDaemonInfo().orElseThrow();
    assertThat(info.processAlive()).isTrue();
    assertThat(info.port()).isPositive();
    assertThat(Files.readString(cli.home().resolve("daemon.json"))).contains("\"pid\": " + info.pid()).contains("\"port\": " + info.port());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.home().resolve("token")))).isEqualTo("rw-------");

    Cli.Result again = cli.run("start", "--project", project.toString());
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("already running").contains("pid " + info.pid());
    assertThat(new DaemonHome(cli.home()).readDaemonInfo().orElseThrow().pid()).isEqualTo(info.pid());

    Cli.Result status = cli.run("status");
    assertThat(status.exit()).as(status.toString()).isZero();
    assertThat(status.out()).contains("pid " + info.pid()).contains("sqlite").contains("nightly").contains("0 2 * * *").contains("Europe/Paris");
    Cli.Result json = cli.run("status", "--json");
    assertThat(json.out()).contains("\"pid\" : " + info.pid()).contains("\"port\" : " + info.port());

    Cli.Result run = cli.run("run", "job", "hello", "--wait");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("hello from hello").contains("succeeded");

    Cli.Result history = cli.run("history", "hello");
    assertThat(history.out()).contains("hello").contains("manual").contains("succeeded");
    Cli.Result schedules = cli.run("schedules", "--json");
    assertThat(schedules.out()).contains("\"job\" : \"nightly\"").contains("\"timezone\" : \"Europe/Paris\"");
    Cli.Result logs = cli.run("logs", "--lines", "50");
    assertThat(logs.out()).contains("ready");

    Cli.Result stop = cli.run("stop");
    assertThat(stop.exit()).isZero();
    assertThat(ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(cli.home().resolve("daemon.json")).doesNotExist();
    assertThat(cli.run("status").exit()).isEqualTo(3);
  }

  @Test
  void stateChangesNeedTheToken() throws Exception {
    Cli cli = cli("home");
    assertThat(cli.run("start", "--project", project(JOBS).toString()).exit()).isZero();
    DaemonInfo info = new DaemonHome(cli.home()).readDaemonInfo().orElseThrow();
    String token = Files.readString(cli.home().resolve("token")).trim();

    assertThat(post(info, "/api/jobs/hello/runs", null)).isEqualTo(401);
    assertThat(post(info, "/api/jobs/hello/runs", "not-the-token")).isEqualTo(401);
    assertThat(post(info, "/api/stop", null)).isEqualTo(401);
    assertThat(post(info, "/api/jobs/hello/runs", token)).isEqualTo(201);
    assertThat(post(info, "/api/jobs/nope/runs", token)).isEqualTo(404);
    assertThat(info.processAlive()).isTrue();
  }

  @Test
  void aSecretAJobPrintsIsMaskedInTheLogTheHistoryAndTheApi() throws Exception {
    Cli cli = cli("home");
    Path tokenFile = cli.home().resolve("token");
    Path project = project("jobs:\n  leak:\n    command: [\"cat\", \"" + tokenFile + "\"]\n");
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    String token = Files.readString(tokenFile).trim();

    Cli.Result run = cli.run("run", "job", "leak", "--wait");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("***").doesNotContain(token);
    assertThat(cli.run("history", "leak", "--json").out()).contains("***").doesNotContain(token);
    assertThat(Files.readString(cli.home().resolve("logs/understudy.log"))).contains("[leak] ***").doesNotContain(token);
  }

  @Test
  void badConfigIsRefusedWithItsPositionAndTheRunningDaemonKeepsRunning() throws Exception {
    Cli cli = cli("home");
    Path project = project(JOBS);
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    DaemonInfo info = new DaemonHome(cli.home()).readDaemonInfo().orElseThrow();

    Files.writeString(project.resolve("understudy.yml"), "jobs:\n  hello:\n    command: [\"true\"]\n    shedule: \"* * * * *\"\n");
    Cli.Result restart = cli.run("restart");
    assertThat(restart.exit()).isEqualTo(2);
    assertThat(restart.err()).contains(project.resolve("understudy.yml") + ":4:5: unknown key 'shedule' in 'jobs.hello': did you mean 'schedule'?");
    assertThat(info.processAlive()).isTrue();
    assertThat(cli.run("status").exit()).isZero();

    Cli other = cli("other-home");
    Cli.Result badCron = other.run("start", "--project", project("jobs:\n  x:\n    command: [a]\n    schedule: \"0 25 * * *\"\n").toString());
    assertThat(badCron.exit()).isEqualTo(2);
    assertThat(badCron.err()).contains("understudy.yml:4:15: invalid cron '0 25 * * *'");
  }

  @Test
  void aPortInUseIsExplained() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli cli = cli("home");
      Cli.Result r = cli.run("start", "--project", project("daemon:\n  port: " + taken.getLocalPort() + "\n").toString());
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use");
    }
  }

  @Test
  void twoHomesAreTwoIndependentDaemons() throws Exception {
    Cli a = cli("home-a");
    Cli b = cli("home-b");
    assertThat(a.run("start", "--project", project(null).toString()).exit()).isZero();
    assertThat(b.run("start", "--project", project(null).toString()).exit()).isZero();
    DaemonInfo ia = new DaemonHome(a.home()).readDaemonInfo().orElseThrow();
    DaemonInfo ib = new DaemonHome(b.home()).readDaemonInfo().orElseThrow();
    assertThat(ia.pid()).isNotEqualTo(ib.pid());
    assertThat(ia.port()).isNotEqualTo(ib.port());
    assertThat(a.run("stop").exit()).isZero();
    assertThat(ib.processAlive()).isTrue();
  }

  @Test
  void cronExplainsSchedulesAndRejectsBadOnes() throws Exception {
    Cli cli = new Cli(tmp.resolve("no-daemon"));
    Cli.Result json = cli.run("cron", "0 0 * * *", "--next", "2", "--from", "2026-11-22T10:00:00Z", "--json");
    assertThat(json.exit()).isZero();
    assertThat(json.out().trim()).isEqualTo("{\"expression\": \"0 0 * * *\", \"next\": [\"2026-11-23T00:00:00Z\", \"2026-11-24T00:00:00Z\"]}");
    Cli.Result text = cli.run("cron", "@hourly", "--next", "1", "--from", "2026-11-22T10:00:00Z");
    assertThat(text.out().trim()).isEqualTo("2026-11-22T11:00:00Z");
    Cli.Result bad = cli.run("cron", "61 * * * *");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("invalid cron '61 * * * *'").contains("column 1");
    Cli.Result never = cli.run("cron", "0 0 31 2 *");
    assertThat(never.exit()).isEqualTo(1);
    assertThat(never.out()).contains("never fires");
    assertThat(cli.run("cron", "* * * * *", "--next", "0").exit()).isEqualTo(2);
    assertThat(cli.run("frobnicate").exit()).isEqualTo(2);
    assertThat(cli.run("--version").out().trim()).matches("understudy \\d+\\.\\d+\\.\\d+.*");
  }

  static int post(DaemonInfo info, String path, String token) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(info.baseUrl() + path).openConnection();
    c.setRequestMethod("POST");
    if (token != null) c.setRequestProperty("Authorization", "Bearer " + token);
    c.setDoOutput(true);
    c.getOutputStream().close();
    return c.getResponseCode();
  }
}
