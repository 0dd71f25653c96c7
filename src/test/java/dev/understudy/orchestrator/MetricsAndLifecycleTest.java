package dev.understudy.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.understudy.config.ConfigLoader;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.queue.JobQueue;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.RunState;
import dev.understudy.engine.queue.TriggerKind;
import dev.understudy.engine.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator's metrics and lifecycle over a real SQLite store and queue, no daemon. */
class MetricsAndLifecycleTest {
  @TempDir Path tmp;

  @Test
  void systemNamesAreMatchedWithoutCaseAndTyposGetASuggestion() {
    assertThat(Lifecycle.system("PM2")).isEqualTo("pm2");
    assertThat(Lifecycle.system("githubactions")).isEqualTo("githubActions");
    assertThatThrownBy(() -> Lifecycle.system("githubAction")).hasMessageContaining("did you mean 'githubActions'?");
    assertThatThrownBy(() -> Lifecycle.system("frobnicate")).hasMessageContaining("no system 'frobnicate'");
  }

  @Test
  void scheduleLagIsTheSlotToTheStart() {
    Instant slot = Instant.parse("2026-11-22T10:00:00Z");
    JobRun r = new JobRun("id", "j", slot.toString(), "jobs", TriggerKind.SCHEDULE, 0, RunState.SUCCEEDED, 1, 1, slot,
        Optional.of(slot.plusMillis(1500)), Optional.empty(), Optional.empty(), "", "", "n");
    assertThat(Metrics.scheduleLag(r)).contains(Duration.ofMillis(1500));
    JobRun manual = new JobRun("id", "j", "run:id", "jobs", TriggerKind.MANUAL, 0, RunState.SUCCEEDED, 1, 1, slot,
        Optional.of(slot), Optional.empty(), Optional.empty(), "", "", "n");
    assertThat(Metrics.scheduleLag(manual)).isEmpty();
  }

  @Test
  void runsHealthStatesAndEnsureShowUp() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("p"));
    Files.writeString(project.resolve("understudy.yml"), """
        pm2: {enabled: false}
        netlifyFunctions: {enabled: false}
        githubActions: {enabled: false}
        jobs:
          hello:
            command: ["true"]
        """);
    UnderstudyConfig config = new ConfigLoader(Map.of()).read(project);
    try (Store store = Store.sqlite(tmp.resolve("u.db"))) {
      JobQueue queue = JobQueue.builder(store).pollingInterval(Duration.ofMillis(100)).build();
      Orchestrator o = new Orchestrator(config, store, queue,
          new WorkflowRecovery.Places(tmp.resolve("b"), tmp.resolve("r"), tmp.resolve("s")));
      try {
        o.start();
        JobRun run = o.runNow("hello");
        await().atMost(Duration.ofSeconds(20)).until(() -> o.run(run.id()).map(r -> r.state().terminal()).orElse(false));
        o.metrics().healthStates(() -> Map.of("pm2:web", "failing"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(o.metrics().scrape())
            .contains("understudy_job_runs_total{outcome=\"succeeded\",system=\"jobs\",trigger=\"manual\"} 1.0")
            .contains("understudy_health_check_state{check=\"pm2:web\",state=\"failing\"} 1.0")
            .contains("understudy_queue_depth 0.0"));
        assertThat(o.metrics().self().storeUp()).isTrue();

        Lifecycle l = o.lifecycle();
        assertThat(l.ensure()).isEmpty();
        assertThat(l.running("githubActions")).isFalse();
        Lifecycle.Outcome started = l.act("GITHUBACTIONS", "start");
        assertThat(started.running()).isTrue();
        assertThat(started.message()).contains("githubActions started").contains("enabled: false");
        assertThat(l.act("githubActions", "start").changed()).isFalse();
        assertThat(l.act("githubActions", "stop").running()).isFalse();
        assertThatThrownBy(() -> l.act("gitSync", "start")).isInstanceOf(IllegalStateException.class).hasMessageContaining("not built yet");
      } finally {
        o.close();
      }
    }
  }
}
