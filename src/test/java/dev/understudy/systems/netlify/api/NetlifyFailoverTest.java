package dev.understudy.systems.netlify.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.understudy.systems.netlify.api.FakeNetlify.SITE;
import static dev.understudy.systems.netlify.api.FakeNetlify.TOKEN;
import static dev.understudy.systems.netlify.api.FakeNetlify.deploy;
import static dev.understudy.systems.netlify.api.FakeNetlify.site;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.logs.SecretMasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Failover for scheduled functions, decided from the site and its deploys as a fake Netlify API answers them. */
class NetlifyFailoverTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path project;
  final List<Duration> waits = new ArrayList<>();
  final List<String> notes = new ArrayList<>();

  NetlifyFailover failover() {
    UnderstudyConfig.NetlifyFunctions s = new UnderstudyConfig.NetlifyFunctions("127.0.0.1", 0, Duration.ofSeconds(30), 1,
        Map.of(), false, 5, Optional.of(SITE), Optional.empty(), wm.baseUrl(), Duration.ofMinutes(1));
    NetlifyAccess access = NetlifyAccess.discover(s, project, Map.of("NETLIFY_AUTH_TOKEN", TOKEN));
    return NetlifyFailover.of(access, NetlifyClient.Options.DEFAULTS, waits::add, notes::add);
  }

  @Test
  void anUpSiteWhoseLiveDeploySchedulesTheFunctionRunsItOnNetlify() {
    FakeNetlify.serve(wm, site("current", deploy("d1", "ready", "digest")), deploy("d1", "ready", "digest"));
    NetlifyFailover.Result r = failover().decide("digest");
    assertThat(r.outcome()).isEqualTo(NetlifyFailover.Outcome.PRIMARY_RUNS);
    assertThat(r.reason()).contains("octo-site is up", "d1 ready", "Netlify runs digest");
    wm.verify(getRequestedFor(urlEqualTo("/sites/" + SITE)).withHeader("Authorization", WireMock.equalTo("Bearer " + TOKEN)));
  }

  @Test
  void aLiveDeployThatNoLongerSchedulesTheFunctionIsTakenOver() {
    FakeNetlify.serve(wm, site("current", deploy("d2", "ready", "other")), deploy("d2", "ready", "other"));
    NetlifyFailover.Result r = failover().decide("digest");
    assertThat(r.runHere()).isTrue();
    assertThat(r.reason()).contains("does not schedule digest", "it schedules other");
    assertThat(failover().observe().outcome()).isEqualTo(NetlifyFailover.Outcome.PRIMARY_RUNS);
  }

  @Test
  void noPublishedDeployOrOneNotReadyIsTakenOver() {
    FakeNetlify.serve(wm, site("current", null), null);
    assertThat(failover().decide("digest").reason()).contains("no published deploy", "running here");
    FakeNetlify.serve(wm, site("current", deploy("d3", "error", "digest")), deploy("d3", "error", "digest"));
    NetlifyFailover.Result r = failover().decide("digest");
    assertThat(r.runHere()).isTrue();
    assertThat(r.reason()).contains("d3 is error", "non-zero exit code", "not ready");
  }

  @Test
  void aSuspendedSiteIsTakenOver() {
    FakeNetlify.serve(wm, site("suspended", deploy("d1", "ready", "digest")), null);
    assertThat(failover().decide("digest").reason()).contains("is suspended on Netlify: running here");
  }

  @Test
  void aFailedNewestDeployLeavesThePreviousLiveAndIsOnlyNamed() {
    FakeNetlify.serve(wm, site("current", deploy("d1", "ready", "digest")), deploy("d9", "error", "digest"));
    NetlifyFailover.Result r = failover().decide("digest");
    assertThat(r.outcome()).isEqualTo(NetlifyFailover.Outcome.PRIMARY_RUNS);
    assertThat(r.reason()).contains("newest deploy d9 failed", "previous deploy stays live");
  }

  @Test
  void withoutSiteOrTokenItStandsByAndSaysWhatToSet() {
    UnderstudyConfig.NetlifyFunctions s = UnderstudyConfig.NetlifyFunctions.DEFAULTS;
    NetlifyFailover.Result r = NetlifyFailover.of(NetlifyAccess.discover(s, project, Map.of()), NetlifyClient.Options.DEFAULTS,
        waits::add, notes::add).decide("digest");
    assertThat(r.outcome()).isEqualTo(NetlifyFailover.Outcome.STANDBY_UNOBSERVABLE);
    assertThat(r.reason()).contains("no site", "netlify link", "no token (set NETLIFY_AUTH_TOKEN)");
  }

  @Test
  void theSiteIdComesFromNetlifyLinksStateFile() throws Exception {
    Files.createDirectories(project.resolve(".netlify"));
    Files.writeString(project.resolve(".netlify/state.json"), "{\"siteId\": \"linked-123\"}");
    NetlifyAccess a = NetlifyAccess.discover(UnderstudyConfig.NetlifyFunctions.DEFAULTS, project, Map.of());
    assertThat(a.siteId()).contains("linked-123");
    assertThat(NetlifyAccess.discover(UnderstudyConfig.NetlifyFunctions.DEFAULTS, project, Map.of("NETLIFY_SITE_ID", "env-9")).siteId())
        .contains("env-9");
  }

  @Test
  void anUnknownSiteOrBadTokenStandsByWithTheFix() {
    FakeNetlify.fail(wm, 404);
    NetlifyFailover.Result r = failover().decide("digest");
    assertThat(r.outcome()).isEqualTo(NetlifyFailover.Outcome.STANDBY_UNOBSERVABLE);
    assertThat(r.reason()).contains("404", "check netlifyFunctions.siteId");
    FakeNetlify.fail(wm, 401);
    assertThat(failover().decide("digest").reason()).contains("401", "NETLIFY_AUTH_TOKEN").doesNotContain(TOKEN);
  }

  @Test
  void fiveHundredsAreRetriedThenStandBy() {
    wm.stubFor(get(urlEqualTo("/sites/" + SITE)).willReturn(aResponse().withStatus(503)));
    NetlifyFailover.Result r = failover().decide("digest");
    assertThat(r.outcome()).isEqualTo(NetlifyFailover.Outcome.STANDBY_UNOBSERVABLE);
    assertThat(r.reason()).contains("503", "on all 3 attempts");
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(notes).hasSize(2);
  }

  @Test
  void theTokenIsMaskedEverywhere() {
    failover();
    assertThat(SecretMasker.mask("token " + TOKEN)).isEqualTo("token ***");
  }
}
