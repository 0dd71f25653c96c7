package dev.understudy.systems.actions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.understudy.config.Mode;
import dev.understudy.engine.monitor.PrimaryWatch;
import dev.understudy.engine.queue.JobContext;
import dev.understudy.engine.queue.JobDefinition;
import dev.understudy.engine.queue.TriggerKind;
import dev.understudy.systems.actions.github.FailoverDecision;
import dev.understudy.systems.actions.github.FakeGitHub;
import dev.understudy.systems.actions.github.GitHubAccess;
import dev.understudy.systems.actions.github.GitHubClient;
import dev.understudy.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Workflows as queue jobs: their names and schedules, and what a slot does in each mode. */
class WorkflowJobsTest {
  @RegisterExtension
  static WireMockExtension github = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path project;
  static final Instant SLOT = Instant.parse("2026-11-22T12:00:00Z");
  static final Duration GRACE = Duration.ofMinutes(15);

  private static final String NIGHTLY = """
      on:
        schedule:
          - cron: '0 12 * * *'
          - cron: '30 6 * * 1'
            timezone: Europe/Paris
        workflow_dispatch:
      jobs:
        write:
          runs-on: ubuntu-latest
          steps:
            - run: echo "${{ github.event_name }} ${{ github.event.schedule }}" >> ran.txt
      """;

  private Optional<ActionsSystem.EffectiveSource> source(String name) {
    if (!name.equals("nightly.yml")) return Optional.empty();
    byte[] bytes = NIGHTLY.getBytes(StandardCharsets.UTF_8);
    return Optional.of(new ActionsSystem.EffectiveSource(name, ActionsSystem.Origin.FILE, bytes, "0".repeat(64), Optional.empty()));
  }

  final PrimaryWatch primary = new PrimaryWatch();

  /** What the primary check of nightly.yml says now: "ok: ..." or "failed: ...". */
  private String primaryCheck() {
    return primary.samples(SLOT).stream().filter(x -> x.check().id().equals("githubActions/nightly.yml/primary"))
        .map(x -> (x.ok() ? "ok: " : "failed: ") + x.message()).findFirst().orElse("none");
  }

  private WorkflowJobs jobs(Mode mode, Optional<FailoverDecision> failover) {
    return new WorkflowJobs(project, null, this::source, mode, failover, primary);
  }

  @Test
  void oneJobPerCronWithItsZone() {
    List<JobDefinition> defs = jobs(Mode.REPLACE, Optional.empty()).definitions(List.of("nightly.yml"));
    assertThat(defs).extracting(JobDefinition::name).containsExactly("workflow:nightly", "workflow:nightly#2");
    assertThat(defs.get(1).schedule().orElseThrow().toString()).contains("30 6 * * 1").contains("Europe/Paris");
    assertThat(defs).allSatisfy(d -> assertThat(d.system()).isEqualTo("githubActions"));
  }

  @Test
  void replaceRunsEverySlotWithTheCronInTheEvent() throws Exception {
    JobDefinition nightly = jobs(Mode.REPLACE, Optional.empty()).definitions(List.of("nightly.yml")).get(0);
    List<String> log = new ArrayList<>();
    nightly.handler().run(context(TriggerKind.SCHEDULE, Optional.of(SLOT), log));
    assertThat(Files.readString(project.resolve("ran.txt"))).isEqualTo("schedule 0 12 * * *\n");
    assertThat(primaryCheck()).as("replace watches no primary").isEqualTo("none");
  }

  @Test
  void failoverWithoutAWayToAskGitHubStaysOnStandby() throws Exception {
    GitHubAccess blind = new GitHubAccess(github.baseUrl(), Optional.empty(), "no 'origin' git remote", Optional.empty(),
        GitHubAccess.DEFAULT_TOKEN_VARIABLES);
    MutableClock clock = new MutableClock(SLOT.plus(GRACE));
    FailoverDecision decision = FailoverDecision.of(blind, GRACE, GitHubClient.Options.DEFAULTS, clock, d -> clock.advance(d), n -> {});
    JobDefinition nightly = jobs(Mode.FAILOVER, Optional.of(decision)).definitions(List.of("nightly.yml")).get(0);
    List<String> log = new ArrayList<>();
    nightly.handler().run(context(TriggerKind.SCHEDULE, Optional.of(SLOT), log));
    assertThat(project.resolve("ran.txt")).doesNotExist();
    assertThat(String.join("\n", log)).contains("standby unobservable");
    assertThat(primaryCheck()).startsWith("failed: GitHub could not be observed at the " + SLOT + " slot");
  }

  @Test
  void failoverRunsOnlyWhenGitHubMissedTheSlotButAManualRunAlwaysRuns() throws Exception {
    FailoverDecision decision = decision();
    JobDefinition nightly = jobs(Mode.FAILOVER, Optional.of(decision)).definitions(List.of("nightly.yml")).get(0);
    github.stubFor(get(urlPathEqualTo("/repos/octo/site/actions/workflows/nightly.yml"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(FakeGitHub.workflow("active"))));
    github.stubFor(get(urlPathEqualTo("/repos/octo/site/actions/workflows/nightly.yml/runs"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
            FakeGitHub.runs(FakeGitHub.run(7, "schedule", "completed", "success", SLOT.plusSeconds(200))))));
    List<String> log = new ArrayList<>();
    nightly.handler().run(context(TriggerKind.SCHEDULE, Optional.of(SLOT), log));
    assertThat(project.resolve("ran.txt")).as("GitHub ran the slot").doesNotExist();
    assertThat(primaryCheck()).startsWith("ok: GitHub ran the " + SLOT + " slot");

    github.stubFor(get(urlPathEqualTo("/repos/octo/site/actions/workflows/nightly.yml/runs"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(FakeGitHub.runs())));
    nightly.handler().run(context(TriggerKind.SCHEDULE, Optional.of(SLOT), log));
    assertThat(Files.readString(project.resolve("ran.txt"))).as("GitHub missed it").isEqualTo("schedule 0 12 * * *\n");
    assertThat(primaryCheck()).startsWith("failed: GitHub missed the " + SLOT + " slot").endsWith("it ran here");

    nightly.handler().run(context(TriggerKind.MANUAL, Optional.empty(), log));
    assertThat(Files.readString(project.resolve("ran.txt"))).endsWith("workflow_dispatch \n");
  }

  private FailoverDecision decision() {
    GitHubAccess access = new GitHubAccess(github.baseUrl(), Optional.of(FakeGitHub.REPO), "githubActions.repository",
        Optional.of(new dev.understudy.engine.logs.EnvToken(FakeGitHub.TOKEN, "GITHUB_TOKEN")), GitHubAccess.DEFAULT_TOKEN_VARIABLES);
    MutableClock clock = new MutableClock(SLOT.plus(GRACE).plusSeconds(1));
    return FailoverDecision.of(access, GRACE, GitHubClient.Options.DEFAULTS, clock, d -> clock.advance(d), n -> {});
  }

  private static JobContext context(TriggerKind trigger, Optional<Instant> slot, List<String> log) {
    return new JobContext() {
      public String runId() {
        return "r1";
      }

      public String job() {
        return "workflow:nightly";
      }

      public Optional<Instant> slot() {
        return slot;
      }

      public TriggerKind trigger() {
        return trigger;
      }

      public int attempt() {
        return 1;
      }

      public Instant deadline() {
        return Instant.now().plusSeconds(600);
      }

      public void log(String line) {
        log.add(line);
      }

      public boolean cancelled() {
        return false;
      }
    };
  }
}
