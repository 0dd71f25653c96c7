package dev.understudy.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.understudy.engine.logs.SecretMasker;
import dev.understudy.engine.schedule.CronSchedule;
import dev.understudy.engine.store.Store;
import dev.understudy.testing.MutableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue's promises, held against every store: SQLite and PostgreSQL run the same tests. */
abstract class JobQueueContract {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Instant T0 = Instant.parse("2026-11-22T10:00:30Z");

  Store store;
  MutableClock clock;
  final List<JobQueue> queues = new ArrayList<>();

  abstract Store openStore();

  @BeforeEach
  void setUp() {
    store = openStore();
    clock = new MutableClock(T0);
  }

  @AfterEach
  void tearDown() {
    queues.forEach(JobQueue::close);
    store.close();
  }

  JobQueue queue(String node, Map<String, Integer> limits) {
    return queue(node, limits, 8);
  }

  JobQueue queue(String node, Map<String, Integer> limits, int workers) {
    JobQueue q = JobQueue.builder(store).clock(clock).node(node).workers(workers)
        .pollingInterval(Duration.ofMillis(200)).concurrencyLimits(limits)
        .startingDeadline(Duration.ofMinutes(30)).shutdownGrace(Duration.ofSeconds(2)).build();
    queues.add(q);
    return q;
  }

  JobQueue queue() {
    return queue("node-a", Map.of());
  }

  /** Waits for a run to finish; the test clock moves on meanwhile, as a run waiting for a permit needs. */
  JobRun awaitFinished(JobQueue q, String id) {
    await().atMost(WAIT).until(() -> {
      clock.advance(JobQueue.PERMIT_RETRY);
      q.checkDue();
      return q.run(id).map(r -> r.state().terminal()).orElse(false);
    });
    return q.run(id).orElseThrow();
  }

