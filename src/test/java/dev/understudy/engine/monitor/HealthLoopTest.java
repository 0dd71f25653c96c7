package dev.understudy.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.engine.logs.SecretMasker;
import dev.understudy.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health loop on a settable clock: intervals, timeouts, throwing probes, events. */
class HealthLoopTest {
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  final MutableClock clock = new MutableClock(T0);
  final HealthLoop loop = HealthLoop.builder(clock).build();
  final List<Transition> transitions = new CopyOnWriteArrayList<>();
  final List<TrendWarning> trends = new CopyOnWriteArrayList<>();
  final List<Instant> ticks = new CopyOnWriteArrayList<>();
  final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  final CountDownLatch release = new CountDownLatch(1);

  HealthLoopTest() {
    loop.addListener(new HealthListener() {
      @Override
      public void onTransition(Transition t) {
        transitions.add(t);
      }

      @Override
      public void onTrend(TrendWarning w) {
        trends.add(w);
      }

      @Override
      public void onTick(Instant now) {
        ticks.add(now);
      }
    });
  }

  @AfterEach
  void close() {
    release.countDown();
    loop.close();
  }

  /** A probe that counts its runs and says its subject is up. */
  Probe counting(String system, String subject) {
    return now -> {
      runs.computeIfAbsent(system, k -> new AtomicInteger()).incrementAndGet();
      return List.of(Sample.ok(Check.of(system, subject, "up"), now, "up"));
    };
  }

  int runs(String system) {
    return runs.getOrDefault(system, new AtomicInteger()).get();
  }

  /** Ticks at {@code clock + d} and waits until every probe started has answered (or timed out). */
  void tickAt(Duration sinceStart) {
    clock.set(T0.plus(sinceStart));
    loop.tick();
  }

  void awaitSampled(String checkId, Instant at) {
    await().atMost(Duration.ofSeconds(10)).until(() -> loop.state(checkId)
        .flatMap(CheckState.View::lastSample).map(s -> !s.at().isBefore(at)).orElse(false));
  }

  @Test
  void eachSystemOnItsOwnInterval() {
    loop.register("pm2", "apps", counting("pm2", "web"));
    loop.register("githubActions", "workflows", counting("githubActions", "ci"));
    loop.register("netlifyFunctions", "functions", counting("netlifyFunctions", "hello"));
    loop.register("machine", "host", counting("machine", "host"));
    // every 30 s for 5 minutes
    for (int s = 0; s <= 300; s += 30) {
      tickAt(Duration.ofSeconds(s));
      awaitIdle();
    }
    assertThat(runs("pm2")).isEqualTo(11); // 0, 30, ..., 300
    assertThat(runs("githubActions")).isEqualTo(6); // 0, 60, ..., 300
    assertThat(runs("netlifyFunctions")).isEqualTo(3); // 0, 120, 240
    assertThat(runs("machine")).isEqualTo(2); // 0, 300
    assertThat(loop.states()).extracting(v -> v.check().id()).contains("pm2/web/up", "machine/host/up", "pm2/apps/probe");
    assertThat(loop.states()).allMatch(v -> v.status() == Status.OK);
    assertThat(transitions).isEmpty();
    assertThat(ticks).hasSize(11);
  }

  void awaitIdle() {
    await().atMost(Duration.ofSeconds(10)).until(() -> loop.running().isEmpty());
  }

  @Test
  void aHangingProbeTimesOutFailsAfterThreeCyclesAndBlocksNothing() throws Exception {
    AtomicInteger started = new AtomicInteger();
    CountDownLatch hanging = new CountDownLatch(1);
    loop.register("pm2", "stubborn", now -> {
      started.incrementAndGet();
      hanging.countDown();
      while (true) { // ignores interrupts, as a blocked native call would
        try {
          if (release.await(10, java.util.concurrent.TimeUnit.MILLISECONDS)) break;
        } catch (InterruptedException ignored) {
          // keeps hanging
        }
      }
      return List.of(Sample.ok(Check.of("pm2", "late", "up"), now, "late answer"));
    });
    loop.register("pm2", "apps", counting("pm2", "web"));

    tickAt(Duration.ZERO);
    hanging.await();
    awaitSampled("pm2/apps/probe", T0);
    for (int s = 30; s <= 90; s += 30) {
      tickAt(Duration.ofSeconds(s));
      awaitSampled("pm2/apps/probe", clock.instant());
      assertThat(loop.running()).containsExactly("pm2/stubborn/probe");
    }
    assertThat(runs("pm2")).isEqualTo(4); // the other probe went on every cycle
    assertThat(started).hasValue(1); // never started twice while hanging
    CheckState.View own = loop.state("pm2/stubborn/probe").orElseThrow();
    assertThat(own.status()).isEqualTo(Status.FAILING);
    assertThat(own.lastSample().orElseThrow().message()).isEqualTo("still no answer, 90 s after it started");
    assertThat(transitions).singleElement().satisfies(t -> {
      assertThat(t.check().id()).isEqualTo("pm2/stubborn/probe");
      assertThat(t.to()).isEqualTo(Status.FAILING);
      assertThat(t.at()).isEqualTo(T0.plusSeconds(90));
      assertThat(t.problemSince()).contains(T0.plusSeconds(30));
    });

    // it finally answers: the late answer is dropped, the next cycle runs it again and it recovers
    release.countDown();
    awaitIdle();
    assertThat(loop.state("pm2/late/up")).isEmpty();
    tickAt(Duration.ofSeconds(120));
    awaitSampled("pm2/late/up", T0.plusSeconds(120));
    assertThat(started).hasValue(2);
    assertThat(loop.state("pm2/stubborn/probe").orElseThrow().status()).isEqualTo(Status.RECOVERED);
  }

