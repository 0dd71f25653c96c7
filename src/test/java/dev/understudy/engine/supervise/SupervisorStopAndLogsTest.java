package dev.understudy.engine.supervise;

import dev.understudy.engine.logs.LogRotation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.engine.logs.SecretMasker;
import dev.understudy.engine.supervise.Supervisor.Event.Kind;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorStopAndLogsTest {
  @TempDir Path dir;
  Specs.Events events = new Specs.Events();
  Supervisor sup;

  private Supervisor open(LogRotation rotation) {
    sup = new Supervisor(Supervisor.Options.defaults(dir.resolve("state")).withRotation(rotation)
        .withMonitorInterval(Duration.ofMillis(200)).withListener(events::add));
    return sup;
  }

  @AfterEach
  void close() {
    if (sup != null) sup.close();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void aRegisteredProcessIsListedStoppedUntilStarted() {
    open(LogRotation.DEFAULTS);
    Snapshot r = sup.register(Specs.bash("later", dir, "exec sleep 1000").build());
    assertThat(r.status()).isEqualTo(ProcessState.STOPPED);
    assertThat(r.pid()).isZero();
    assertThat(sup.list()).extracting(Snapshot::name, Snapshot::status).containsExactly(org.assertj.core.groups.Tuple.tuple("later", ProcessState.STOPPED));
    assertThat(events.all).isEmpty();
    Snapshot started = sup.start(Specs.bash("later", dir, "exec sleep 1000").build());
    assertThat(started.status()).isEqualTo(ProcessState.ONLINE);
    assertThat(started.id()).isEqualTo(r.id());
    assertThat(sup.register(Specs.bash("later", dir, "exec sleep 1").build()).pid()).as("a running process stays as it is").isEqualTo(started.pid());
  }

  @Test
  void stopKillsTheWholeTree() {
    open(LogRotation.DEFAULTS);
    long pid = sup.start(Specs.bash("tree", dir, "sleep 1000 & sleep 1000").build()).pid();
    ProcessHandle root = ProcessHandle.of(pid).orElseThrow();
    await().atMost(Duration.ofSeconds(5)).until(() -> root.descendants().count() >= 2);
    List<ProcessHandle> kids = root.descendants().toList();
    Snapshot s = sup.stop("tree");
    assertThat(s.status()).isEqualTo(ProcessState.STOPPED);
    assertThat(s.pid()).isZero();
    assertThat(alive(pid)).isFalse();
    assertThat(kids).as("no descendant still runs (a zombie waiting for init to reap it has ended)")
        .allMatch(h -> ProcTree.isGoneOrZombie(h.pid()));
  }

  @Test
  void aCrashKillsTheOrphanedChildrenToo() {
    open(LogRotation.DEFAULTS);
    Path pidFile = dir.resolve("child.pid");
    // the background child would keep a port; the parent dies
    Specs.B b = Specs.bash("orphan", dir, "sleep 1000 & echo $! > " + pidFile + "; sleep 0.3; exit 1");
    b.autorestart = false;
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(5)).until(() -> sup.snapshot("orphan").orElseThrow().status() == ProcessState.STOPPED);
    long child = Long.parseLong(readString(pidFile).trim());
    await().atMost(Duration.ofSeconds(2)).until(() -> !alive(child));
  }

  @Test
  void sigintFirstForAGracefulExit() {
    open(LogRotation.DEFAULTS);
    Specs.B b = Specs.bash("polite", dir, "trap 'echo bye; exit 0' INT; echo ready; while true; do sleep 0.05; done");
    b.killTimeout = Duration.ofSeconds(10);
    sup.start(b.build());
    // SIGINT before bash has set its trap ends it with 130: wait until it has (seen under load).
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("polite-out.log"))
        && readString(dir.resolve("polite-out.log")).contains("ready"));
    long t0 = System.nanoTime();
    sup.stop("polite");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(sup.snapshot("polite").orElseThrow().lastExitCode()).contains(0);
    await().atMost(Duration.ofSeconds(2)).until(() -> readString(dir.resolve("polite-out.log")).contains("bye"));
  }

  @Test
  void sigkillAfterKillTimeoutWhenSigintIsIgnored() {
    open(LogRotation.DEFAULTS);
    Specs.B b = Specs.bash("deaf", dir, "trap '' INT; sleep 1000 & while true; do sleep 0.05; done");
    b.killTimeout = Duration.ofMillis(700);
    long pid = sup.start(b.build()).pid();
    ProcessHandle root = ProcessHandle.of(pid).orElseThrow();
    await().atMost(Duration.ofSeconds(5)).until(() -> root.descendants().count() >= 1);
    List<ProcessHandle> kids = root.descendants().toList();
    long t0 = System.nanoTime();
    sup.stop("deaf");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(took).isBetween(Duration.ofMillis(690), Duration.ofSeconds(5));
    assertThat(alive(pid)).isFalse();
    assertThat(kids).as("no descendant still runs (a zombie waiting for init to reap it has ended)")
        .allMatch(h -> ProcTree.isGoneOrZombie(h.pid()));
    assertThat(sup.snapshot("deaf").orElseThrow().lastExitCode()).contains(128 + 9);
  }

  @Test
  void logFilesWithTimestampsAndMasking() {
    open(LogRotation.DEFAULTS);
    SecretMasker.register("hunter2-secret");
    Specs.B b = Specs.bash("logs", dir, "echo hello; echo oops >&2; echo token hunter2-secret; exec sleep 1000");
    b.stamps = Optional.of("yyyy-MM-dd");
    sup.start(b.build());
    String today = LocalDate.now().toString();
    await().atMost(Duration.ofSeconds(5)).until(() -> readString(dir.resolve("logs-out.log")).contains("token"));
    assertThat(readString(dir.resolve("logs-out.log"))).contains(today + ": hello\n").contains(today + ": token ***\n")
        .doesNotContain("hunter2");
    await().atMost(Duration.ofSeconds(5)).until(() -> readString(dir.resolve("logs-err.log")).equals(today + ": oops\n"));
  }

  @Test
  void stdoutAndStderrMayShareAFile() {
    open(LogRotation.DEFAULTS);
    Specs.B b = Specs.bash("one", dir, "echo a; echo b >&2; exec sleep 1000");
    b.err = b.out;
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(5)).until(() -> readString(b.out).contains("a\n") && readString(b.out).contains("b\n"));
  }

  @Test
  void rotationBySizeKeepsRetainGzippedFiles() throws Exception {
    open(new LogRotation(300, 2, true));
    // 60 lines of 20 bytes = 1200 bytes: four rotations of 300 bytes
    Specs.B b = Specs.bash("rot", dir, "for i in $(seq 1 60); do printf 'line %014d\\n' $i; done; exec sleep 1000");
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(10)).until(() -> gzFiles().size() == 2 && readString(dir.resolve("rot-out.log")).contains("line 00000000000060"));
    assertThat(Files.size(dir.resolve("rot-out.log"))).isLessThanOrEqualTo(300);
    // the newest two rotated files are kept: lines 31..45 and 46..? The current file ends at 60
    List<Path> gz = gzFiles();
    String newest;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz.get(gz.size() - 1)))) {
      newest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(newest).startsWith("line 000000000000").hasLineCount(15);
    assertThat(readString(dir.resolve("rot-out.log"))).startsWith("line 00000000000046");
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      try (var s = Files.list(dir)) {
        return s.noneMatch(p -> p.getFileName().toString().startsWith("rot-out__") && p.toString().endsWith(".log"));
      }
    });
  }

  private List<Path> gzFiles() throws Exception {
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("rot-out__") && p.toString().endsWith(".gz")).sorted().toList();
    }
  }

  @Test
  void memoryLimitRestartsTheTree() {
    open(LogRotation.DEFAULTS);
    // the memory is allocated by a child of bash: the whole tree counts
    Specs.B b = Specs.bash("hog", dir, "node -e 'const a=[]; setInterval(() => a.push(Buffer.alloc(20e6, 1)), 50)'; exit 0");
    b.maxMemory = 150L * 1024 * 1024;
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(15)).until(() -> !events.of(Kind.MEMORY_RESTART).isEmpty());
    await().atMost(Duration.ofSeconds(5)).until(() -> sup.snapshot("hog").orElseThrow().restarts() >= 1);
    assertThat(events.of(Kind.MEMORY_RESTART).get(0).message()).contains("over max_memory_restart");
  }

  @Test
  void snapshotShowsCpuAndMemoryOfTheTreeAndNoEnvironment() {
    open(LogRotation.DEFAULTS);
    Specs.B b = Specs.bash("busy", dir, "node -e 'const b=Buffer.alloc(30e6,1); for(;;){}'; exit 0");
    b.env = new java.util.HashMap<>(b.env);
    b.env.put("SECRET_TOKEN", "s3cr3t-value");
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      Snapshot s = sup.snapshot("busy").orElseThrow();
      return s.cpuPercent() > 40 && s.memoryBytes() > 30_000_000L;
    });
    Snapshot s = sup.list().get(0);
    assertThat(s.name()).isEqualTo("busy");
    assertThat(s.id()).isZero();
    assertThat(s.uptimeMs()).isPositive();
    assertThat(s.toString()).doesNotContain("s3cr3t");
  }

  private static String readString(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
