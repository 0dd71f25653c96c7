package dev.understudy.systems.pm2.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real pm2 from npm, each test with a PM2_HOME of its own, killed afterwards. */
class Pm2WatchRealTest {
  static final String SECRET = "hunter2-s3cr3t-value-4711";
  @TempDir Path dir;
  RealPm2 pm2;
  Path okApp;
  Path flakyApp;
  Path crashFlag;

  @BeforeEach
  void setUp() throws IOException {
    pm2 = RealPm2.in(dir);
    okApp = dir.resolve("ok.js");
    Files.writeString(okApp, "setInterval(() => {}, 1000);\n");
    crashFlag = dir.resolve("crash-now");
    flakyApp = dir.resolve("flaky.js");
    // crashes at once while the flag file exists, else runs
    Files.writeString(flakyApp, "const fs = require('fs');\n"
        + "if (fs.existsSync(" + json(crashFlag) + ")) process.exit(3);\n"
        + "setInterval(() => {}, 1000);\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (pm2 != null) pm2.close(); // pm2 kill with this PM2_HOME
  }

  static String json(Path p) {
    return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  void start(Path script, String name, String... more) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of(pm2.bin.toString(), "start", script.toString(), "--name", name));
    argv.addAll(List.of(more));
    pm2.run(argv, Map.of("SECRET_TOKEN", SECRET));
  }