  @Test
  void aProbeThatInterruptsCleanlyIsStartedAgainAtItsNextCycle() throws Exception {
    AtomicInteger started = new AtomicInteger();
    loop.register("githubActions", "slow", now -> {
      started.incrementAndGet();
      release.await(); // interrupted at the timeout
      return List.of();
    }, Duration.ofSeconds(20));
    tickAt(Duration.ZERO);
    await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 1);
    tickAt(Duration.ofSeconds(20));
    assertThat(loop.state("githubActions/slow/probe").orElseThrow().lastSample().orElseThrow().message())
        .isEqualTo("no answer within 20 s");
    // the interrupted probe returns; at 60 s it is due and starts again
    awaitIdle();
    tickAt(Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 2);
  }

  @Test
  void aThrowingProbeFailsItsOwnCheckMaskedAndTheListenersHearIt() {
    SecretMasker.register("hunter2-health-secret");
    loop.register("netlifyFunctions", "functions", now -> {
      throw new IOException("cannot reach http://u:hunter2-health-secret@127.0.0.1:1/");
    });
    for (int m = 0; m <= 4; m += 2) {
      tickAt(Duration.ofMinutes(m));
      awaitSampled("netlifyFunctions/functions/probe", clock.instant());
    }
    CheckState.View v = loop.state("netlifyFunctions/functions/probe").orElseThrow();
    assertThat(v.status()).isEqualTo(Status.FAILING);
    assertThat(v.lastSample().orElseThrow().message()).isEqualTo("failed: IOException: cannot reach http://u:***@127.0.0.1:1/");
    assertThat(transitions).extracting(Transition::to).containsExactly(Status.FAILING);
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheOthers() {
    List<Transition> second = new CopyOnWriteArrayList<>();
    HealthLoop l = HealthLoop.builder(clock).thresholds(Thresholds.defaults().failures(Threshold.Failures.of(1))).build();
    try {
      l.addListener(t -> {
        throw new IllegalStateException("boom");
      });
      l.addListener(second::add);
      l.register("pm2", "apps", now -> List.of(Sample.failed(Check.of("pm2", "web", "up"), now, "stopped")));
      l.tick();
      await().atMost(Duration.ofSeconds(10)).until(() -> second.size() == 1);
      assertThat(second.get(0).reason()).isEqualTo("stopped");
    } finally {
      l.close();
    }
  }

  @Test
  void aSteadyMemoryRiseIsForecast() {
    loop.register("pm2", "apps", now -> {
      double minutes = Duration.between(T0, now).toSeconds() / 60.0;
      return List.of(Sample.value(Check.of("pm2", "web", Check.MEMORY), now, 40 + minutes, "")
          .withLimit(75, "its max_memory_restart (1.5 GB)"));
    });
    for (int s = 0; s <= 300; s += 30) {
      tickAt(Duration.ofSeconds(s));
      awaitSampled("pm2/web/memory", clock.instant());
    }
    assertThat(trends).singleElement().extracting(TrendWarning::message)
        .isEqualTo("web will reach its max_memory_restart (1.5 GB) in ~30 min");
    assertThat(loop.trend("pm2/web/memory")).get().extracting(TrendWarning::eta).isEqualTo(Duration.ofMinutes(30));
    assertThat(transitions).isEmpty();
  }

  @Test
  void dueNowRunsAProbeBeforeItsInterval() {
    loop.register("machine", "host", counting("machine", "host"));
    tickAt(Duration.ZERO);
    awaitSampled("machine/host/probe", T0);
    tickAt(Duration.ofSeconds(10));
    loop.dueNow("machine");
    loop.tick();
    awaitSampled("machine/host/probe", T0.plusSeconds(10));
    assertThat(runs("machine")).isEqualTo(2);
  }

  @Test
  void startTicksOnItsOwn() {
    HealthLoop l = HealthLoop.builder(java.time.Clock.systemUTC()).build();
    try {
      AtomicInteger n = new AtomicInteger();
      l.register("pm2", "apps", now -> {
        n.incrementAndGet();
        return List.of();
      });
      l.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> n.get() >= 1);
    } finally {
      l.close();
    }
  }
}
