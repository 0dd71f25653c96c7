package dev.understudy.orchestrator.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.PrimaryWatch;
import dev.understudy.engine.monitor.Sample;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.RunState;
import dev.understudy.engine.queue.TriggerKind;
import dev.understudy.engine.supervise.ProcessState;
import dev.understudy.engine.supervise.Snapshot;
import dev.understudy.systems.actions.ActionsSystem;
import dev.understudy.systems.netlify.NetlifySystem;
import dev.understudy.systems.netlify.serve.NodeWorkerPool;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProbesTest {
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  static Snapshot proc(String name, ProcessState st, int restarts, long mem, double cpu) {
    return new Snapshot(name, 0, 42, st, restarts, 0, 1000, cpu, mem, Optional.of(1), Optional.empty(), false);
  }

  static Map<String, Sample> byId(List<Sample> s) {
    return s.stream().collect(Collectors.toMap(x -> x.check().id(), Function.identity()));
  }

  @Test
  void pm2UpRestartsMemoryAndCpu() {
    Pm2Probe p = new Pm2Probe(Optional::empty, 1000L * 1024 * 1024);
    Map<String, Sample> first = byId(p.samples(List.of(proc("web", ProcessState.ONLINE, 0, 250L * 1024 * 1024, 12.5),
        proc("worker", ProcessState.ERRORED, 15, 0, 0), proc("batch", ProcessState.STOPPED, 0, 0, 0)), n -> n.equals("web") ? 300L * 1024 * 1024 : 0, NOW));
    assertThat(first.get("pm2/web/up").ok()).isTrue();
    assertThat(first.get("pm2/web/memory").value().getAsDouble()).isEqualTo(25.0);
    assertThat(first.get("pm2/web/memory").limit()).hasValueSatisfying(l -> {
      assertThat(l.value()).isEqualTo(30.0);
      assertThat(l.label()).isEqualTo("its max_memory_restart (300 MB)");
    });
    assertThat(first.get("pm2/web/cpu").value().getAsDouble()).isEqualTo(12.5);
    assertThat(first.get("pm2/worker/up").ok()).isFalse();
    assertThat(first.get("pm2/worker/up").message()).contains("errored").contains("exit code 1");
    assertThat(first).doesNotContainKey("pm2/worker/memory");
    assertThat(first.get("pm2/batch/up").ok()).isTrue();
    assertThat(first.get("pm2/web/restarts").ok()).isTrue();

    Map<String, Sample> next = byId(p.samples(List.of(proc("web", ProcessState.ONLINE, 2, 1, 0)), n -> 0, NOW.plusSeconds(30)));
    assertThat(next.get("pm2/web/restarts").ok()).isFalse();
    assertThat(next.get("pm2/web/restarts").message()).contains("restarted 2 time(s)");
    Map<String, Sample> calm = byId(p.samples(List.of(proc("web", ProcessState.ONLINE, 2, 1, 0)), n -> 0, NOW.plusSeconds(60)));
    assertThat(calm.get("pm2/web/restarts").ok()).isTrue();
  }

  static JobRun run(String job, String slot, RunState st, String msg) {
    return new JobRun("r1", job, slot, "githubActions", TriggerKind.SCHEDULE, 0, st, 1, 1, NOW, Optional.of(NOW), Optional.of(NOW),
        Optional.empty(), msg, "", "n");
  }

  static ActionsSystem.Workflow wf(String name, ActionsSystem.State st) {
    return new ActionsSystem.Workflow(name, ".github/workflows/" + name, st, List.of(), 0, Optional.empty(), NOW, Optional.empty());
  }

  @Test
  void workflowsValidLastRunAndMissedSlots() {
    Map<String, List<JobRun>> history = Map.of(
        "workflow:ci", List.of(run("workflow:ci", "2026-11-22T11:00:00Z", RunState.FAILED, "exit code 1")),
        "workflow:nightly", List.of(run("workflow:nightly", "2026-11-22T02:00:00Z", RunState.MISSED, "the daemon was down"),
            run("workflow:nightly", "2026-11-21T02:00:00Z", RunState.SUCCEEDED, "")));
    PrimaryWatch primary = new PrimaryWatch();
    primary.failed(Check.of("githubActions", "nightly.yaml", PrimaryWatch.PRIMARY), "GitHub missed the slot: it ran here");
    WorkflowsProbe p = workflows(List.of(wf("ci.yml", ActionsSystem.State.VALID), wf("nightly.yaml", ActionsSystem.State.VALID),
        wf("gone.yml", ActionsSystem.State.MISSING)), history, primary);
    Map<String, Sample> s = byId(p.sample(NOW));
    assertThat(s.get("githubActions/ci.yml/valid").ok()).isTrue();
    assertThat(s.get("githubActions/ci.yml/lastRun").ok()).isFalse();
    assertThat(s.get("githubActions/ci.yml/lastRun").message()).contains("failed").contains("exit code 1");
    assertThat(s.get("githubActions/ci.yml/missed").ok()).isTrue();
    assertThat(s.get("githubActions/nightly.yaml/missed").ok()).isFalse();
    assertThat(s.get("githubActions/nightly.yaml/missed").message()).contains("2026-11-22T02:00:00Z");
    assertThat(s.get("githubActions/nightly.yaml/lastRun").ok()).isTrue();
    assertThat(s.get("githubActions/gone.yml/valid").ok()).isFalse();
    assertThat(s).doesNotContainKey("githubActions/gone.yml/lastRun");
    assertThat(s.get("githubActions/nightly.yaml/primary").ok()).isFalse();
    assertThat(s.get("githubActions/nightly.yaml/primary").message()).isEqualTo("GitHub missed the slot: it ran here");
  }

  @Test
  void aManualRunIsNoSlotAndAMadeUpSlotIsNoLongerMissed() {
    JobRun manual = new JobRun("m1", "workflow:nightly", "run:m1", "githubActions", TriggerKind.MANUAL, 0, RunState.SUCCEEDED, 1, 1, NOW,
        Optional.of(NOW), Optional.of(NOW), Optional.empty(), "", "", "n");
    JobRun missed = run("workflow:nightly", "2026-11-22T02:00:00Z", RunState.MISSED, "the daemon was down");
    List<ActionsSystem.Workflow> nightly = List.of(wf("nightly.yml", ActionsSystem.State.VALID));

    Map<String, Sample> s = byId(workflows(nightly, Map.of("workflow:nightly", List.of(manual, missed)), new PrimaryWatch()).sample(NOW));
    assertThat(s.get("githubActions/nightly.yml/missed").ok()).as("a manual run does not hide the missed slot").isFalse();

    JobRun madeUp = run("workflow:nightly", "2026-11-22T02:00:00Z" + JobRun.MAKE_UP, RunState.SUCCEEDED, "");
    s = byId(workflows(nightly, Map.of("workflow:nightly", List.of(madeUp, manual, missed)), new PrimaryWatch()).sample(NOW));
    assertThat(s.get("githubActions/nightly.yml/missed").ok()).isTrue();
    assertThat(s.get("githubActions/nightly.yml/missed").message()).contains("made up its missed slot 2026-11-22T02:00:00Z");

    JobRun failedMakeUp = run("workflow:nightly", "2026-11-22T02:00:00Z" + JobRun.MAKE_UP, RunState.FAILED, "exit code 2");
    s = byId(workflows(nightly, Map.of("workflow:nightly", List.of(failedMakeUp, missed)), new PrimaryWatch()).sample(NOW));
    assertThat(s.get("githubActions/nightly.yml/missed").ok()).isFalse();
    assertThat(s.get("githubActions/nightly.yml/missed").message()).contains("make-up run").contains("exit code 2");
  }

  static WorkflowsProbe workflows(List<ActionsSystem.Workflow> workflows, Map<String, List<JobRun>> history, PrimaryWatch primary) {
    return new WorkflowsProbe(new WorkflowsProbe.Source() {
      public List<ActionsSystem.Workflow> workflows() {
        return workflows;
      }

      public List<JobRun> history(String job, int limit) {
        return history.getOrDefault(job, List.of());
      }

      public List<Sample> primary(Instant now) {
        return primary.samples(now);
      }
    });
  }

  static FunctionsProbe functions(Optional<String> url, Optional<NodeWorkerPool.Stats> workers) {
    return new FunctionsProbe(new FunctionsProbe.Source() {
      public List<NetlifySystem.FunctionStatus> functions() {
        return List.of();
      }

      public Optional<String> url() {
        return url;
      }

      public List<JobRun> history(String job, int limit) {
        return List.of();
      }

      public Optional<NodeWorkerPool.Stats> workers() {
        return workers;
      }

      public List<Sample> primary(Instant now) {
        return List.of();
      }
    }, java.time.Duration.ofSeconds(5));
  }

  static DaemonProbe daemon(boolean storeUp, Optional<Instant> next, Map<String, Boolean> systems) {
    return new DaemonProbe(new DaemonProbe.Source() {
      public boolean storeUp() {
        return storeUp;
      }

      public List<dev.understudy.engine.queue.JobQueue.ScheduleStatus> schedules() {
        return List.of(new dev.understudy.engine.queue.JobQueue.ScheduleStatus("workflow:nightly", "githubActions",
            dev.understudy.engine.schedule.CronSchedule.utc("0 * * * *"), next, Optional.empty()));
      }

      public Map<String, Boolean> systems() {
        return systems;
      }
    });
  }

  @Test
  void theDaemonsStoreSchedulerAndSystems() {
    Map<String, Sample> s = byId(daemon(true, Optional.of(NOW.minusSeconds(30)), Map.of("githubActions", true)).sample(NOW));
    assertThat(s.get("daemon/store/up").ok()).isTrue();
    assertThat(s.get("daemon/scheduler/lag").ok()).as("due 30 s ago: within the minute").isTrue();
    assertThat(s.get("daemon/githubActions/running").ok()).isTrue();
    s = byId(daemon(true, Optional.of(NOW.minusSeconds(300)), Map.of("netlifyFunctions", false)).sample(NOW));
    assertThat(s.get("daemon/scheduler/lag").ok()).isFalse();
    assertThat(s.get("daemon/scheduler/lag").message()).contains("of workflow:nightly has not fired, 5 min late");
    assertThat(s.get("daemon/netlifyFunctions/running").ok()).isFalse();
    assertThat(s.get("daemon/netlifyFunctions/running").message()).contains("should run but does not");
    s = byId(daemon(false, Optional.of(NOW.minusSeconds(300)), Map.of()).sample(NOW));
    assertThat(s.get("daemon/store/up").ok()).isFalse();
    assertThat(s).as("no lag judged while the store is down").doesNotContainKey("daemon/scheduler/lag");
  }

  @Test
  void functionWorkersAreReadyOrNot() throws Exception {
    Map<String, Sample> s = byId(functions(Optional.empty(), Optional.of(new NodeWorkerPool.Stats(2, 2, 1, 0, 3, 1, List.of(1L, 2L), Optional.empty())))
        .sample(NOW));
    assertThat(s.get("netlifyFunctions/workers/ready").ok()).isTrue();
    assertThat(s.get("netlifyFunctions/workers/ready").message()).isEqualTo("1 of 2 Node worker(s) ready, 1 replaced so far");
    s = byId(functions(Optional.empty(), Optional.of(new NodeWorkerPool.Stats(2, 0, 0, 0, 9, 7, List.of(), Optional.of("cannot start 'nodee'"))))
        .sample(NOW));
    assertThat(s.get("netlifyFunctions/workers/ready").ok()).isFalse();
    assertThat(s.get("netlifyFunctions/workers/ready").message()).contains("no Node worker is ready").endsWith(": cannot start 'nodee'");
  }

  @Test
  void theFunctionServerAnswersOrNot() throws Exception {
    var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.createContext("/", ex -> {
      paths.add(ex.getRequestURI().getPath());
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/.netlify/functions/";
      FunctionsProbe p = functions(Optional.of(url), Optional.empty());
      Sample s = p.sample(NOW).get(0);
      assertThat(s.ok()).as(s.message()).isTrue();
      assertThat(s.message()).contains("answered 404");
      assertThat(paths).containsExactly("/"); // never a function
    } finally {
      server.stop(0);
    }
    FunctionsProbe down = functions(Optional.empty(), Optional.empty());
    assertThat(down.sample(NOW).get(0).ok()).isFalse();
  }
}
