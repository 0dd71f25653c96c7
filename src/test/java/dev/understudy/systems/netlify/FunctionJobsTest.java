package dev.understudy.systems.netlify;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.understudy.config.Mode;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.queue.JobDefinition;
import dev.understudy.engine.queue.JobQueue;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.RunState;
import dev.understudy.engine.queue.TriggerKind;
import dev.understudy.engine.store.Store;
import dev.understudy.systems.netlify.api.FakeNetlify;
import dev.understudy.systems.netlify.api.NetlifyAccess;
import dev.understudy.systems.netlify.api.NetlifyClient;
import dev.understudy.systems.netlify.api.NetlifyFailover;
import dev.understudy.systems.netlify.serve.NodeWorkerPool;
import dev.understudy.systems.netlify.site.SiteReader;
import dev.understudy.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Functions as queue jobs, run by real Node workers through the real queue on SQLite, on a settable clock. */
class FunctionJobsTest {
  @RegisterExtension
  static WireMockExtension netlify = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final Instant T0 = Instant.parse("2026-11-22T11:59:59Z");
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path project;
  MutableClock clock;
  Store store;
  JobQueue queue;
  NodeWorkerPool pool;
  Site site;

  @BeforeEach
  void setUp() throws IOException {
    Path fns = Files.createDirectories(project.resolve("netlify/functions"));
    // fails its first call (a marker file tells), succeeds the next: Netlify's retry is what saves it
    Files.writeString(fns.resolve("flaky-background.mjs"), """
        import { existsSync, writeFileSync, appendFileSync } from "node:fs";
        export default async (req) => {
          const marker = process.cwd() + "/tried";
          appendFileSync(process.cwd() + "/calls", (await req.text()) + "\\n");
          if (!existsSync(marker)) { writeFileSync(marker, "1"); throw new Error("first call fails"); }
          return new Response("done");
        };
        """);
    Files.writeString(fns.resolve("digest.mjs"), """
        import { appendFileSync } from "node:fs";
        export default async (req) => {
          appendFileSync(process.cwd() + "/digest", req.headers.get("x-nf-event") + " " + (await req.text()) + "\\n");
          return new Response("ok");
        };
        export const config = { schedule: "0 12 * * *" };
        """);
    site = new SiteReader(Optional.empty()).read(project);
    assertThat(site.problems()).isEmpty();
    clock = new MutableClock(T0);
    store = Store.sqlite(project.resolve("understudy.db"));
    queue = JobQueue.builder(store).clock(clock).node("test").pollingInterval(Duration.ofMillis(100)).build();
    pool = new NodeWorkerPool(NodeWorkerPool.Options.defaults().withSize(1).withWorkingDir(project));
  }

  @AfterEach
  void tearDown() {
    queue.close();
    pool.close();
    store.close();
  }

  FunctionJobs jobs(Mode mode, Optional<NetlifyFailover> failover) {
    return new FunctionJobs(() -> site, pool, () -> "http://127.0.0.1:8888", Duration.ofSeconds(30), mode, failover);
  }

  NetlifyFailover failover() {
    UnderstudyConfig.NetlifyFunctions s = new UnderstudyConfig.NetlifyFunctions("127.0.0.1", 0, Duration.ofSeconds(30), 1, Map.of(),
        false, 5, Optional.of(FakeNetlify.SITE), Optional.empty(), netlify.baseUrl(), Duration.ofMinutes(1));
    return NetlifyFailover.of(NetlifyAccess.discover(s, project, Map.of("NETLIFY_AUTH_TOKEN", FakeNetlify.TOKEN)),
        new NetlifyClient.Options(Duration.ofSeconds(2), Duration.ofSeconds(5), 1, Duration.ofMillis(1), Duration.ofMillis(1)),
        d -> {}, n -> {});
  }

