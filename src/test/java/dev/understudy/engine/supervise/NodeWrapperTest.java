package dev.understudy.engine.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.understudy.engine.supervise.Supervisor.Event.Kind;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeWrapperTest extends WithSupervisor {
  /** An HTTP app answering its pid; says ready after listening unless $SILENT_FILE exists. */
  static final String APP = """
      const http = require('http');
      const fs = require('fs');
      const silent = process.env.SILENT_FILE && fs.existsSync(process.env.SILENT_FILE);
      const srv = http.createServer((req, res) => { res.setHeader('Connection', 'close'); res.end(String(process.pid)); });
      srv.listen(Number(process.env.PORT || 0), () => {
        console.log('listening ' + srv.address().port + ' main=' + (require.main === module) + ' argv=' + process.argv.slice(2).join(','));
        if (!silent) process.send('ready');
      });
      process.on('SIGINT', () => srv.close(() => process.exit(0)));
      """;

  Path app;

  @BeforeEach
  void writeApp() throws Exception {
    app = dir.resolve("app.js");
    Files.writeString(app, APP);
  }

  private Specs.B nodeApp(String name, int instances, Map<String, String> extraEnv) {
    Specs.B b = Specs.node(name, dir, NodeLauncher.argv(sup.nodeWrapper(), "node", List.of("--no-warnings"), app, List.of("a1", "a2"), instances));
    Map<String, String> env = new HashMap<>(b.env);
    env.putAll(extraEnv);
    b.env = env;
    b.ready = ProcessSpec.Ready.MESSAGE;
    // Generous: a node start on a loaded CI machine took over 2 s once; tests of a silent app set 2 s.
    b.readyTimeout = Duration.ofSeconds(10);
    return b;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String get(int port) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
    c.setConnectTimeout(1000);
    c.setReadTimeout(2000);
    try {
      return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void forkModeRunsTheAppInTheWrapperProcessAndWaitsForReady() throws Exception {
    Snapshot s = sup.start(nodeApp("web", 0, Map.of()).build());
    assertThat(s.status()).isEqualTo(ProcessState.ONLINE);
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(dir.resolve("web-out.log")).contains("listening"));
    // the app is main, sees its own argv, and runs in the supervised pid itself
    assertThat(Files.readString(dir.resolve("web-out.log"))).contains("main=true argv=a1,a2");
    assertThat(ProcessHandle.of(s.pid()).orElseThrow().descendants().count()).isZero();
  }

  @Test
  void startFailsWithoutReadyMessage() throws Exception {
    Path silent = dir.resolve("silent");
    Files.writeString(silent, "");
    Specs.B mute = nodeApp("mute", 0, Map.of("SILENT_FILE", silent.toString()));
    mute.readyTimeout = Duration.ofSeconds(2);
    assertThatThrownBy(() -> sup.start(mute.build()))
        .isInstanceOf(SupervisorException.class).hasMessageContaining("no ready message within 2000 ms");
    Snapshot s = sup.snapshot("mute").orElseThrow();
    assertThat(s.status()).isEqualTo(ProcessState.ERRORED);
    long pid = events.of(Kind.STARTED).get(0).pid();
    assertThat(alive(pid)).isFalse();
  }

  @Test
  void reloadStartsTheNewOneBeforeStoppingTheOld() {
    Snapshot before = sup.start(nodeApp("web", 0, Map.of()).build());
    Snapshot after = sup.reload("web");
    assertThat(after.pid()).isNotEqualTo(before.pid()).isPositive();
    assertThat(after.status()).isEqualTo(ProcessState.ONLINE);
    assertThat(after.restarts()).isEqualTo(1);
    assertThat(alive(before.pid())).isFalse();
    assertThat(alive(after.pid())).isTrue();
    // the new one was online before the old one exited
    List<Supervisor.Event> all = events.all;
    int newOnline = indexOf(all, Kind.ONLINE, after.pid());
    int oldExit = indexOf(all, Kind.EXITED, before.pid());
    assertThat(newOnline).isNotNegative().isLessThan(oldExit);
  }

  private static int indexOf(List<Supervisor.Event> all, Kind k, long pid) {
    for (int i = 0; i < all.size(); i++) if (all.get(i).kind() == k && all.get(i).pid() == pid) return i;
    return -1;
  }

  @Test
  void reloadThatNeverBecomesReadyKeepsTheOld() throws Exception {
    Path silent = dir.resolve("silent");
    Snapshot before = sup.start(nodeApp("web", 0, Map.of("SILENT_FILE", silent.toString())).build());
    Files.writeString(silent, "");
    assertThatThrownBy(() -> sup.reload("web")).isInstanceOf(SupervisorException.class)
        .hasMessageContaining("keeps running").hasMessageContaining("no ready message");
    Snapshot s = sup.snapshot("web").orElseThrow();
    assertThat(s.pid()).isEqualTo(before.pid());
    assertThat(s.status()).isEqualTo(ProcessState.ONLINE);
    assertThat(alive(before.pid())).isTrue();
    long failed = events.of(Kind.STARTED).get(1).pid();
    assertThat(alive(failed)).isFalse();
  }

  @Test
  void clusterWorkersShareThePortAndReloadWithoutGap() throws Exception {
    int port = freePort();
    Snapshot s = sup.start(nodeApp("cluster", 2, Map.of("PORT", Integer.toString(port))).build());
    assertThat(s.status()).isEqualTo(ProcessState.ONLINE);
    Set<Long> workers = ProcessHandle.of(s.pid()).orElseThrow().children().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
    assertThat(workers).hasSize(2);
    Set<Long> served = ConcurrentHashMap.newKeySet();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      served.add(Long.parseLong(get(port).trim()));
      return served.size() == 2;
    });
    assertThat(served).isEqualTo(workers);

    // hammer the port during a rolling reload: every request must be answered
    AtomicBoolean run = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    Thread hammer = new Thread(() -> {
      while (run.get()) {
        try {
          seen.add(Long.parseLong(get(port).trim()));
          ok.incrementAndGet();
        } catch (Exception e) {
          failures.add(e.toString());
        }
      }
    });
    hammer.start();
    Snapshot after = sup.reload("cluster");
    await().atMost(Duration.ofSeconds(5)).until(() -> ok.get() > 50);
    Set<Long> newWorkers = ProcessHandle.of(after.pid()).orElseThrow().children().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
    Set<Long> servedAfter = ConcurrentHashMap.newKeySet();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      servedAfter.add(Long.parseLong(get(port).trim()));
      return servedAfter.size() == 2;
    });
    run.set(false);
    hammer.join();
    assertThat(failures).isEmpty();
    assertThat(after.pid()).isEqualTo(s.pid());
    assertThat(after.restarts()).isEqualTo(1);
    assertThat(servedAfter).doesNotContainAnyElementsOf(workers);
    workers.forEach(w -> await().atMost(Duration.ofSeconds(5)).until(() -> !alive(w)));

    // a crashed worker is replaced by the primary
    long victim = servedAfter.iterator().next();
    ProcessHandle.of(victim).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(s.pid()).orElseThrow().children()
        .filter(h -> h.pid() != victim).count() == 2);

    sup.stop("cluster");
    assertThat(alive(s.pid())).isFalse();
    assertThat(servedAfter).noneMatch(NodeWrapperTest::alive);
  }

  @Test
  void clusterReloadThatFailsKeepsTheOldWorkers() throws Exception {
    int port = freePort();
    Path silent = dir.resolve("silent");
    Snapshot s = sup.start(nodeApp("cl", 1, Map.of("PORT", Integer.toString(port), "SILENT_FILE", silent.toString())).build());
    long worker = Long.parseLong(get(port).trim());
    Files.writeString(silent, "");
    assertThatThrownBy(() -> sup.reload("cl")).isInstanceOf(SupervisorException.class).hasMessageContaining("old workers keep running");
    assertThat(Long.parseLong(get(port).trim())).isEqualTo(worker);
    assertThat(sup.snapshot("cl").orElseThrow().pid()).isEqualTo(s.pid());
  }
}
