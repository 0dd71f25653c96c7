package dev.understudy.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.understudy.engine.logs.SecretMasker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher: never blocks, masks, retries with backoff, or hands failures to a hook. */
class DispatcherTest {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  final HttpReceiver receiver;
  final CountDownLatch release = new CountDownLatch(1);
  Dispatcher dispatcher;

  DispatcherTest() throws Exception {
    receiver = new HttpReceiver();
  }

  @AfterEach
  void close() {
    release.countDown();
    if (dispatcher != null) dispatcher.close();
    receiver.close();
  }

  static Notification note(String text) {
    return Notification.of(Notification.Kind.PROBLEM, "pm2/web/up", "pm2", "web", "failing", "ok", "FAILING pm2/web/up", text,
        Instant.parse("2026-11-02T10:00:00Z"), Optional.empty(), "node-1");
  }

  /** A notifier that hangs until the test ends. */
  Notifier hanging() {
    return new Notifier() {
      @Override
      public String name() {
        return "hanging";
      }

      @Override
      public void send(Notification n) throws NotifyException {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new NotifyException("interrupted", true);
        }
      }
    };
  }

  @Test
  void aHangingNotifierBlocksNeitherTheCallerNorTheOthers() {
    dispatcher = Dispatcher.builder().notifier(hanging()).notifier(new WebhookNotifier(receiver.url("/h"), Optional.empty(), TIMEOUT))
        .build();
    for (int i = 0; i < 5; i++) dispatcher.dispatch(note("n" + i)); // returns at once although one notifier hangs
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests.size() == 5);
    assertThat(dispatcher.outcomes().get("webhook").delivered()).isTrue();
    assertThat(dispatcher.notifiers()).containsExactly("hanging", "webhook");
  }

  @Test
  void secretsAreMaskedInEveryNotification() throws Exception {
    SecretMasker.register("tok-dispatch-4242");
    dispatcher = Dispatcher.builder().notifier(new SlackNotifier(receiver.url("/s"), true, TIMEOUT))
        .notifier(new WebhookNotifier(receiver.url("/w"), Optional.empty(), TIMEOUT)).build();
    dispatcher.dispatch(Notification.of(Notification.Kind.PROBLEM, "x/y/z", "x", "y", "failing", "ok", "title tok-dispatch-4242",
        "run failed: curl -H 'Authorization: tok-dispatch-4242'", Instant.EPOCH, Optional.empty(), "h"));
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests.size() == 2);
    assertThat(receiver.requests).allSatisfy(r -> assertThat(r.body()).doesNotContain("tok-dispatch-4242").contains("***"));
  }

  @Test
  void aFailedDeliveryIsRetriedWithBackoffUntilItGoesThrough() {
    receiver.then(503, "down").then(502, "still down");
    dispatcher = Dispatcher.builder().notifier(new WebhookNotifier(receiver.url("/w"), Optional.empty(), TIMEOUT))
        .policy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4))).build();
    dispatcher.dispatch(note("x"));
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests.size() == 3
        && dispatcher.outcomes().get("webhook").delivered());
    // the same notification each time: a receiver may deduplicate on its id
    assertThat(receiver.requests).extracting(r -> Notification.fromJson(r.body()).id()).containsOnly(Notification.fromJson(receiver.requests.get(0).body()).id());
  }

  @Test
  void failuresGoToTheRetryHookAndTheQueueCanDeliverLater() throws Exception {
    receiver.then(500, "down");
    List<Delivery> handed = new CopyOnWriteArrayList<>();
    List<NotifyException> why = new CopyOnWriteArrayList<>();
    dispatcher = Dispatcher.builder().notifier(new WebhookNotifier(receiver.url("/w"), Optional.empty(), TIMEOUT))
        .retry((d, e) -> {
          handed.add(d);
          why.add(e);
        }).build();
    dispatcher.dispatch(note("x"));
    await().atMost(Duration.ofSeconds(10)).until(() -> handed.size() == 1);
    assertThat(handed.get(0).notifier()).isEqualTo("webhook");
    assertThat(handed.get(0).attempt()).isEqualTo(1);
    assertThat(why.get(0).retryable()).isTrue();
    assertThat(dispatcher.outcomes().get("webhook").error()).get().asString().contains("answered 500 down");
    // what a queue job does with the payload
    String payload = handed.get(0).notification().toJson();
    dispatcher.deliver("webhook", Notification.fromJson(payload));
    assertThat(receiver.requests).hasSize(2);
    assertThat(dispatcher.outcomes().get("webhook").delivered()).isTrue();
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    receiver.always(403, "invalid_token");
    dispatcher = Dispatcher.builder().notifier(new SlackNotifier(receiver.url("/s"), true, TIMEOUT))
        .policy(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(1))).build();
    dispatcher.dispatch(note("x"));
    await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.outcomes().containsKey("slack"));
    assertThat(dispatcher.outcomes().get("slack").error()).get().asString()
        .contains("answered 403 invalid_token: check alerts.slack.url (the receiver refused us");
    assertThat(receiver.requests).hasSize(1);
  }

  @Test
  void deliverNamesTheNotifiersItHas() {
    dispatcher = Dispatcher.builder().notifier(new WebhookNotifier(receiver.url("/w"), Optional.empty(), TIMEOUT)).build();
    assertThatThrownBy(() -> dispatcher.deliver("slack", note("x"))).hasMessage("no notifier 'slack': configured are [webhook]");
  }

  @Test
  void retryPolicyBacksOffDoublesAndHonoursRetryAfter() {
    RetryPolicy p = RetryPolicy.DEFAULTS;
    NotifyException transient_ = new NotifyException("x", true);
    assertThat(p.delayAfter(1, transient_)).contains(Duration.ofSeconds(10));
    assertThat(p.delayAfter(2, transient_)).contains(Duration.ofSeconds(20));
    assertThat(p.delayAfter(4, transient_)).contains(Duration.ofSeconds(80));
    assertThat(p.delayAfter(5, transient_)).isEmpty();
    assertThat(new RetryPolicy(20, Duration.ofSeconds(10), Duration.ofMinutes(10)).delayAfter(15, transient_)).contains(Duration.ofMinutes(10));
    assertThat(p.delayAfter(1, new NotifyException("x", false))).isEmpty();
    assertThat(p.delayAfter(1, new NotifyException("x", true, Optional.of(Duration.ofSeconds(30)), null))).contains(Duration.ofSeconds(30));
  }
}
