package dev.understudy.systems.actions.github;

import dev.understudy.util.Sleeper;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.understudy.systems.actions.github.FailoverDecision.Outcome;
import dev.understudy.systems.actions.github.FakeGitHub.RecordingSleeper;
import dev.understudy.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FailoverDecisionTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String WF = "/repos/octo/site/actions/workflows/nightly.yml";
  static final Instant SLOT = Instant.parse("2026-11-22T14:00:00Z");
  static final Duration GRACE = Duration.ofMinutes(15);

  MutableClock clock;
  RecordingSleeper sleeper;
  List<String> notes;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(SLOT.plus(GRACE));
    sleeper = new RecordingSleeper(clock);
    notes = new ArrayList<>();
  }

  GitHubAccess access(Optional<Repository> repo, Optional<dev.understudy.engine.logs.EnvToken> token) {
    return new GitHubAccess(wm.baseUrl(), repo, repo.isPresent() ? "githubActions.repository" : "no 'origin' git remote in /p", token,
        GitHubAccess.DEFAULT_TOKEN_VARIABLES);
  }

  FailoverDecision decision() {
    return FailoverDecision.of(access(Optional.of(FakeGitHub.REPO), Optional.of(new dev.understudy.engine.logs.EnvToken(FakeGitHub.TOKEN, "GITHUB_TOKEN"))),
        GRACE, GitHubClient.Options.DEFAULTS, clock, sleeper, notes::add);
  }

  void state(String state) {
    wm.stubFor(get(urlEqualTo(WF)).willReturn(okJson(FakeGitHub.workflow(state))));
  }

  void runsSinceSkew(String body) {
    wm.stubFor(get(urlPathEqualTo(WF + "/runs"))
        .withQueryParam("event", equalTo("schedule"))
        .withQueryParam("created", equalTo(">=2026-11-22T13:59:00Z"))
        .willReturn(okJson(body)));
  }

  @Test
  void aScheduledRunAfterTheSlotMeansThePrimaryRan() {
    state("active");
    runsSinceSkew(FakeGitHub.runs(
        FakeGitHub.run(12, "schedule", "completed", "failure", SLOT.plus(Duration.ofMinutes(7))),
        FakeGitHub.run(11, "schedule", "completed", "success", SLOT.plusSeconds(40))));

    FailoverDecision.Result r = decision().decide("nightly.yml", SLOT);

    assertThat(r.outcome()).isEqualTo(Outcome.PRIMARY_RAN);
    assertThat(r.run()).map(WorkflowRun::id).contains(11L);
    assertThat(r.reason()).contains("run 11").contains("https://github.com/octo/site/actions/runs/11");
    assertThat(r.workflowState()).contains("active");
  }

  @Test
  void aRunStampedAlittleBeforeTheSlotCounts() {
    state("active");
    runsSinceSkew(FakeGitHub.runs(FakeGitHub.run(5, "schedule", "queued", null, SLOT.minusSeconds(20))));
    FailoverDecision.Result r = decision().decide("nightly.yml", SLOT);
    assertThat(r.outcome()).isEqualTo(Outcome.PRIMARY_RAN);
    assertThat(r.reason()).contains("queued");
  }

  @Test
  void noRunAfterTheGracePeriodMeansRunHere() {
    state("active");
    runsSinceSkew(FakeGitHub.runs());
    FailoverDecision.Result r = decision().decide("nightly.yml", SLOT);
    assertThat(r.outcome()).isEqualTo(Outcome.RUN_HERE);
    assertThat(r.runHere()).isTrue();
    assertThat(r.reason()).contains("within its grace period (15 min)");
  }

  @Test
  void runsOfOtherEventsOrEarlierSlotsDoNotCount() {
    state("active");
    // A fake that ignores the query parameters: the decision filters again.
    wm.stubFor(get(urlPathEqualTo(WF + "/runs")).willReturn(okJson(FakeGitHub.runs(
        FakeGitHub.run(3, "workflow_dispatch", "completed", "success", SLOT.plusSeconds(30)),
        FakeGitHub.run(2, "schedule", "completed", "success", SLOT.minus(Duration.ofMinutes(5)))))));
    assertThat(decision().decide("nightly.yml", SLOT).outcome()).isEqualTo(Outcome.RUN_HERE);
  }

  @Test
  void aRunOfTheNextSlotIsNotThisSlotsRun() {
    state("active");
    runsSinceSkew(FakeGitHub.runs(FakeGitHub.run(8, "schedule", "completed", "success", SLOT.plus(Duration.ofMinutes(10)))));
    FailoverDecision.Result r = decision().decide("nightly.yml", SLOT, Optional.of(SLOT.plus(Duration.ofMinutes(10))));
    assertThat(r.outcome()).isEqualTo(Outcome.RUN_HERE);
  }

  @Test
  void beforeTheGracePeriodEndsItWaits() {
    clock.set(SLOT.plus(Duration.ofMinutes(3)));
    state("active");
    runsSinceSkew(FakeGitHub.runs());
    FailoverDecision.Result r = decision().decide("nightly.yml", SLOT);
    assertThat(r.outcome()).isEqualTo(Outcome.WAIT);
    assertThat(r.askAgainAt()).contains(SLOT.plus(GRACE));
  }

  @Test
  void disabledForInactivityRunsHereAtOnce() {
    clock.set(SLOT);
    state("disabled_inactivity");
    FailoverDecision.Result r = decision().decide("nightly.yml", SLOT);
    assertThat(r.outcome()).isEqualTo(Outcome.RUN_HERE);
    assertThat(r.reason()).contains("inactivity");
    wm.verify(0, getRequestedFor(urlPathEqualTo(WF + "/runs")));
  }

  @Test
  void disabledByAPersonIsLeftOff() {
    for (String s : List.of("disabled_manually", "disabled_fork", "deleted")) {
      state(s);
      FailoverDecision.Result r = decision().decide("nightly.yml", SLOT);
      assertThat(r.outcome()).as(s).isEqualTo(Outcome.PRIMARY_DISABLED);
      assertThat(r.workflowState()).contains(s);
      assertThat(r.reason()).contains("mode to replace");
    }
  }

  @Test
  void anUnknownStateStandsBy() {
    state("paused_by_quantum");
    FailoverDecision.Result r = decision().decide("nightly.yml", SLOT);
    assertThat(r.outcome()).isEqualTo(Outcome.STANDBY_UNOBSERVABLE);
    assertThat(r.reason()).contains("paused_by_quantum");
  }

  @Test
  void withoutATokenItStandsBy() {
    FailoverDecision d = FailoverDecision.of(access(Optional.of(FakeGitHub.REPO), Optional.empty()), GRACE,
        GitHubClient.Options.DEFAULTS, clock, sleeper, notes::add);
    FailoverDecision.Result r = d.decide("nightly.yml", SLOT);
    assertThat(r.outcome()).isEqualTo(Outcome.STANDBY_UNOBSERVABLE);
    assertThat(r.reason()).contains("no GitHub token").contains("GITHUB_TOKEN or GH_TOKEN");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void withoutARepositoryItStandsBy() {
    FailoverDecision d = FailoverDecision.of(access(Optional.empty(), Optional.of(new dev.understudy.engine.logs.EnvToken(FakeGitHub.TOKEN, "GH_TOKEN"))),
        GRACE, GitHubClient.Options.DEFAULTS, clock, sleeper, notes::add);
    FailoverDecision.Result r = d.decide("nightly.yml", SLOT);
    assertThat(r.outcome()).isEqualTo(Outcome.STANDBY_UNOBSERVABLE);
    assertThat(r.reason()).contains("no GitHub repository").contains("githubActions.repository");
  }

  @Test
  void gitHubDownAfterRetriesStandsBy() {
    wm.stubFor(get(urlEqualTo(WF)).willReturn(aResponse().withStatus(500)));
    FailoverDecision.Result r = decision().decide("nightly.yml", SLOT);
    assertThat(r.outcome()).isEqualTo(Outcome.STANDBY_UNOBSERVABLE);
    assertThat(r.reason()).contains("500").contains("standing by");
    assertThat(sleeper.waits).hasSize(3);
  }

  @Test
  void aBadTokenStandsByWithoutShowingIt() {
    wm.stubFor(get(urlEqualTo(WF)).willReturn(aResponse().withStatus(401).withBody("{\"message\": \"Bad credentials\"}")));
    FailoverDecision.Result r = decision().decide("nightly.yml", SLOT);
    assertThat(r.outcome()).isEqualTo(Outcome.STANDBY_UNOBSERVABLE);
    assertThat(r.reason()).contains("Bad credentials").doesNotContain(FakeGitHub.TOKEN);
  }

  @Test
  void aRateLimitTooLongStandsBy() {
    state("active");
    wm.stubFor(get(urlPathEqualTo(WF + "/runs")).willReturn(aResponse().withStatus(403)
        .withHeader("x-ratelimit-remaining", "0")
        .withHeader("x-ratelimit-reset", Long.toString(clock.instant().plus(Duration.ofHours(1)).getEpochSecond()))));
    FailoverDecision.Result r = decision().decide("nightly.yml", SLOT);
    assertThat(r.outcome()).isEqualTo(Outcome.STANDBY_UNOBSERVABLE);
    assertThat(r.reason()).contains("rate limit");
    assertThat(r.workflowState()).contains("active");
  }
}
