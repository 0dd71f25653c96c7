package dev.understudy.engine.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.engine.supervise.Supervisor.Event.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Warm spares of fork-mode Node apps (Supervisor.WarmSpare): real node, real processes. */
class WarmSpareTest extends WithSupervisor {
  /** Says who it is, says ready, crashes (exit 3) when $CRASH_FILE appears. */
  static final String APP = """
      const fs = require('fs');
      console.log('start ' + process.pid + ' cwd=' + process.cwd() + ' argv=' + process.argv.slice(2).join(',')
        + ' env=' + process.env.APP_VAR + ' main=' + (require.main === module)
        + ' leaked=' + Object.keys(process.env).filter((k) => k.startsWith('UNDERSTUDY_') && k !== 'UNDERSTUDY_PROCESS').join(','));
      process.send('ready');
      setInterval(() => {
        if (fs.existsSync(process.env.CRASH_FILE)) { fs.unlinkSync(process.env.CRASH_FILE); process.exit(3); }
      }, 10);
      """;

  static final Duration WAIT = Duration.ofSeconds(15);
  Path app;
  Path crash;
  Path cwd;

  @BeforeEach
  void writeApp() throws Exception {
    app = dir.resolve("app.js");
    Files.writeString(app, APP);
    crash = dir.resolve("crash-now");
    cwd = Files.createDirectories(dir.resolve("work"));
  }

  private Specs.B nodeApp(Supervisor s, String name, String var) {
    Specs.B b = Specs.node(name, cwd, NodeLauncher.argv(s.nodeWrapper(), "node", List.of("--no-warnings"), app, List.of("a1", "a2"), 0));
    Map<String, String> env = new HashMap<>(b.env);
    env.put("APP_VAR", var);
    env.put("CRASH_FILE", crash.toString());
    b.env = env;
    b.out = dir.resolve(name + "-out.log");
    b.err = dir.resolve(name + "-err.log");
    b.ready = ProcessSpec.Ready.MESSAGE;
    b.readyTimeout = Duration.ofSeconds(10);
    return b;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !ProcTree.isGoneOrZombie(pid);
  }

  /** Makes the app crash and waits until another pid runs it, online. */
  private Snapshot crashAndWait(Supervisor s, String name) throws Exception {
    long before = s.snapshot(name).orElseThrow().pid();
    Files.writeString(crash, "");
    await().atMost(WAIT).until(() -> {
      Snapshot n = s.snapshot(name).orElseThrow();
      return n.pid() != before && n.pid() != 0 && n.status() == ProcessState.ONLINE;
    });
    return s.snapshot(name).orElseThrow();
  }

  private long awaitSpare(Supervisor s, String name) {
    await().atMost(WAIT).until(() -> s.spareReady(name));
    return s.sparePid(name);
  }

  private String out(String name) throws Exception {
    return Files.readString(dir.resolve(name + "-out.log"));
  }

  @Test
  void aCrashedAppRestartsFromItsSpareWithTheSameArgvCwdAndEnv() throws Exception {
    Snapshot first = sup.start(nodeApp(sup, "web", "v1").build());
    assertThat(sup.sparePid("web")).as("no spare before a crash").isZero();
    Snapshot cold = crashAndWait(sup, "web");
    long spare = awaitSpare(sup, "web");
    assertThat(spare).isNotIn(first.pid(), cold.pid());
    // the spare is no process of the app's: not listed, not its pid
    assertThat(sup.list()).hasSize(1);
    assertThat(sup.snapshot("web").orElseThrow().pid()).isEqualTo(cold.pid());

    Snapshot warm = crashAndWait(sup, "web");
    assertThat(warm.pid()).isEqualTo(spare);
    assertThat(warm.restarts()).isEqualTo(2);
    await().atMost(WAIT).until(() -> out("web").contains("start " + spare + " "));
    String expected = " cwd=" + cwd.toRealPath() + " argv=a1,a2 env=v1 main=true leaked=";
    for (long pid : List.of(first.pid(), cold.pid(), spare)) assertThat(out("web")).contains("start " + pid + expected + "\n");
    // nothing from the spares in the logs: one line per start
    assertThat(out("web").lines().toList()).hasSize(3);
    assertThat(Files.readString(dir.resolve("web-err.log"))).isEmpty();
    assertThat(events.of(Kind.STARTED)).extracting(Supervisor.Event::pid).containsExactly(first.pid(), cold.pid(), spare);

    // and a new spare for the next crash
    await().atMost(WAIT).until(() -> sup.spareReady("web") && sup.sparePid("web") != spare);
    long next = sup.sparePid("web");
    assertThat(crashAndWait(sup, "web").pid()).isEqualTo(next);
  }