  @Test
  void everyFunctionIsAJobAndScheduledOnesCarryTheirCronUnlessOff() {
    List<JobDefinition> defs = jobs(Mode.REPLACE, Optional.empty()).definitions();
    assertThat(defs).extracting(JobDefinition::name).containsExactlyInAnyOrder("function:digest", "function:flaky-background");
    JobDefinition digest = defs.stream().filter(d -> d.name().equals("function:digest")).findFirst().orElseThrow();
    assertThat(digest.schedule().orElseThrow().toString()).contains("0 12 * * *");
    assertThat(digest.maxAttempts()).isEqualTo(1);
    JobDefinition background = defs.stream().filter(d -> d.name().equals("function:flaky-background")).findFirst().orElseThrow();
    assertThat(background.maxAttempts()).isEqualTo(3);
    assertThat(background.backoffAfter(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(background.backoffAfter(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(jobs(Mode.OFF, Optional.empty()).definitions()).allSatisfy(d -> assertThat(d.schedule()).isEmpty());
  }

  @Test
  void aFailedBackgroundCallIsRetriedAMinuteLaterWithTheSameRequest() throws Exception {
    jobs(Mode.REPLACE, Optional.empty()).definitions().forEach(queue::register);
    queue.start();
    FunctionInvoker.Call call = new FunctionInvoker.Call("POST", "http://127.0.0.1:8888/.netlify/functions/flaky-background",
        Map.of("content-type", List.of("text/plain")), "payload-42".getBytes(StandardCharsets.UTF_8));
    JobRun r = queue.submitWithPayload("function:flaky-background", TriggerKind.HTTP, FunctionCall.encode(call));
    await().atMost(WAIT).until(() -> queue.run(r.id()).orElseThrow().state() == RunState.RETRYING);
    JobRun retrying = queue.run(r.id()).orElseThrow();
    assertThat(retrying.nextAttemptAt().orElseThrow()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(retrying.message()).contains("first call fails");
    clock.advance(Duration.ofMinutes(1));
    queue.checkDue();
    await().atMost(WAIT).until(() -> {
      queue.checkDue();
      return queue.run(r.id()).orElseThrow().state().terminal();
    });
    JobRun done = queue.run(r.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.attempt()).isEqualTo(2);
    assertThat(Files.readAllLines(project.resolve("calls"))).containsExactly("payload-42", "payload-42");
  }

  @Test
  void aSlotIsSentAsNetlifysSchedulerSendsIt() throws Exception {
    jobs(Mode.REPLACE, Optional.empty()).definitions().forEach(queue::register);
    queue.start();
    Instant slot = Instant.parse("2026-11-22T12:00:00Z");
    clock.set(slot);
    queue.checkDue();
    await().atMost(WAIT).until(() -> Files.exists(project.resolve("digest")));
    assertThat(Files.readString(project.resolve("digest"))).isEqualTo("schedule {\"next_run\":\"2026-11-23T12:00:00Z\"}\n");
  }

  @Test
  void inFailoverASlotRunsOnlyWhileNetlifyWillNot() throws Exception {
    JobDefinition digest = jobs(Mode.FAILOVER, Optional.of(failover())).definitions().stream()
        .filter(d -> d.name().equals("function:digest")).findFirst().orElseThrow();
    FakeNetlify.serve(netlify, FakeNetlify.site("current", FakeNetlify.deploy("d1", "ready", "digest")), null);
    queue.register(digest);
    queue.start();
    JobRun skipped = queue.submit("function:digest", TriggerKind.SCHEDULE, Instant.parse("2026-11-22T12:00:00Z")).orElseThrow();
    await().atMost(WAIT).until(() -> queue.run(skipped.id()).orElseThrow().state().terminal());
    assertThat(Files.exists(project.resolve("digest"))).isFalse();
    assertThat(queue.run(skipped.id()).orElseThrow().logExcerpt()).contains("primary runs", "Netlify runs digest");

    FakeNetlify.serve(netlify, FakeNetlify.site("current", FakeNetlify.deploy("d2", "error")), null);
    JobRun ran = queue.submit("function:digest", TriggerKind.SCHEDULE, Instant.parse("2026-11-23T12:00:00Z")).orElseThrow();
    await().atMost(WAIT).until(() -> queue.run(ran.id()).orElseThrow().state().terminal());
    assertThat(Files.readString(project.resolve("digest"))).startsWith("schedule ");
    assertThat(queue.run(ran.id()).orElseThrow().logExcerpt()).contains("d2 is error", "running it here");
  }
}
