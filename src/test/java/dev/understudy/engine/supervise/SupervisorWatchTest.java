package dev.understudy.engine.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.engine.supervise.Supervisor.Event.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code watch} (restart on file changes) and {@code stopWithMessage} (PM2's shutdown_with_message). */
class SupervisorWatchTest extends WithSupervisor {
  Path src;

  @BeforeEach
  void makeSources() throws Exception {
    src = Files.createDirectories(dir.resolve("app"));
  }

  /** A chatty app whose own logs are inside the watched directory. */
  private Specs.B watched(String name, List<String> ignore, Duration delay) {
    Specs.B b = Specs.bash(name, src, "while true; do echo tick; sleep 0.05; done");
    b.out = src.resolve(name + "-out.log");
    b.err = src.resolve(name + "-err.log");
    b.watch = Optional.of(new ProcessSpec.Watch(List.of(src), ignore, delay));
    return b;
  }

  /** Writes {@code file} again on every poll until {@code done}: a change that comes while a restart is under way is part of it. */
  private static void touchUntil(Path file, java.util.concurrent.Callable<Boolean> done) {
    int[] n = {0};
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
      Files.writeString(file, "v" + n[0]++);
      return done.call();
    });
  }

  private List<String> watchRestarts() {
    return events.of(Kind.WATCH_RESTART).stream().map(Supervisor.Event::message).toList();
  }

  @Test
  void aChangeRestartsTheAppIgnoringDotFilesNodeModulesAndItsOwnLogs() throws Exception {
    long first = sup.start(watched("w", List.of(), Duration.ZERO).build()).pid();
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.size(src.resolve("w-out.log")) > 20);
    Files.createDirectories(src.resolve("node_modules/lib"));
    Files.writeString(src.resolve("node_modules/lib/index.js"), "x");
    Files.createDirectories(src.resolve(".git"));
    Files.writeString(src.resolve(".git/HEAD"), "x");
    Files.writeString(src.resolve(".env"), "x");
    Files.writeString(src.resolve("server.js"), "changed");

    await().atMost(Duration.ofSeconds(5)).until(() -> sup.snapshot("w").orElseThrow().restarts() == 1
        && sup.snapshot("w").orElseThrow().status() == ProcessState.ONLINE);
    assertThat(sup.snapshot("w").orElseThrow().pid()).isNotEqualTo(first);
    assertThat(watchRestarts()).singleElement().asString().contains("server.js");

    // a directory made after the start is watched too
    Files.createDirectories(src.resolve("lib/deep"));
    touchUntil(src.resolve("lib/deep/util.js"), () -> watchRestarts().stream().anyMatch(m -> m.contains("util.js")));
    assertThat(watchRestarts()).noneMatch(m -> m.contains(".log") || m.contains("node_modules") || m.contains(".git") || m.contains(".env"));
  }

  @Test
  void ignoreRulesReplaceTheDefaultAndChangesWithinTheDelayMakeOneRestart() throws Exception {
    Specs.B b = watched("w", List.of("glob:" + src + "/tmp/**", "regex:\\.bak$"), Duration.ofMillis(300));
    sup.start(b.build());
    Files.createDirectories(src.resolve("tmp"));
    Files.writeString(src.resolve("tmp/scratch"), "x");
    Files.writeString(src.resolve("a.bak"), "x");
    Files.writeString(src.resolve("one.js"), "x");
    Files.writeString(src.resolve("two.js"), "x");
    await().atMost(Duration.ofSeconds(5)).until(() -> sup.snapshot("w").orElseThrow().restarts() == 1);
    assertThat(watchRestarts()).as("four changes within the delay, one restart").hasSize(1);
    // the default is replaced, as in PM2: node_modules is watched now
    Files.createDirectories(src.resolve("node_modules"));
    touchUntil(src.resolve("node_modules/x.js"), () -> watchRestarts().stream().anyMatch(m -> m.contains("node_modules")));
    assertThat(watchRestarts()).noneMatch(m -> m.contains("scratch") || m.contains(".bak"));
  }

  @Test
  void aStopEndsTheWatchAndAnAppThatEndedByItselfStartsAgainOnAChange() throws Exception {
    sup.start(watched("w", List.of(), Duration.ZERO).build());
    sup.stop("w");
    assertThat(sup.watching("w")).isFalse();

    Specs.B once = Specs.bash("once", src, "echo done");
    once.autorestart = false;
    once.out = dir.resolve("once-out.log");
    once.watch = Optional.of(new ProcessSpec.Watch(List.of(src), List.of(), Duration.ZERO));
    sup.start(once.build());
    await().atMost(Duration.ofSeconds(5)).until(() -> sup.snapshot("once").orElseThrow().status() == ProcessState.STOPPED);
    assertThat(sup.watching("once")).isTrue();
    Files.writeString(src.resolve("input.txt"), "x");
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(dir.resolve("once-out.log")).equals("done\ndone\n"));
    assertThat(sup.snapshot("w").orElseThrow().status()).isEqualTo(ProcessState.STOPPED);
  }

  /** Ignores SIGINT; leaves gracefully on the 'shutdown' message. */
  static final String GRACEFUL = """
      process.on('SIGINT', () => console.log('sigint ignored'));
      process.on('message', (m) => { if (m === 'shutdown') { console.log('graceful ' + (process.env.NODE_APP_INSTANCE || '')); process.exit(0); } });
      setInterval(() => {}, 1000);
      console.log('up');
      """;

  private Specs.B graceful(String name, int instances, boolean message) throws Exception {
    Path app = dir.resolve("graceful.js");
    Files.writeString(app, GRACEFUL);
    Specs.B b = Specs.node(name, dir, NodeLauncher.argv(sup.nodeWrapper(), "node", List.of(), app, List.of(), instances));
    b.stopWithMessage = message;
    b.killTimeout = Duration.ofMillis(1500);
    return b;
  }

  @Test
  void stopWithMessageSendsShutdownInsteadOfSigint() throws Exception {
    sup.start(graceful("fork", 0, true).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("fork-out.log")).contains("up"));
    await().atMost(Duration.ofSeconds(10)).until(() -> sup.hasChannel("fork"));
    sup.stop("fork");
    assertThat(Files.readString(dir.resolve("fork-out.log"))).contains("graceful").doesNotContain("sigint");
    assertThat(sup.snapshot("fork").orElseThrow().lastExitCode()).contains(0);

    sup.start(graceful("plain", 0, false).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("plain-out.log")).contains("up"));
    sup.stop("plain");
    assertThat(Files.readString(dir.resolve("plain-out.log"))).contains("sigint ignored").doesNotContain("graceful");
    assertThat(sup.snapshot("plain").orElseThrow().lastExitCode()).as("SIGKILL after kill_timeout").contains(137);
  }

  @Test
  void stopWithMessageReachesEveryClusterWorker() throws Exception {
    sup.start(graceful("cl", 2, true).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("cl-out.log")).split("up", -1).length == 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> sup.hasChannel("cl"));
    sup.stop("cl");
    assertThat(Files.readString(dir.resolve("cl-out.log"))).contains("graceful 0").contains("graceful 1").doesNotContain("sigint");
  }
}
