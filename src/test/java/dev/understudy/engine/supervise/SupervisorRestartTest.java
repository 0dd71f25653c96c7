package dev.understudy.engine.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.understudy.engine.supervise.Supervisor.Event.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorRestartTest {
  @TempDir Path dir;
  Specs.Events events = new Specs.Events();
  Specs.MutableClock clock = new Specs.MutableClock();
  Supervisor sup;

  @BeforeEach
  void open() {
    sup = new Supervisor(Supervisor.Options.defaults(dir.resolve("state")).withClock(clock).withListener(events::add));
  }

  @AfterEach
  void close() {
    sup.close();
  }

  private Snapshot snap(String name) {
    return sup.snapshot(name).orElseThrow();
  }

  @Test
  void crashIsRestartedAndCounted() {
    Specs.B b = Specs.bash("crash", dir, "sleep 0.2; exit 3");
    Snapshot first = sup.start(b.build());
    assertThat(first.status()).isIn(ProcessState.ONLINE, ProcessState.LAUNCHING);
    assertThat(first.pid()).isPositive();
    await().atMost(Duration.ofSeconds(10)).until(() -> snap("crash").restarts() >= 3);
    Snapshot s = snap("crash");
    assertThat(s.lastExitCode()).contains(3);
    assertThat(s.unstableRestarts()).isZero();
    assertThat(events.of(Kind.EXITED)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(events.of(Kind.STARTED).stream().map(Supervisor.Event::pid).distinct().count()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void unstableRestartsEndErrored_andStartResets() {
    Specs.B b = Specs.bash("flap", dir, "exit 1");
    b.minUptime = Duration.ofSeconds(1);
    b.maxUnstable = 3;
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(10)).until(() -> snap("flap").status() == ProcessState.ERRORED);
    Snapshot s = snap("flap");
    assertThat(s.unstableRestarts()).isEqualTo(3);
    assertThat(s.restarts()).isEqualTo(2);
    assertThat(s.pid()).isZero();
    assertThat(s.reason()).get().asString().contains("unstable restarts");
    // left alone: no start happens any more
    int started = events.of(Kind.STARTED).size();
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> events.of(Kind.STARTED).size() == started);
    // a user's start resets the counters and tries again
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(10)).until(() -> snap("flap").status() == ProcessState.ERRORED
        && events.of(Kind.STARTED).size() == started + 3);
  }

  @Test
  void exponentialBackoffGrowsThenResetsAfterThirtySecondsUp() throws Exception {
    Path counter = dir.resolve("n");
    // three quick crashes, then it stays up
    Specs.B b = Specs.bash("backoff", dir,
        "n=$(cat " + counter + " 2>/dev/null || echo 0); echo $((n+1)) > " + counter + "; if [ $n -lt 4 ]; then exit 1; fi; exec sleep 1000");
    b.expBackoff = Duration.ofMillis(100);
    b.maxUnstable = 0;
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(10)).until(() -> events.of(Kind.STARTED).size() == 5 && snap("backoff").status() == ProcessState.ONLINE);
    List<Long> delays = events.of(Kind.RESTART_SCHEDULED).stream().map(e -> e.delay().toMillis()).toList();
    assertThat(delays).containsExactly(100L, 150L, 225L, 337L);
    // the real gaps between starts honour the delays (never sooner, not much later)
    List<Supervisor.Event> starts = events.of(Kind.STARTED);
    List<Supervisor.Event> exits = events.of(Kind.EXITED);
    for (int i = 0; i < 4; i++) {
      long gap = Duration.between(exits.get(i).at(), starts.get(i + 1).at()).toMillis();
      assertThat(gap).as("gap %d", i).isBetween(delays.get(i) - 15, delays.get(i) + 1000);
    }
    // 31 s "up" (settable clock), then a crash: the backoff starts over
    clock.advance(Duration.ofSeconds(31));
    long pid = snap("backoff").pid();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(5)).until(() -> events.of(Kind.RESTART_SCHEDULED).size() == 5);
    assertThat(events.of(Kind.RESTART_SCHEDULED).get(4).delay()).isEqualTo(Duration.ofMillis(100));
    assertThat(snap("backoff").unstableRestarts()).as("the 4 quick crashes, not the last one").isEqualTo(4);
  }

  @Test
  void stopExitCodeMeansDone() {
    Specs.B b = Specs.bash("done", dir, "exit 7");
    b.stopExitCodes = Set.of(7);
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(5)).until(() -> snap("done").status() == ProcessState.STOPPED);
    assertThat(snap("done").restarts()).isZero();
    assertThat(snap("done").lastExitCode()).contains(7);
  }

  @Test
  void cleanExitIsRestartedUnlessStopCode() {
    Specs.B b = Specs.bash("clean", dir, "sleep 0.2; exit 0");
    b.stopExitCodes = Set.of(7);
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(5)).until(() -> snap("clean").restarts() >= 2);
  }

  @Test
  void autorestartOffStaysStopped() {
    Specs.B b = Specs.bash("once", dir, "exit 1");
    b.autorestart = false;
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(5)).until(() -> snap("once").status() == ProcessState.STOPPED);
    assertThat(snap("once").restarts()).isZero();
    assertThat(events.of(Kind.STARTED)).hasSize(1);
  }

  @Test
  void slidingWindowLimitEndsErrored() {
    // stable by PM2's rule (up longer than min_uptime), but 3 starts within 10 s
    Specs.B b = Specs.bash("burst", dir, "sleep 0.3; exit 1");
    b.burst = 3;
    b.burstInterval = Duration.ofSeconds(10);
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(10)).until(() -> snap("burst").status() == ProcessState.ERRORED);
    assertThat(snap("burst").unstableRestarts()).isZero();
    assertThat(snap("burst").restarts()).isEqualTo(2);
    assertThat(snap("burst").reason()).get().asString().contains("3 starts within 10000 ms");
  }

  @Test
  void restartDelayIsHonoured() {
    Specs.B b = Specs.bash("delay", dir, "exit 2");
    b.restartDelay = Duration.ofMillis(400);
    b.maxUnstable = 0;
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(5)).until(() -> events.of(Kind.STARTED).size() >= 3);
    List<Supervisor.Event> starts = events.of(Kind.STARTED);
    List<Supervisor.Event> exits = events.of(Kind.EXITED);
    assertThat(Duration.between(exits.get(0).at(), starts.get(1).at()).toMillis()).isGreaterThanOrEqualTo(385);
    assertThat(snap("delay").status()).isIn(ProcessState.WAITING_RESTART, ProcessState.ONLINE, ProcessState.LAUNCHING);
  }

  @Test
  void userRestartAndDelete() {
    Specs.B b = Specs.bash("svc", dir, "exec sleep 1000");
    long pid1 = sup.start(b.build()).pid();
    Snapshot s = sup.restart("svc");
    assertThat(s.pid()).isNotEqualTo(pid1).isPositive();
    assertThat(s.restarts()).isEqualTo(1);
    assertThat(ProcessHandle.of(pid1).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    sup.delete("svc");
    assertThat(sup.list()).isEmpty();
    assertThat(ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThatThrownBy(() -> sup.stop("svc")).isInstanceOf(SupervisorException.class).hasMessageContaining("no process named 'svc'");
  }

  @Test
  void cannotExecIsOneClearError() {
    Specs.B b = new Specs.B("ghost", dir, List.of("/no/such/program"));
    // setsid execs the program: the exec failure is an immediate exit 127
    b.autorestart = false;
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(5)).until(() -> snap("ghost").status() == ProcessState.STOPPED);
    assertThat(snap("ghost").lastExitCode()).isPresent();
    assertThat(Files.exists(dir.resolve("ghost-err.log"))).isTrue();
  }

  @Test
  void cronRestart() {
    Specs.B b = Specs.bash("cron", dir, "exec sleep 1000");
    b.cron = java.util.Optional.of("* * * * *");
    // 0.5 s before the next minute, by the settable clock
    java.time.Instant now = java.time.Instant.now();
    java.time.Instant minute = now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(60);
    clock.setTo(minute.minusMillis(500));
    long pid = sup.start(b.build()).pid();
    await().atMost(Duration.ofSeconds(5)).until(() -> !events.of(Kind.CRON_RESTART).isEmpty()
        && snap("cron").pid() != pid && snap("cron").status() == ProcessState.ONLINE);
    assertThat(snap("cron").restarts()).isEqualTo(1);
  }

  @Test
  void delayReadyIsOnlineAfterTheDelayAndFailsOnAnEarlyExit() {
    Specs.B b = Specs.bash("slow", dir, "exec sleep 1000");
    b.ready = ProcessSpec.Ready.DELAY;
    b.readyTimeout = Duration.ofMillis(500);
    long t0 = System.nanoTime();
    assertThat(sup.start(b.build()).status()).isEqualTo(ProcessState.ONLINE);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(490));

    Specs.B quick = Specs.bash("quick", dir, "sleep 0.1; exit 4");
    quick.ready = ProcessSpec.Ready.DELAY;
    quick.readyTimeout = Duration.ofMillis(800);
    assertThatThrownBy(() -> sup.start(quick.build())).isInstanceOf(SupervisorException.class)
        .hasMessageContaining("exited with code 4 before it was ready");
    assertThat(snap("quick").status()).isEqualTo(ProcessState.ERRORED);
  }

  @Test
  void stopWhileWaitingToRestartCancelsTheRestart() {
    Specs.B b = Specs.bash("wait", dir, "exit 1");
    b.restartDelay = Duration.ofSeconds(1);
    sup.start(b.build());
    await().atMost(Duration.ofSeconds(5)).until(() -> snap("wait").status() == ProcessState.WAITING_RESTART);
    assertThat(sup.stop("wait").status()).isEqualTo(ProcessState.STOPPED);
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
        .until(() -> events.of(Kind.STARTED).size() == 1 && snap("wait").status() == ProcessState.STOPPED);
  }

  @Test
  void reloadOfAStoppedProcessStartsIt() {
    Specs.B b = Specs.bash("cold", dir, "exec sleep 1000");
    sup.start(b.build());
    sup.stop("cold");
    Snapshot s = sup.reload("cold");
    assertThat(s.status()).isEqualTo(ProcessState.ONLINE);
    assertThat(s.pid()).isPositive();
  }
}
