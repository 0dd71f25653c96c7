package dev.understudy.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generic webhook, Slack and Discord against a real local HTTP receiver. */
class WebhookNotifiersTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  final HttpReceiver receiver;

  WebhookNotifiersTest() throws Exception {
    receiver = new HttpReceiver();
  }

  @AfterEach
  void close() {
    receiver.close();
  }

  static Notification failing(String text) {
    return new Notification("n-1", Notification.Kind.PROBLEM, "pm2/web/up", "pm2", "web", "failing", "ok", "FAILING pm2/web/up", text,
        Instant.parse("2026-11-02T10:01:30Z"), Optional.of(Instant.parse("2026-11-02T10:00:30Z")), "node-1");
  }

  JsonNode body(int i) throws Exception {
    return JSON.readTree(receiver.requests.get(i).body());
  }

  @Test
  void theGenericWebhookPostsTheNotificationAsJsonWithItsToken() throws Exception {
    new WebhookNotifier(receiver.url("/hooks/understudy"), Optional.of("webhook-token-123"), TIMEOUT).send(failing("no answer"));
    HttpReceiver.Request r = receiver.requests.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/hooks/understudy");
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.header("Authorization")).isEqualTo("Bearer webhook-token-123");
    JsonNode b = body(0);
    assertThat(b.path("kind").asText()).isEqualTo("problem");
    assertThat(b.path("check").asText()).isEqualTo("pm2/web/up");
    assertThat(b.path("status").asText()).isEqualTo("failing");
    assertThat(b.path("previous").asText()).isEqualTo("ok");
    assertThat(b.path("at").asText()).isEqualTo("2026-11-02T10:01:30Z");
    assertThat(b.path("since").asText()).isEqualTo("2026-11-02T10:00:30Z");
    assertThat(b.path("id").asText()).isEqualTo("n-1");
    assertThat(Notification.fromJson(r.body())).isEqualTo(failing("no answer"));
  }

  @Test
  void slackGetsTextAndBlocksEscaped() throws Exception {
    new SlackNotifier(receiver.url("/services/T000/B000/XXXX"), true, TIMEOUT).send(failing("memory <high> & rising"));
    JsonNode b = body(0);
    assertThat(b.path("text").asText()).isEqualTo(":red_circle: *FAILING pm2/web/up*\nmemory &lt;high&gt; &amp; rising");
    assertThat(b.path("blocks").get(0).path("type").asText()).isEqualTo("section");
    assertThat(b.path("blocks").get(0).path("text").path("type").asText()).isEqualTo("mrkdwn");
    assertThat(b.path("blocks").get(1).path("elements").get(0).path("text").asText())
        .isEqualTo("understudy on node-1 · 2026-11-02 10:01:30 UTC · since 2026-11-02 10:00:30 UTC (1 min)");
    new SlackNotifier(receiver.url("/services/T000/B000/XXXX"), false, TIMEOUT).send(failing("x"));
    assertThat(body(1).has("blocks")).isFalse();
  }

  @Test
  void slacksSectionTextStaysWithinItsLimit() throws Exception {
    new SlackNotifier(receiver.url("/s"), true, TIMEOUT).send(failing("y".repeat(5000)));
    assertThat(body(0).path("blocks").get(0).path("text").path("text").asText()).hasSize(SlackNotifier.SECTION_LIMIT).endsWith("…");
    assertThat(body(0).path("text").asText()).hasSizeGreaterThan(5000);
  }

  @Test
  void discordGetsContentCutTo2000AndNoMentions() throws Exception {
    receiver.always(204, "");
    new DiscordNotifier(receiver.url("/api/webhooks/1/tok"), Optional.of("understudy"), TIMEOUT).send(failing("@everyone " + "z".repeat(3000)));
    JsonNode b = body(0);
    assertThat(b.path("content").asText()).hasSize(2000).startsWith("\uD83D\uDD34 **FAILING pm2/web/up**\n@everyone zzz").endsWith("…");
    assertThat(b.path("allowed_mentions").path("parse").isArray()).isTrue();
    assertThat(b.path("allowed_mentions").path("parse")).isEmpty();
    assertThat(b.path("username").asText()).isEqualTo("understudy");
  }

  @Test
  void discordEscapesMarkdown() {
    assertThat(DiscordNotifier.escape("a*b_c`d")).isEqualTo("a\\*b\\_c\\`d");
  }

  @Test
  void aRejectedWebhookIsNotRetriedAndHidesItsSecretPath() {
    receiver.always(404, "no_service");
    URI url = receiver.url("/services/T000/B000/secretpart999");
    assertThatThrownBy(() -> new SlackNotifier(url, true, TIMEOUT).send(failing("x")))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessage("slack: http://127.0.0.1:" + url.getPort() + "/*** answered 404 no_service: check alerts.slack.url"
            + " (no such webhook: mistyped, or deleted on the receiver's side)")
        .message().doesNotContain("secretpart999");
  }

  @Test
  void serverErrorsAndRateLimitsAreRetried() {
    receiver.then(500, "oops").then(429, "{\"retry_after\": 2.5}", Map.of("Retry-After", "2.5"));
    DiscordNotifier d = new DiscordNotifier(receiver.url("/api/webhooks/1/tok"), Optional.empty(), TIMEOUT);
    assertThatThrownBy(() -> d.send(failing("x"))).isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("answered 500 oops: the receiver failed, trying again later");
    assertThatThrownBy(() -> d.send(failing("x"))).isInstanceOfSatisfying(NotifyException.class, e -> {
      assertThat(e.retryable()).isTrue();
      assertThat(e.retryAfter()).contains(Duration.ofMillis(2500));
    }).hasMessageContaining("rate limited");
  }

  @Test
  void anUnreachableWebhookSaysWhatToCheck() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/hook/xyz-secret");
    assertThatThrownBy(() -> new WebhookNotifier(url, Optional.empty(), TIMEOUT).send(failing("x")))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageStartingWith("webhook: cannot reach http://127.0.0.1:" + port + "/*** (")
        .hasMessageEndingWith("): check alerts.webhook.url and the network")
        .message().doesNotContain("xyz-secret");
  }
}