  @Test
  void withARestartDelayTheSpareBootsAtTheCrashAndThatRestartIsWarm() throws Exception {
    Specs.B b = nodeApp(sup, "web", "v1");
    b.restartDelay = Duration.ofMillis(1500);
    Snapshot first = sup.start(b.build());
    Files.writeString(crash, "");
    await().atMost(WAIT).until(() -> sup.snapshot("web").orElseThrow().status() == ProcessState.WAITING_RESTART);
    long spare = awaitSpare(sup, "web");
    await().atMost(WAIT).until(() -> sup.snapshot("web").orElseThrow().pid() == spare);
    assertThat(spare).isNotEqualTo(first.pid());
    await().atMost(WAIT).until(() -> out("web").contains("start " + spare + " cwd=" + cwd.toRealPath() + " argv=a1,a2 env=v1 "));
  }

  @Test
  void theSpareDiesWithStopDeleteAndClose() throws Exception {
    sup.start(nodeApp(sup, "web", "v1").build());
    crashAndWait(sup, "web");
    long spare = awaitSpare(sup, "web");
    sup.stop("web");
    assertThat(alive(spare)).isFalse();
    assertThat(sup.sparePid("web")).isZero();

    sup.start(nodeApp(sup, "web", "v1").build());
    crashAndWait(sup, "web");
    long spare2 = awaitSpare(sup, "web");
    sup.delete("web");
    assertThat(alive(spare2)).isFalse();

    sup.start(nodeApp(sup, "api", "v1").build());
    crashAndWait(sup, "api");
    long spare3 = awaitSpare(sup, "api");
    sup.close();
    assertThat(alive(spare3)).isFalse();
  }

  @Test
  void aChangedSpecDiscardsTheSpare() throws Exception {
    sup.start(nodeApp(sup, "web", "v1").build());
    crashAndWait(sup, "web");
    long spare = awaitSpare(sup, "web");
    sup.start(nodeApp(sup, "web", "v2").build()); // runs: the new spec is for the next start
    assertThat(alive(spare)).isFalse();
    Snapshot after = crashAndWait(sup, "web");
    assertThat(after.pid()).isNotEqualTo(spare);
    await().atMost(WAIT).until(() -> out("web").contains("start " + after.pid() + " "));
    assertThat(out("web")).contains("start " + after.pid() + " cwd=" + cwd.toRealPath() + " argv=a1,a2 env=v2 ");
  }

  @Test
  void waitReadyWorksWithASpare() throws Exception {
    Specs.B b = nodeApp(sup, "web", "v1");
    Files.writeString(app, APP.replace("process.send('ready');", "setTimeout(() => process.send('ready'), 300);"));
    sup.start(b.build());
    crashAndWait(sup, "web");
    long spare = awaitSpare(sup, "web");
    Files.writeString(crash, "");
    await().atMost(WAIT).until(() -> sup.snapshot("web").orElseThrow().pid() == spare);
    assertThat(sup.snapshot("web").orElseThrow().status()).isEqualTo(ProcessState.LAUNCHING);
    await().atMost(WAIT).until(() -> events.all.stream().anyMatch(e -> e.kind() == Kind.ONLINE && e.pid() == spare));
    assertThat(sup.snapshot("web").orElseThrow().status()).isEqualTo(ProcessState.ONLINE);
    assertThat(sup.hasChannel("web")).isTrue();
  }

  @Test
  void aDeadSpareMeansAColdStartAndANewSpare() throws Exception {
    sup.start(nodeApp(sup, "web", "v1").build());
    crashAndWait(sup, "web");
    long spare = awaitSpare(sup, "web");
    ProcessHandle.of(spare).orElseThrow().destroyForcibly();
    await().atMost(WAIT).until(() -> sup.sparePid("web") == 0);
    Snapshot cold = crashAndWait(sup, "web");
    assertThat(cold.pid()).isNotEqualTo(spare);
    await().atMost(WAIT).until(() -> sup.spareReady("web") && sup.sparePid("web") != spare);
  }