  /** Live processes whose command line names this test's PM2_HOME: a God daemon for it. */
  List<String> daemonsFor(Path home) throws IOException {
    List<String> found = new java.util.ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        if (!p.getFileName().toString().matches("\\d+")) continue;
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
          if (cmd.contains(home.toString()) && cmd.contains("PM2")) found.add(p.getFileName() + ": " + cmd.trim());
        } catch (IOException ignored) {
          // gone meanwhile
        }
      }
    }
    return found;
  }

  class Recorder implements Pm2Watcher.Callbacks {
    final List<List<String>> takeOvers = new CopyOnWriteArrayList<>();
    final List<List<String>> handBacks = new CopyOnWriteArrayList<>();
    final List<String> restarts = new CopyOnWriteArrayList<>();
    final Set<String> running = new CopyOnWriteArraySet<>();
    final List<String> pm2StatusAtHandBack = new CopyOnWriteArrayList<>();

    @Override
    public void onTakeOver(List<String> apps) {
      takeOvers.add(apps);
      running.addAll(apps);
    }

    @Override
    public void onHandBack(List<String> apps) {
      // what PM2 shows at the moment we would stop our copies
      try {
        for (Pm2App a : pm2.client().jlist()) if (apps.contains(a.name())) pm2StatusAtHandBack.add(a.name() + "=" + a.status());
      } catch (Pm2Exception e) {
        pm2StatusAtHandBack.add("jlist failed: " + e.getMessage());
      }
      handBacks.add(apps);
      running.removeAll(apps);
    }

    @Override
    public void onRestartInPm2(String name, boolean ok) {
      restarts.add(name + (ok ? "" : " (failed)"));
    }
  }

  Pm2Watcher watcher(List<String> ecosystem, Recorder r, Duration takeoverAfter, Duration interval) {
    return new Pm2Watcher(pm2.probe(), pm2.client(), new TakeoverDecision(Clock.systemUTC(), takeoverAfter),
        () -> ecosystem, () -> r.running, r, interval, Clock.systemUTC());
  }

  @Test
  void probeSaysDeadForAnEmptyHomeAndStartsNothing() throws Exception {
    Pm2Probe.Result r = pm2.probe().probe();
    assertThat(r.alive()).isFalse();
    assertThat(r.reason()).contains("pm2.pid does not exist");
    // the client refuses to run a pm2 command, and a watcher's look runs none either
    assertThatThrownBy(() -> pm2.client().jlist()).isInstanceOf(Pm2Exception.class).hasMessageContaining("PM2 not asked for getMonitorData");
    Recorder rec = new Recorder();
    try (Pm2Watcher w = watcher(List.of("api"), rec, Duration.ofSeconds(30), Duration.ofMillis(100))) {
      assertThat(w.tick()).extracting(Action::kind).containsExactly(Action.Kind.WATCH);
      assertThat(w.snapshot().pm2Answers()).isFalse();
      assertThat(w.snapshot().goneSince()).isPresent();
    }
    Thread.sleep(300);
    assertThat(pm2.home.resolve("pm2.pid")).doesNotExist();
    assertThat(pm2.home.resolve("rpc.sock")).doesNotExist();
    assertThat(daemonsFor(pm2.home)).isEmpty();
  }

  @Test
  void probeAliveAfterPm2StartAndJlistParsedWithoutItsEnvironment() throws Exception {
    start(okApp, "api");
    Pm2Probe.Result r = pm2.probe().probe();
    assertThat(r.alive()).as(r.reason()).isTrue();
    assertThat(r.pid()).isPresent();
    // the raw jlist does hold the secret: the point of the next assertions
    assertThat(pm2.run("jlist")).contains(SECRET);
    await().atMost(Duration.ofSeconds(20)).until(() -> pm2.client().jlist().stream().anyMatch(Pm2App::online));
    List<Pm2App> apps = pm2.client().jlist();
    assertThat(apps).hasSize(1);
    Pm2App api = apps.get(0);
    assertThat(api.name()).isEqualTo("api");
    assertThat(api.pmId()).isZero();
    assertThat(api.status()).isEqualTo("online");
    assertThat(api.pid()).isPositive();
    assertThat(ProcessHandle.of(api.pid())).isPresent();
    assertThat(api.restarts()).isZero();
    assertThat(api.onlineSince()).isPresent();
    assertThat(apps.toString()).doesNotContain(SECRET).doesNotContain("SECRET_TOKEN");

    Recorder rec = new Recorder();
    try (Pm2Watcher w = watcher(List.of("api"), rec, Duration.ofSeconds(30), Duration.ofMillis(100))) {
      assertThat(w.tick()).extracting(Action::kind).containsExactly(Action.Kind.WATCH);
      Pm2Snapshot s = w.snapshot();
      assertThat(s.pm2Answers()).isTrue();
      assertThat(s.apps()).extracting(Pm2App::name).containsExactly("api");
      assertThat(s.toString()).doesNotContain(SECRET);
    }
  }

  @Test
  void anAppThatKeepsCrashingIsSeenErroredAndRestartedInPm2() throws Exception {
    Files.writeString(crashFlag, "");
    start(flakyApp, "worker", "--max-restarts", "2");
    await().atMost(Duration.ofSeconds(30)).until(() -> pm2.client().jlist().get(0).errored());
    Pm2App seen = pm2.client().jlist().get(0);
    assertThat(seen.restarts()).isPositive();
    assertThat(seen.exitCode()).contains(3);

    Files.delete(crashFlag); // the next start stays up
    Recorder rec = new Recorder();
    try (Pm2Watcher w = watcher(List.of("worker"), rec, Duration.ofSeconds(30), Duration.ofMillis(100))) {
      List<Action> as = w.tick();
      assertThat(as).extracting(Action::kind).containsExactly(Action.Kind.RESTART_IN_PM2);
      assertThat(rec.restarts).containsExactly("worker");
      await().atMost(Duration.ofSeconds(20)).until(() -> pm2.client().jlist().get(0).online());
      w.tick();
      assertThat(w.tick()).extracting(Action::kind).containsExactly(Action.Kind.WATCH);
      assertThat(rec.restarts).hasSize(1);
    }
  }

  @Test
  void pm2KilledIsTakenOverThenHandedBackOnlyOncePm2RunsTheAppOnline() throws Exception {
    start(okApp, "api");
    Recorder rec = new Recorder();
    try (Pm2Watcher w = watcher(List.of("api"), rec, Duration.ofMillis(800), Duration.ofMillis(100))) {
      w.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> w.snapshot().pm2Answers());
      pm2.run("kill");
      await().atMost(Duration.ofSeconds(20)).until(() -> !rec.takeOvers.isEmpty());
      assertThat(rec.takeOvers).containsExactly(List.of("api"));
      Pm2Snapshot gone = w.snapshot();
      assertThat(gone.pm2Answers()).isFalse();
      assertThat(gone.goneSince()).isPresent();
      assertThat(gone.takenOver()).containsExactly("api");
      assertThat(gone.lastActions()).extracting(Action::kind).contains(Action.Kind.TAKE_OVER);

      // PM2 comes back, but its api crashes: ours keeps running
      Files.writeString(crashFlag, "");
      start(flakyApp, "api", "--max-restarts", "2");
      await().atMost(Duration.ofSeconds(30)).until(() -> w.snapshot().pm2Answers()
          && w.snapshot().apps().stream().anyMatch(Pm2App::errored));
      Thread.sleep(500);
      assertThat(rec.handBacks).isEmpty();
      assertThat(rec.restarts).as("never restarted in PM2 while it runs here").isEmpty();
      assertThat(w.snapshot().takenOver()).containsExactly("api");

      // PM2's api comes online: now, and only now, ours is handed back
      Files.delete(crashFlag);
      pm2.run("restart", "api");
      await().atMost(Duration.ofSeconds(20)).until(() -> !rec.handBacks.isEmpty());
      assertThat(rec.handBacks).containsExactly(List.of("api"));
      assertThat(rec.pm2StatusAtHandBack).containsExactly("api=online");
      Thread.sleep(500);
      assertThat(rec.takeOvers).hasSize(1);
      assertThat(rec.handBacks).hasSize(1);
      assertThat(w.snapshot().takenOver()).isEmpty();
    }
  }
}