  @Test
  void acceptedRunIsRecordedThenSucceeds() {
    JobQueue q = queue();
    AtomicInteger calls = new AtomicInteger();
    q.register(JobDefinition.builder("hello", "test", ctx -> {
      calls.incrementAndGet();
      ctx.log("hello from attempt " + ctx.attempt());
    }).build());
    JobRun accepted = q.submit("hello", TriggerKind.MANUAL);
    assertThat(q.run(accepted.id())).isPresent(); // recorded before anything runs
    q.start();

    JobRun done = awaitFinished(q, accepted.id());
    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.attempt()).isEqualTo(1);
    assertThat(done.trigger()).isEqualTo(TriggerKind.MANUAL);
    assertThat(done.logExcerpt()).contains("hello from attempt 1");
    assertThat(done.startedAt()).isPresent();
    assertThat(calls).hasValue(1);
    assertThat(q.history("hello", 10)).extracting(JobRun::id).containsExactly(accepted.id());
  }

  @Test
  void failedAttemptsAreRetriedWithBackoffUntilOneSucceeds() {
    JobQueue q = queue();
    AtomicInteger calls = new AtomicInteger();
    q.register(JobDefinition.builder("flaky", "test", ctx -> {
      if (calls.incrementAndGet() < 3) throw new IllegalStateException("boom " + ctx.attempt());
    }).maxAttempts(3).backoff(Duration.ofMillis(50), Duration.ofMillis(100)).build());
    q.start();
    JobRun r = q.submit("flaky", TriggerKind.MANUAL);
    await().atMost(WAIT).until(() -> {
      clock.advance(Duration.ofMillis(200)); // backoff is measured on the queue's clock
      q.checkDue();
      return q.run(r.id()).orElseThrow().state().terminal();
    });
    JobRun done = q.run(r.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.attempt()).isEqualTo(3);
    assertThat(calls).hasValue(3);
  }

  @Test
  void runThatKeepsFailingEndsFailedWithTheReason() {
    JobQueue q = queue();
    q.register(JobDefinition.builder("broken", "test", ctx -> {
      throw new IllegalStateException("disk full");
    }).maxAttempts(2).backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build());
    q.start();
    JobRun r = q.submit("broken", TriggerKind.MANUAL);
    await().atMost(WAIT).until(() -> {
      clock.advance(Duration.ofMillis(100));
      q.checkDue();
      return q.run(r.id()).orElseThrow().state().terminal();
    });
    JobRun done = q.run(r.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RunState.FAILED);
    assertThat(done.attempt()).isEqualTo(2);
    assertThat(done.message()).contains("disk full");
  }

  @Test
  void attemptLongerThanItsTimeoutIsInterruptedAndTimedOut() {
    JobQueue q = queue();
    AtomicBoolean interrupted = new AtomicBoolean();
    q.register(JobDefinition.builder("slow", "test", ctx -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        interrupted.set(true);
        throw e;
      }
    }).maxAttempts(1).timeout(Duration.ofMillis(300)).build());
    q.start();
    JobRun done = awaitFinished(q, q.submit("slow", TriggerKind.MANUAL).id());
    assertThat(done.state()).isEqualTo(RunState.TIMED_OUT);
    await().atMost(WAIT).untilTrue(interrupted);
  }

  @Test
  void concurrencyLimitPerSystemIsHonoured() {
    JobQueue q = queue("node-a", Map.of("limited", 2));
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    q.register(JobDefinition.builder("work", "limited", ctx -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      Thread.sleep(150);
      running.decrementAndGet();
    }).build());
    q.start();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) ids.add(q.submit("work", TriggerKind.MANUAL).id());
    ids.forEach(id -> assertThat(awaitFinished(q, id).state()).isEqualTo(RunState.SUCCEEDED));
    assertThat(peak.get()).isEqualTo(2);
  }

  @Test
  void cronSlotRunsWhenItsInstantComesAndTheNextIsScheduled() {
    JobQueue q = queue();
    List<Optional<Instant>> slots = new CopyOnWriteArrayList<>();
    q.register(JobDefinition.builder("tick", "test", ctx -> slots.add(ctx.slot()))
        .schedule(CronSchedule.utc("* * * * *")).build());
    q.start();
    assertThat(q.schedules()).singleElement().satisfies(s -> assertThat(s.next()).contains(Instant.parse("2026-11-22T10:01:00Z")));

    clock.set(Instant.parse("2026-11-22T10:01:00.100Z"));
    q.checkDue();
    await().atMost(WAIT).until(() -> slots.size() == 1);
    assertThat(slots.get(0)).contains(Instant.parse("2026-11-22T10:01:00Z"));
    await().atMost(WAIT).until(() -> q.schedules().get(0).next().equals(Optional.of(Instant.parse("2026-11-22T10:02:00Z"))));
    JobRun run = q.history("tick", 1).get(0);
    assertThat(run.trigger()).isEqualTo(TriggerKind.SCHEDULE);
    assertThat(run.slot()).isEqualTo("2026-11-22T10:01:00Z");
  }

  @Test
  void aSlotRunsAtMostOnceEvenWhenTwoNodesRaceForIt() throws Exception {
    JobQueue a = queue("node-a", Map.of());
    JobQueue b = queue("node-b", Map.of());
    JobDefinition def = JobDefinition.builder("report", "test", ctx -> {}).build();
    a.register(def);
    b.register(def);
    Instant slot = Instant.parse("2026-11-22T11:00:00Z");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<JobRun>>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      JobQueue q = i % 2 == 0 ? a : b;
      Callable<Optional<JobRun>> c = () -> {
        go.await();
        return q.submit("report", TriggerKind.SCHEDULE, slot);
      };
      results.add(pool.submit(c));
    }
    go.countDown();
    int accepted = 0;
    for (Future<Optional<JobRun>> f : results) accepted += f.get().isPresent() ? 1 : 0;
    pool.shutdown();
    assertThat(accepted).isEqualTo(1);
    assertThat(a.history("report", 10)).singleElement().extracting(JobRun::slot).isEqualTo(slot.toString());
  }

  @Test
  void forbidPolicySkipsASlotWhileARunIsActive() {
    JobQueue q = queue();
    CountDownLatch release = new CountDownLatch(1);
    q.register(JobDefinition.builder("exclusive", "test", ctx -> release.await())
        .concurrency(ConcurrencyPolicy.FORBID).schedule(CronSchedule.utc("* * * * *")).build());
    q.start();
    JobRun manual = q.submit("exclusive", TriggerKind.MANUAL);
    await().atMost(WAIT).until(() -> q.run(manual.id()).orElseThrow().state() == RunState.RUNNING);

    clock.set(Instant.parse("2026-11-22T10:01:00.050Z"));
    q.checkDue();
    await().atMost(WAIT).until(() -> q.history("exclusive", 10).size() == 2);
    JobRun slotRun = q.history("exclusive", 10).stream().filter(r -> r.trigger() == TriggerKind.SCHEDULE).findFirst().orElseThrow();
    assertThat(slotRun.state()).isEqualTo(RunState.SKIPPED);
    assertThat(slotRun.message()).contains("forbid");
    release.countDown();
    assertThat(awaitFinished(q, manual.id()).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void missedSlotsAreCaughtUpOnceForTheLatestAfterDowntime() {
    JobDefinition def = JobDefinition.builder("every5", "test", ctx -> {})
        .schedule(CronSchedule.utc("*/5 * * * *")).build();
    JobQueue first = queue("node-a", Map.of());
    first.register(def);
    first.start();
    first.close(); // the daemon goes down before 10:05

    clock.set(Instant.parse("2026-11-22T10:31:10Z")); // 10:05 ... 10:30 passed while down
    JobQueue second = queue("node-a", Map.of());
    second.register(def);
    second.start();
    await().atMost(WAIT).until(() -> !second.history("every5", 10).isEmpty());
    List<JobRun> runs = second.history("every5", 10);
    assertThat(runs).singleElement().satisfies(r -> {
      assertThat(r.slot()).isEqualTo("2026-11-22T10:30:00Z");
      assertThat(r.trigger()).isEqualTo(TriggerKind.CATCH_UP);
    });
    await().atMost(WAIT).until(() -> second.schedules().get(0).next().equals(Optional.of(Instant.parse("2026-11-22T10:35:00Z"))));
  }

  @Test
  void aSlotOlderThanTheStartingDeadlineIsRecordedAsMissed() {
    JobDefinition def = JobDefinition.builder("hourly", "test", ctx -> {})
        .schedule(CronSchedule.utc("0 * * * *")).build();
    JobQueue first = queue("node-a", Map.of());
    first.register(def);
    first.close();

    clock.set(Instant.parse("2026-11-22T11:45:00Z")); // the 11:00 slot is 45 min old; deadline is 30
    JobQueue second = queue("node-a", Map.of());
    second.register(def);
    second.start();
    await().atMost(WAIT).until(() -> !second.history("hourly", 10).isEmpty());
    JobRun r = second.history("hourly", 10).get(0);
    assertThat(r.state()).isEqualTo(RunState.MISSED);
    assertThat(r.slot()).isEqualTo("2026-11-22T11:00:00Z");
  }

  @Test
  void aMissedSlotIsMadeUpOnceWithItsSlot() {
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    JobDefinition def = JobDefinition.builder("hourly", "test", ctx -> seen.add(ctx.slot().map(Instant::toString).orElse("none")))
        .schedule(CronSchedule.utc("0 * * * *")).build();
    JobQueue first = queue("node-a", Map.of());
    first.register(def);
    first.close();
    clock.set(Instant.parse("2026-11-22T11:45:00Z"));
    JobQueue second = queue("node-a", Map.of());
    second.register(def);
    second.start();
    await().atMost(WAIT).until(() -> !second.history("hourly", 10).isEmpty());
    Instant slot = second.history("hourly", 10).get(0).slotInstant().orElseThrow();

    JobRun made = second.submitMakeUp("hourly", slot).orElseThrow();
    assertThat(made.makeUp()).isTrue();
    assertThat(made.trigger()).isEqualTo(TriggerKind.CATCH_UP);
    assertThat(second.submitMakeUp("hourly", slot)).as("a slot is made up once").isEmpty();
    await().atMost(WAIT).until(() -> second.run(made.id()).map(r -> r.state() == RunState.SUCCEEDED).orElse(false));
    assertThat(seen).containsExactly("2026-11-22T11:00:00Z");
    assertThat(second.run(made.id()).orElseThrow().slotInstant()).contains(slot);
  }

  @Test
  void aRunsInputSurvivesARestartAndEveryRetrySeesIt() {
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger calls = new AtomicInteger();
    JobDefinition def = JobDefinition.builder("with-input", "test", ctx -> {
      seen.add(ctx.attempt() + ":" + ctx.payload().orElse("none"));
      if (calls.incrementAndGet() < 2) throw new IllegalStateException("first attempt fails");
    }).maxAttempts(3).backoff(Duration.ofMillis(50), Duration.ofMillis(100)).build();
    JobQueue first = queue();
    first.register(def);
    JobRun r = first.submitWithPayload("with-input", TriggerKind.HTTP, "{\"body\": \"caf\u00e9 \u2603\"}");
    first.close(); // accepted, never started: the next daemon runs it
    JobQueue second = queue();
    second.register(def);
    second.start();
    await().atMost(WAIT).until(() -> {
      clock.advance(Duration.ofMillis(200));
      second.checkDue();
      return second.run(r.id()).orElseThrow().state().terminal();
    });
    assertThat(second.run(r.id()).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(second.run(r.id()).orElseThrow().trigger()).isEqualTo(TriggerKind.HTTP);
    assertThat(seen).containsExactly("1:{\"body\": \"caf\u00e9 \u2603\"}", "2:{\"body\": \"caf\u00e9 \u2603\"}");
    JobRun plain = second.submit("with-input", TriggerKind.MANUAL);
    awaitFinished(second, plain.id());
    assertThat(seen).last().isEqualTo("1:none");
  }

  @Test
  void acceptedRunsSurviveARestartEvenWithoutTheirQueueRow() throws Exception {
    JobDefinition def = JobDefinition.builder("durable", "test", ctx -> {}).build();
    JobQueue first = queue();
    first.register(def);
    JobRun a = first.submit("durable", TriggerKind.MANUAL);
    JobRun b = first.submit("durable", TriggerKind.MANUAL);
    first.close();
    try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM scheduled_tasks WHERE task_instance = '" + b.id() + "'"); // as if it crashed between the writes
    }
    JobQueue second = queue();
    second.register(def);
    second.start();
    assertThat(awaitFinished(second, a.id()).state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(awaitFinished(second, b.id()).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void unknownJobIsRefusedWithASuggestion() {
    JobQueue q = queue();
    q.register(JobDefinition.builder("backup", "test", ctx -> {}).build());
    assertThatThrownBy(() -> q.submit("bakup", TriggerKind.MANUAL))
        .isInstanceOf(QueueException.class).hasMessageContaining("did you mean 'backup'");
  }

  @Test
  void historyOlderThanRetentionIsPurgedButActiveRunsStay() {
    JobQueue q = queue();
    CountDownLatch release = new CountDownLatch(1);
    q.register(JobDefinition.builder("old", "test", ctx -> {}).build());
    q.register(JobDefinition.builder("busy", "test", ctx -> release.await()).build());
    q.start();
    JobRun done = awaitFinished(q, q.submit("old", TriggerKind.MANUAL).id());
    JobRun busy = q.submit("busy", TriggerKind.MANUAL);
    await().atMost(WAIT).until(() -> q.run(busy.id()).orElseThrow().state() == RunState.RUNNING);
    clock.advance(Duration.ofDays(31));
    assertThat(q.purgeHistory(Duration.ofDays(30))).isEqualTo(1);
    assertThat(q.run(done.id())).isEmpty();
    assertThat(q.run(busy.id())).isPresent();
    release.countDown();
  }

  @Test
  void aRevivedSlotExecutionDoesNotRunItsSlotAgain() {
    JobQueue q = queue();
    AtomicInteger runs = new AtomicInteger();
    q.register(JobDefinition.builder("tick", "test", ctx -> runs.incrementAndGet())
        .schedule(CronSchedule.utc("* * * * *")).build());
    q.start();
    clock.set(Instant.parse("2026-11-22T10:01:00.100Z"));
    q.checkDue();
    await().atMost(WAIT).until(() -> q.schedules().get(0).next().equals(Optional.of(Instant.parse("2026-11-22T10:02:00Z"))));

    // As db-scheduler does when it revives a dead execution: same data, execution time "now".
    clock.set(Instant.parse("2026-11-22T10:01:20Z"));
    SchedulerClient client = SchedulerClient.Builder.create(store.dataSource()).build();
    client.reschedule(TaskInstanceId.of(JobQueue.SLOT_TASK, "tick"), clock.instant(),
        new JobQueue.SlotData(CronSchedule.utc("* * * * *").spec(), Instant.parse("2026-11-22T10:01:00Z")).text());
    q.checkDue();
    await().atMost(WAIT).until(() -> q.schedules().get(0).next().equals(Optional.of(Instant.parse("2026-11-22T10:02:00Z"))));
    assertThat(q.history("tick", 10)).singleElement().extracting(JobRun::slot).isEqualTo("2026-11-22T10:01:00Z");
    await().atMost(WAIT).until(() -> runs.get() == 1);
  }

  @Test
  void aSystemAtItsLimitDoesNotStarveTheOthers() {
    JobQueue q = queue("node-a", Map.of("slow", 1), 2);
    CountDownLatch release = new CountDownLatch(1);
    q.register(JobDefinition.builder("slow-job", "slow", ctx -> release.await()).build());
    q.register(JobDefinition.builder("fast-job", "fast", ctx -> {}).build());
    q.start();
    List<JobRun> slow = new ArrayList<>();
    for (int i = 0; i < 4; i++) slow.add(q.submit("slow-job", TriggerKind.MANUAL));
    await().atMost(WAIT).until(() -> slow.stream().anyMatch(r -> q.run(r.id()).orElseThrow().state() == RunState.RUNNING));
    assertThat(awaitFinished(q, q.submit("fast-job", TriggerKind.MANUAL).id()).state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(slow.stream().filter(r -> q.run(r.id()).orElseThrow().state() == RunState.RUNNING)).hasSize(1);
    release.countDown();
    slow.forEach(r -> assertThat(awaitFinished(q, r.id()).state()).isEqualTo(RunState.SUCCEEDED));
  }

  @Test
  void replacePolicyCancelsTheActiveRunForTheNewSlot() {
    JobQueue q = queue();
    AtomicBoolean sawCancel = new AtomicBoolean();
    q.register(JobDefinition.builder("latest-only", "test", ctx -> {
      if (ctx.trigger() == TriggerKind.MANUAL) {
        while (!ctx.cancelled()) Thread.onSpinWait();
        sawCancel.set(true);
      }
    }).concurrency(ConcurrencyPolicy.REPLACE).schedule(CronSchedule.utc("* * * * *")).build());
    q.start();
    JobRun manual = q.submit("latest-only", TriggerKind.MANUAL);
    await().atMost(WAIT).until(() -> q.run(manual.id()).orElseThrow().state() == RunState.RUNNING);
    clock.set(Instant.parse("2026-11-22T10:01:00.050Z"));
    q.checkDue();
    assertThat(awaitFinished(q, manual.id()).state()).isEqualTo(RunState.CANCELLED);
    await().atMost(WAIT).untilTrue(sawCancel);
    await().atMost(WAIT).until(() -> q.history("latest-only", 10).stream()
        .anyMatch(r -> r.trigger() == TriggerKind.SCHEDULE && r.state() == RunState.SUCCEEDED));
  }

  @Test
  void anAttemptCutOffByAStopRunsAgainAfterRestartWithoutUsingAnAttempt() {
    AtomicInteger attempts = new AtomicInteger();
    JobQueue first = queue();
    first.register(JobDefinition.builder("long", "test", ctx -> Thread.sleep(60_000)).maxAttempts(1).build());
    first.start();
    JobRun r = first.submit("long", TriggerKind.MANUAL);
    await().atMost(WAIT).until(() -> first.run(r.id()).orElseThrow().state() == RunState.RUNNING);
    first.close(); // the grace runs out and the attempt is cut off

    assertThat(first.run(r.id()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    clock.advance(Duration.ofMinutes(1)); // long enough for other nodes to see the heartbeat stop
    JobQueue second = queue();
    second.register(JobDefinition.builder("long", "test", ctx -> attempts.set(ctx.attempt())).maxAttempts(1).build());
    second.start();
    await().atMost(Duration.ofSeconds(40)).until(() -> second.run(r.id()).orElseThrow().state().terminal());
    assertThat(second.run(r.id()).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void secretsAreMaskedInTheHistory() {
    SecretMasker.register("hunter2-very-secret");
    JobQueue q = queue();
    q.register(JobDefinition.builder("leaky", "test", ctx -> {
      ctx.log("connecting with password hunter2-very-secret");
      throw new IllegalStateException("login refused for hunter2-very-secret");
    }).maxAttempts(1).build());
    q.start();
    JobRun done = awaitFinished(q, q.submit("leaky", TriggerKind.MANUAL).id());
    assertThat(done.message()).contains("login refused for ***").doesNotContain("hunter2");
    assertThat(done.logExcerpt()).contains("password ***").doesNotContain("hunter2");
  }
}