  @Test
  void aMissingScriptFailsFromTheSpareAsItWouldCold() throws Exception {
    Specs.B b = nodeApp(sup, "web", "v1");
    b.maxUnstable = 2;
    sup.start(b.build());
    crashAndWait(sup, "web");
    long spare = awaitSpare(sup, "web");
    Files.delete(app);
    Files.writeString(crash, "");
    await().atMost(WAIT).until(() -> sup.snapshot("web").orElseThrow().status() == ProcessState.ERRORED);
    assertThat(Files.readString(dir.resolve("web-err.log"))).contains("Cannot find module").contains(app.toString());
    assertThat(events.of(Kind.STARTED)).extracting(Supervisor.Event::pid).contains(spare);
    assertThat(sup.sparePid("web")).isZero();
    await().atMost(WAIT).until(() -> !alive(spare));
  }

  @Test
  void neverMeansNoSpareAndCrashedDropsItOnceTheAppStaysUp() throws Exception {
    try (Supervisor never = new Supervisor(Supervisor.Options.defaults(dir.resolve("never"))
        .withWarmSpare(Supervisor.WarmSpare.NEVER, Duration.ofSeconds(60)))) {
      never.start(nodeApp(never, "web", "v1").build());
      crashAndWait(never, "web");
      Thread.sleep(Supervisor.SPARE_DELAY.toMillis() + 500); // time enough for a spare to be spawned; none may be
      assertThat(never.sparePid("web")).isZero();
    }
    try (Supervisor brief = new Supervisor(Supervisor.Options.defaults(dir.resolve("brief"))
        .withWarmSpare(Supervisor.WarmSpare.CRASHED, Duration.ofMillis(1500)))) {
      brief.start(nodeApp(brief, "api", "v1").build());
      crashAndWait(brief, "api");
      long spare = awaitSpare(brief, "api");
      await().atMost(WAIT).until(() -> brief.sparePid("api") == 0 && !alive(spare));
    }
  }

  @Test
  void alwaysKeepsASpareFromTheFirstStartAndClusterAppsGetNone() throws Exception {
    try (Supervisor always = new Supervisor(Supervisor.Options.defaults(dir.resolve("always"))
        .withWarmSpare(Supervisor.WarmSpare.ALWAYS, Duration.ofSeconds(60)))) {
      always.start(nodeApp(always, "web", "v1").build());
      long spare = awaitSpare(always, "web");
      assertThat(always.restart("web").pid()).as("a user's restart stops everything first").isNotEqualTo(spare);
      assertThat(alive(spare)).isFalse();
      long spare2 = awaitSpare(always, "web");
      assertThat(crashAndWait(always, "web").pid()).isEqualTo(spare2);

      Specs.B c = Specs.node("cl", cwd, NodeLauncher.argv(always.nodeWrapper(), "node", List.of(), app, List.of(), 1));
      c.env = nodeApp(always, "x", "v1").env;
      always.start(c.build());
      Thread.sleep(Supervisor.SPARE_DELAY.toMillis() + 500);
      assertThat(always.sparePid("cl")).isZero();
    }
  }

  @Test
  void aSpareEndsWithItsDaemonAndIsNeverAdopted() throws Exception {
    Path state = dir.resolve("outlive");
    Supervisor first = new Supervisor(Supervisor.Options.defaults(state).withChildrenOutliveDaemon(true));
    long appPid;
    long spare;
    try {
      first.start(nodeApp(first, "web", "v1").build());
      appPid = crashAndWait(first, "web").pid();
      spare = awaitSpare(first, "web");
    } finally {
      first.abandon(); // a daemon crash: the app lives on, the spare's channel closes
    }
    await().atMost(WAIT).until(() -> !alive(spare));
    assertThat(alive(appPid)).isTrue();
    try (Supervisor second = new Supervisor(Supervisor.Options.defaults(state).withChildrenOutliveDaemon(true))) {
      assertThat(second.survivors()).containsExactly("web");
      Snapshot s = second.start(nodeApp(second, "web", "v1").build());
      assertThat(s.pid()).isEqualTo(appPid);
      assertThat(s.adopted()).isTrue();
    }
  }
}
