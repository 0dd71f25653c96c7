package dev.understudy.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.HealthLoop;
import dev.understudy.engine.monitor.Sample;
import dev.understudy.engine.monitor.Status;
import dev.understudy.engine.monitor.Transition;
import dev.understudy.engine.monitor.TrendWarning;
import dev.understudy.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** State changes, not samples, become notifications; reminders while a problem lasts. */
class AlertRouterTest {
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  static final Check UP = Check.of("pm2", "web", "up");
  final List<Notification> sent = new CopyOnWriteArrayList<>();
  final AlertRouter router = new AlertRouter(sent::add, Duration.ofHours(1), "node-1");

  static Transition t(Status from, Status to, Instant at, String reason) {
    return new Transition(UP, from, to, at, Sample.failed(UP, at, reason), Optional.of(T0), reason);
  }

  @Test
  void problemsRecoveriesAndNothingForTheSettle() {
    router.onTransition(t(Status.OK, Status.FAILING, T0.plusSeconds(60), "no answer (3 times in a row)"));
    router.onTransition(t(Status.FAILING, Status.RECOVERED, T0.plusSeconds(600), "up"));
    router.onTransition(new Transition(UP, Status.RECOVERED, Status.OK, T0.plusSeconds(630), Sample.ok(UP, T0, "up"), Optional.empty(), "up"));
    assertThat(sent).extracting(Notification::kind).containsExactly(Notification.Kind.PROBLEM, Notification.Kind.RECOVERY);
    assertThat(sent.get(0).title()).isEqualTo("FAILING pm2/web/up");
    assertThat(sent.get(0).text()).isEqualTo("pm2/web/up is failing: no answer (3 times in a row)");
    assertThat(sent.get(0).status()).isEqualTo("failing");
    assertThat(sent.get(0).previous()).isEqualTo("ok");
    assertThat(sent.get(0).since()).contains(T0);
    assertThat(sent.get(0).host()).isEqualTo("node-1");
    assertThat(sent.get(1).title()).isEqualTo("RECOVERED pm2/web/up");
    assertThat(sent.get(1).text()).isEqualTo("pm2/web/up recovered after 10 min (was failing): up");
    assertThat(router.open()).isEmpty();
  }

  @Test
  void remindersEveryIntervalWhileTheProblemLasts() {
    router.onTransition(t(Status.OK, Status.WARNING, T0, "memory 85% is above 80%"));
    router.onTick(T0.plus(Duration.ofMinutes(59)));
    assertThat(sent).hasSize(1);
    router.onTick(T0.plus(Duration.ofMinutes(60)));
    router.onTick(T0.plus(Duration.ofMinutes(61)));
    router.onTick(T0.plus(Duration.ofMinutes(120)));
    assertThat(sent).extracting(Notification::kind)
        .containsExactly(Notification.Kind.PROBLEM, Notification.Kind.REMINDER, Notification.Kind.REMINDER);
    assertThat(sent.get(1).title()).isEqualTo("STILL WARNING pm2/web/up");
    assertThat(sent.get(1).text()).isEqualTo("pm2/web/up is still warning (1 h): memory 85% is above 80%");
    // a step to failing is a change: told at once, and the reminder clock starts over
    router.onTransition(t(Status.WARNING, Status.FAILING, T0.plus(Duration.ofMinutes(130)), "memory 97% is above 95%"));
    assertThat(sent.get(3).text()).isEqualTo("pm2/web/up is failing (was warning): memory 97% is above 95%");
    router.onTick(T0.plus(Duration.ofMinutes(180)));
    assertThat(sent).hasSize(4);
    router.onTransition(t(Status.FAILING, Status.RECOVERED, T0.plus(Duration.ofMinutes(181)), "ok"));
    router.onTick(T0.plus(Duration.ofHours(10)));
    assertThat(sent).hasSize(5);
  }

  @Test
  void aForgottenCheckIsNoLongerRemindedOf() {
    router.onTransition(t(Status.OK, Status.FAILING, T0, "no answer"));
    assertThat(router.forget("githubActions/")).isEmpty();
    assertThat(router.forget("pm2/")).containsExactly("pm2/web/up");
    router.onTick(T0.plus(Duration.ofHours(2)));
    assertThat(sent).hasSize(1);
  }

  @Test
  void noRemindersWhenTheIntervalIsZero() {
    AlertRouter quiet = new AlertRouter(sent::add, Duration.ZERO, "h");
    quiet.onTransition(t(Status.OK, Status.FAILING, T0, "x"));
    quiet.onTick(T0.plus(Duration.ofDays(3)));
    assertThat(sent).hasSize(1);
  }

  @Test
  void trendsAndGivingUp() {
    router.onTrend(new TrendWarning(Check.of("pm2", "web", "memory"), T0, 80, "80% memory", Duration.ofMinutes(25), 1.2, 0.97,
        "web will reach 80% memory in ~25 min"));
    router.givenUp("pm2/web/up", "pm2", "web", "pm2/web/up: 3 recoveries within 15 min did not fix it", T0);
    assertThat(sent).extracting(Notification::title).containsExactly("TREND pm2/web/memory", "GIVEN UP pm2/web/up");
    assertThat(sent.get(0).text()).isEqualTo("web will reach 80% memory in ~25 min (rising 1.2 a minute)");
  }

  @Test
  void wiredToTheHealthLoopAndADispatcherNothingBlocks() throws Exception {
    MutableClock clock = new MutableClock(T0);
    AtomicBoolean down = new AtomicBoolean(true);
    try (HttpReceiver receiver = new HttpReceiver();
        HealthLoop loop = HealthLoop.builder(clock).build();
        Dispatcher d = Dispatcher.builder().notifier(new WebhookNotifier(receiver.url("/w"), Optional.empty(), Duration.ofSeconds(10))).build()) {
      loop.addListener(new AlertRouter(d::dispatch, Duration.ofMinutes(30), "node-1"));
      loop.register("pm2", "apps", now -> List.of(down.get() ? Sample.failed(UP, now, "stopped") : Sample.ok(UP, now, "online")));
      for (int i = 0; i < 4; i++) {
        if (i == 3) down.set(false);
        clock.set(T0.plusSeconds(30L * i));
        loop.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.running().isEmpty());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests.size() == 2);
      assertThat(receiver.requests).extracting(r -> Notification.fromJson(r.body()).title())
          .containsExactly("FAILING pm2/web/up", "RECOVERED pm2/web/up");
    }
  }
}
