package dev.understudy.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.config.ConfigLoader;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.monitor.Sample;
import dev.understudy.engine.queue.JobQueue;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.RunState;
import dev.understudy.engine.store.Store;
import dev.understudy.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health loop's recoveries in a real orchestrator (SQLite store, queue, workflow runner), no
 * daemon: a wedged system is restarted, probes follow the systems' lifecycle, and a missed slot is
 * made up.
 */
class HealthRecoveryTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path tmp;

  Orchestrator orchestrator(Path project, Store store, JobQueue queue) {
    return new Orchestrator(new ConfigLoader(Map.of()).read(project), store, queue,
        new WorkflowRecovery.Places(tmp.resolve("backups"), tmp.resolve("rejected"), tmp.resolve("secrets"))).withHealth(tmp.resolve("home"));
  }

  Path project(String yml) throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("understudy.yml"), yml);
    Path workflows = Files.createDirectories(project.resolve(".github/workflows"));
    Files.writeString(workflows.resolve("nightly.yml"), """
        on:
          schedule:
            - cron: '0 * * * *'
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: echo "$GITHUB_EVENT_NAME" >> ran.txt
        """);
    return project;
  }

  static Optional<Map<String, Object>> check(Orchestrator o, String id) {
    return o.health().orElseThrow().checks().stream().filter(c -> id.equals(c.get("check"))).findFirst();
  }

  @Test
  void aWedgedSystemIsRestartedAndItsProbeFollowsTheLifecycle() throws Exception {
    Path project = project("""
        health:
          intervals: {githubActions: 1s}
        pm2: {enabled: false}
        netlifyFunctions: {enabled: false}
        """);
    CountDownLatch never = new CountDownLatch(1);
    try (Store store = Store.sqlite(tmp.resolve("u.db"))) {
      JobQueue queue = JobQueue.builder(store).pollingInterval(Duration.ofMillis(100)).build();
      Orchestrator o = orchestrator(project, store, queue);
      try {
        o.start();
        await().atMost(WAIT).until(() -> check(o, "githubActions/nightly.yml/valid").isPresent());
        // fault: the system's probe hangs, as it would if the system were stuck
        o.health().orElseThrow().loop().register("githubActions", "workflows", now -> {
          never.await();
          return List.of();
        }, Duration.ofMillis(300));

        await().atMost(WAIT).untilAsserted(() -> assertThat(check(o, "githubActions/workflows/probe"))
            .hasValueSatisfying(c -> assertThat((String) c.get("recovery"))
                .contains("restarted system githubActions (its probe failed or hung: the system looked wedged)")));
        assertThat(o.lifecycle().running("githubActions")).isTrue();
        // the restart registered the real probe again: it answers
        await().atMost(WAIT).untilAsserted(() -> assertThat(check(o, "githubActions/workflows/probe"))
            .hasValueSatisfying(c -> assertThat(c.get("status")).isEqualTo("ok")));

        o.lifecycle().act("githubActions", "stop");
        assertThat(o.health().orElseThrow().checks()).noneMatch(c -> c.get("system").equals("githubActions"));
        Thread.sleep(2500); // two of its intervals: nothing comes back while it is stopped
        assertThat(o.health().orElseThrow().checks()).noneMatch(c -> c.get("system").equals("githubActions"));
        o.lifecycle().act("githubActions", "start");
        await().atMost(WAIT).until(() -> check(o, "githubActions/nightly.yml/valid").isPresent());
      } finally {
        never.countDown();
        o.close();
      }
    }
  }

  @Test
  void aMissedSlotIsMadeUpAndItsCheckGoesBackToOk() throws Exception {
    Path project = project("""
        health:
          intervals: {githubActions: 1s}
          thresholds:
            failures: {failing: 1}
        githubActions: {mode: replace}
        pm2: {enabled: false}
        netlifyFunctions: {enabled: false}
        """);
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:30:00Z"));
    try (Store store = Store.sqlite(tmp.resolve("u.db"))) {
      Orchestrator first = orchestrator(project, store, queue(store, clock));
      first.start(); // the next slot, 11:00, is stored
      first.close();

      clock.set(Instant.parse("2026-11-22T11:45:00Z")); // down at 11:00, which is past the 30 min starting deadline now
      Orchestrator o = orchestrator(project, store, queue(store, clock));
      try {
        o.start();
        await().atMost(WAIT).untilAsserted(() -> assertThat(o.history("workflow:nightly", 10))
            .anySatisfy(r -> assertThat(r.state()).isEqualTo(RunState.MISSED)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(o.history("workflow:nightly", 10))
            .anySatisfy(r -> {
              assertThat(r.makeUp()).isTrue();
              assertThat(r.state()).isEqualTo(RunState.SUCCEEDED);
            }));
        assertThat(Files.readString(project.resolve("ran.txt"))).as("run as the slot would have been").isEqualTo("schedule\n");
        await().atMost(WAIT).untilAsserted(() -> assertThat(check(o, "githubActions/nightly.yml/missed"))
            .hasValueSatisfying(c -> {
              assertThat(c.get("status")).isIn("recovered", "ok");
              assertThat((String) c.get("last")).contains("made up its missed slot 2026-11-22T11:00:00Z");
              assertThat((String) c.get("recovery")).contains("running the missed slot 2026-11-22T11:00:00Z of workflow:nightly now");
            }));
        List<JobRun> madeUp = o.history("workflow:nightly", 10).stream().filter(JobRun::makeUp).toList();
        assertThat(madeUp).as("made up once").hasSize(1);
        List<Sample> primary = o.primaryChecks("githubActions", Instant.now());
        assertThat(primary).as("replace mode watches no primary").isEmpty();
      } finally {
        o.close();
      }
    }
  }

  static JobQueue queue(Store store, MutableClock clock) {
    return JobQueue.builder(store).clock(clock).node("n1").startingDeadline(Duration.ofMinutes(30)).pollingInterval(Duration.ofMillis(100)).build();
  }
}
