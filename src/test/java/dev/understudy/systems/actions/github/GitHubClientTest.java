package dev.understudy.systems.actions.github;

import dev.understudy.util.Sleeper;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.understudy.engine.logs.SecretMasker;
import dev.understudy.systems.actions.github.FakeGitHub.RecordingSleeper;
import dev.understudy.testing.MutableClock;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitHubClientTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String WF = "/repos/octo/site/actions/workflows/nightly.yml";
  static final Instant NOW = Instant.parse("2026-11-22T14:20:00Z");

  MutableClock clock;
  RecordingSleeper sleeper;
  List<String> notes;
  GitHubClient gh;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(NOW);
    sleeper = new RecordingSleeper(clock);
    notes = new ArrayList<>();
    gh = FakeGitHub.client(wm, clock, sleeper, notes);
  }

  @Test
  void listsScheduledRunsSinceAnInstantWithGitHubsHeaders() throws Exception {
    Instant created = Instant.parse("2026-11-22T14:03:12Z");
    wm.stubFor(get(urlPathEqualTo(WF + "/runs"))
        .withQueryParam("event", equalTo("schedule"))
        .withQueryParam("created", equalTo(">=2026-11-22T13:59:00Z"))
        .withQueryParam("per_page", equalTo("20"))
        .willReturn(okJson(FakeGitHub.runs(
            FakeGitHub.run(30433642, "schedule", "completed", "success", created),
            FakeGitHub.run(30433641, "schedule", "in_progress", null, created.minusSeconds(60))))));

    List<WorkflowRun> runs = gh.listRuns(FakeGitHub.REPO, "nightly.yml",
        GitHubClient.RunQuery.scheduledSince(Instant.parse("2026-11-22T13:59:00.250Z"), 20));

    assertThat(runs).hasSize(2);
    WorkflowRun r = runs.get(0);
    assertThat(r.id()).isEqualTo(30433642L);
    assertThat(r.event()).isEqualTo("schedule");
    assertThat(r.status()).isEqualTo("completed");
    assertThat(r.conclusion()).contains("success");
    assertThat(r.createdAt()).isEqualTo(created);
    assertThat(r.runStartedAt()).contains(created.plusSeconds(4));
    assertThat(r.htmlUrl()).contains("https://github.com/octo/site/actions/runs/30433642");
    assertThat(runs.get(1).conclusion()).isEmpty();
    wm.verify(getRequestedFor(urlPathEqualTo(WF + "/runs"))
        .withHeader("Authorization", equalTo("Bearer " + FakeGitHub.TOKEN))
        .withHeader("Accept", equalTo("application/vnd.github+json"))
        .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
        .withHeader("User-Agent", matching("understudy.*")));
  }

  @Test
  void readsAWorkflowsState() throws Exception {
    wm.stubFor(get(urlEqualTo(WF)).willReturn(okJson(FakeGitHub.workflow("disabled_inactivity"))));
    GitHubClient.Workflow w = gh.workflow(FakeGitHub.REPO, "nightly.yml");
    assertThat(w.state()).isEqualTo("disabled_inactivity");
    assertThat(w.id()).isEqualTo(161335L);
    assertThat(w.path()).isEqualTo(".github/workflows/nightly.yml");
  }

  @Test
  void dispatchesWithRefAndInputs() throws Exception {
    wm.stubFor(post(urlEqualTo(WF + "/dispatches")).willReturn(aResponse().withStatus(204)));
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("environment", "staging");
    inputs.put("note", "say \"hi\"");
    GitHubClient.Dispatched d = gh.dispatch(FakeGitHub.REPO, "nightly.yml", "main", inputs);
    assertThat(d.status()).isEqualTo(204);
    wm.verify(1, postRequestedFor(urlEqualTo(WF + "/dispatches"))
        .withHeader("Authorization", equalTo("Bearer " + FakeGitHub.TOKEN))
        .withHeader("Accept", equalTo("application/vnd.github+json"))
        .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(equalToJson("{\"ref\": \"main\", \"inputs\": {\"environment\": \"staging\", \"note\": \"say \\\"hi\\\"\"}}")));
  }

  @Test
  void aDispatchAnsweredWithTheRunReturnsIt() throws Exception {
    wm.stubFor(post(urlEqualTo(WF + "/dispatches")).willReturn(okJson(
        "{\"workflow_run_id\": 99, \"run_url\": \"https://api.github.com/repos/octo/site/actions/runs/99\", \"html_url\": \"https://github.com/octo/site/actions/runs/99\"}")));
    GitHubClient.Dispatched d = gh.dispatch(FakeGitHub.REPO, "nightly.yml", "main", Map.of());
    assertThat(d.runId()).contains(99L);
    assertThat(d.htmlUrl()).contains("https://github.com/octo/site/actions/runs/99");
  }

  @Test
  void waitsForThePrimaryRateLimitToReset() throws Exception {
    long reset = NOW.plusSeconds(90).getEpochSecond();
    wm.stubFor(get(urlEqualTo(WF)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(403)
            .withHeader("x-ratelimit-limit", "5000").withHeader("x-ratelimit-remaining", "0")
            .withHeader("x-ratelimit-reset", Long.toString(reset))
            .withHeader("Content-Type", "application/json")
            .withBody("{\"message\": \"API rate limit exceeded for user ID 1.\", \"documentation_url\": \"https://docs.github.com/rest\"}"))
        .willSetStateTo("reset"));
    wm.stubFor(get(urlEqualTo(WF)).inScenario("limit").whenScenarioStateIs("reset").willReturn(okJson(FakeGitHub.workflow("active"))));

    assertThat(gh.workflow(FakeGitHub.REPO, "nightly.yml").state()).isEqualTo("active");
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(91));
    assertThat(notes).singleElement().asString().contains("rate limited").contains("403");
  }

  @Test
  void aRateLimitThatResetsTooLateFailsAtOnce() {
    long reset = NOW.plus(Duration.ofMinutes(40)).getEpochSecond();
    wm.stubFor(get(urlEqualTo(WF)).willReturn(aResponse().withStatus(403)
        .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", Long.toString(reset))
        .withBody("{\"message\": \"API rate limit exceeded\"}")));

    GitHubException e = catchThrowableOfType(GitHubException.class, () -> gh.workflow(FakeGitHub.REPO, "nightly.yml"));

    assertThat(e.kind()).isEqualTo(GitHubException.Kind.RATE_LIMITED);
    assertThat(e.getMessage()).contains("40 min").contains("2026-11-22T15:00:00Z").contains("5 min this client waits");
    assertThat(sleeper.waits).isEmpty();
    wm.verify(1, getRequestedFor(urlEqualTo(WF)));
  }

  @Test
  void honoursRetryAfterOn429() throws Exception {
    wm.stubFor(get(urlEqualTo(WF)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("retry-after", "7")
            .withBody("{\"message\": \"You have exceeded a secondary rate limit.\"}"))
        .willSetStateTo("ok"));
    wm.stubFor(get(urlEqualTo(WF)).inScenario("429").whenScenarioStateIs("ok").willReturn(okJson(FakeGitHub.workflow("active"))));

    assertThat(gh.workflow(FakeGitHub.REPO, "nightly.yml").state()).isEqualTo("active");
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void aSecondaryLimitWithoutATimeWaitsAMinute() throws Exception {
    wm.stubFor(get(urlEqualTo(WF)).inScenario("2nd").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(403).withBody("{\"message\": \"You have exceeded a secondary rate limit. Please wait a few minutes.\"}"))
        .willSetStateTo("ok"));
    wm.stubFor(get(urlEqualTo(WF)).inScenario("2nd").whenScenarioStateIs("ok").willReturn(okJson(FakeGitHub.workflow("active"))));

    gh.workflow(FakeGitHub.REPO, "nightly.yml");
    assertThat(sleeper.waits).containsExactly(Duration.ofMinutes(1));
  }

  @Test
  void retries502WithBackoffThenSucceeds() throws Exception {
    wm.stubFor(get(urlEqualTo(WF)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(502).withBody("<html>Bad gateway</html>")).willSetStateTo("again"));
    wm.stubFor(get(urlEqualTo(WF)).inScenario("flaky").whenScenarioStateIs("again")
        .willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
    wm.stubFor(get(urlEqualTo(WF)).inScenario("flaky").whenScenarioStateIs("ok").willReturn(okJson(FakeGitHub.workflow("active"))));

    assertThat(gh.workflow(FakeGitHub.REPO, "nightly.yml").state()).isEqualTo("active");
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    wm.verify(3, getRequestedFor(urlEqualTo(WF)));
  }

  @Test
  void gives5xxUpAfterTheLastAttempt() {
    wm.stubFor(get(urlEqualTo(WF)).willReturn(aResponse().withStatus(503).withBody("{\"message\": \"Service unavailable\"}")));
    GitHubException e = catchThrowableOfType(GitHubException.class, () -> gh.workflow(FakeGitHub.REPO, "nightly.yml"));
    assertThat(e.kind()).isEqualTo(GitHubException.Kind.UNREACHABLE);
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.getMessage()).contains("503").contains("Service unavailable").contains("all 4 attempts");
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void aDispatchIsNotRetriedAfterA5xx() {
    wm.stubFor(post(urlEqualTo(WF + "/dispatches")).willReturn(aResponse().withStatus(502)));
    GitHubException e = catchThrowableOfType(GitHubException.class,
        () -> gh.dispatch(FakeGitHub.REPO, "nightly.yml", "main", Map.of()));
    assertThat(e.kind()).isEqualTo(GitHubException.Kind.UNCERTAIN);
    assertThat(e.getMessage()).contains("may or may not");
    wm.verify(1, postRequestedFor(urlEqualTo(WF + "/dispatches")));
  }

  @Test
  void aBadTokenIsNamedWithoutBeingShown() {
    wm.stubFor(get(urlEqualTo(WF)).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\": \"Bad credentials\", \"documentation_url\": \"https://docs.github.com/rest\", \"status\": \"401\"}")));

    GitHubException e = catchThrowableOfType(GitHubException.class, () -> gh.workflow(FakeGitHub.REPO, "nightly.yml"));

    assertThat(e.kind()).isEqualTo(GitHubException.Kind.HTTP);
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.githubMessage()).contains("Bad credentials");
    assertThat(e.getMessage()).contains("401").contains("Bad credentials").contains("GITHUB_TOKEN")
        .doesNotContain(FakeGitHub.TOKEN);
    assertThat(SecretMasker.mask("token " + FakeGitHub.TOKEN)).isEqualTo("token ***");
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void aBadTokenOnADispatchIsNamedToo() {
    wm.stubFor(post(urlEqualTo(WF + "/dispatches")).willReturn(aResponse().withStatus(401).withBody("{\"message\": \"Bad credentials\"}")));
    GitHubException e = catchThrowableOfType(GitHubException.class, () -> gh.dispatch(FakeGitHub.REPO, "nightly.yml", "main", Map.of()));
    assertThat(e.kind()).isEqualTo(GitHubException.Kind.HTTP);
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.getMessage()).contains("set a valid one in GITHUB_TOKEN").doesNotContain(FakeGitHub.TOKEN);
    wm.verify(1, postRequestedFor(urlEqualTo(WF + "/dispatches")));
  }

  @Test
  void aForbiddenAnswerThatIsNoRateLimitIsAnError() {
    wm.stubFor(get(urlEqualTo(WF)).willReturn(aResponse().withStatus(403)
        .withHeader("x-ratelimit-remaining", "4999")
        .withBody("{\"message\": \"Resource not accessible by personal access token\"}")));
    GitHubException e = catchThrowableOfType(GitHubException.class, () -> gh.workflow(FakeGitHub.REPO, "nightly.yml"));
    assertThat(e.kind()).isEqualTo(GitHubException.Kind.HTTP);
    assertThat(e.getMessage()).contains("403 (Resource not accessible by personal access token)").contains("'actions' permission");
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void notFoundSaysWhatToCheck() {
    wm.stubFor(get(urlEqualTo(WF)).willReturn(aResponse().withStatus(404).withBody("{\"message\": \"Not Found\"}")));
    GitHubException e = catchThrowableOfType(GitHubException.class, () -> gh.workflow(FakeGitHub.REPO, "nightly.yml"));
    assertThat(e.getMessage()).contains("404 (Not Found)").contains("githubActions.repository").contains("default branch");
  }

  @Test
  void aClosedPortIsUnreachableAfterRetries() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    GitHubClient dead = new GitHubClient("http://127.0.0.1:" + port, FakeGitHub.TOKEN, "GITHUB_TOKEN",
        GitHubClient.Options.DEFAULTS.withMaxAttempts(3), clock, sleeper, notes::add);
    GitHubException e = catchThrowableOfType(GitHubException.class, () -> dead.workflow(FakeGitHub.REPO, "nightly.yml"));
    assertThat(e.kind()).isEqualTo(GitHubException.Kind.UNREACHABLE);
    assertThat(e.getMessage()).contains("cannot be reached").contains("after 3 attempts").doesNotContain(FakeGitHub.TOKEN);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void anAnswerThatIsNotGitHubsIsSaidSo() {
    wm.stubFor(get(urlEqualTo(WF)).willReturn(aResponse().withStatus(200).withBody("<html>login</html>")));
    GitHubException e = catchThrowableOfType(GitHubException.class, () -> gh.workflow(FakeGitHub.REPO, "nightly.yml"));
    assertThat(e.kind()).isEqualTo(GitHubException.Kind.BAD_ANSWER);
    assertThat(e.getMessage()).contains("githubActions.apiUrl");
  }

  @Test
  void followsARedirectOnTheApiHostOnly() throws Exception {
    wm.stubFor(get(urlEqualTo(WF)).willReturn(aResponse().withStatus(301)
        .withHeader("Location", wm.baseUrl() + "/repositories/42/actions/workflows/nightly.yml")));
    wm.stubFor(get(urlEqualTo("/repositories/42/actions/workflows/nightly.yml")).willReturn(okJson(FakeGitHub.workflow("active"))));
    assertThat(gh.workflow(FakeGitHub.REPO, "nightly.yml").state()).isEqualTo("active");
    wm.verify(getRequestedFor(urlEqualTo("/repositories/42/actions/workflows/nightly.yml"))
        .withHeader("Authorization", equalTo("Bearer " + FakeGitHub.TOKEN)));

    wm.stubFor(get(urlEqualTo(WF)).willReturn(aResponse().withStatus(302).withHeader("Location", "https://elsewhere.example/steal")
        .withBody("{\"message\": \"Moved\"}")));
    GitHubException e = catchThrowableOfType(GitHubException.class, () -> gh.workflow(FakeGitHub.REPO, "nightly.yml"));
    assertThat(e.kind()).isEqualTo(GitHubException.Kind.HTTP);
    assertThat(e.status()).isEqualTo(302);
  }

  @Test
  void workflowFileNamesAreEncodedInThePath() throws Exception {
    wm.stubFor(get(urlEqualTo("/repos/octo/site/actions/workflows/my%20flow.yml")).willReturn(okJson(FakeGitHub.workflow("active"))));
    assertThat(gh.workflow(FakeGitHub.REPO, "my flow.yml").state()).isEqualTo("active");
    assertThat(Optional.of(gh.apiUrl())).contains(wm.baseUrl());
  }
}
