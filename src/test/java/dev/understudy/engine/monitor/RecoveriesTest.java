package dev.understudy.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When recoveries run: at once when a check turns failing, then with a doubling backoff while it
 * stays failing, until the budget is spent (alerted once); a check good again starts over.
 */
class RecoveriesTest {
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  static final Check WEB = Check.of("pm2", "web", "up");
  final MutableClock clock = new MutableClock(T0);
  final HealthLoop loop = HealthLoop.builder(clock).build();
  final AtomicBoolean up = new AtomicBoolean(false);
  final AtomicInteger actions = new AtomicInteger();
  final List<String> journal = new CopyOnWriteArrayList<>();
  final AtomicReference<Recoveries.Remedy> remedy = new AtomicReference<>(Recoveries.Remedy.act(() -> {
    actions.incrementAndGet();
    return "restarted app web";
  }));
  final Recoveries recoveries = new Recoveries(loop, new RecoveryBudget(3, Duration.ofMinutes(15), clock), c -> remedy.get(),
      new Recoveries.Journal() {
        public void record(Check check, String what) {
          journal.add(check.id() + ": " + what);
        }

        public void givenUp(Check check, String message, Instant at) {
          journal.add("given up at " + at + ": " + message);
        }
      }, Runnable::run, clock);

  RecoveriesTest() {
    loop.addListener(recoveries);
    loop.register("pm2", "processes", now -> List.of(up.get() ? Sample.ok(WEB, now, "web is online") : Sample.failed(WEB, now, "web is errored")));
  }

  @AfterEach
  void close() {
    loop.close();
  }

  /** Ticks {@code seconds} after T0 and waits for the probe's answer (and the recovery it set off). */
  void tickAt(int seconds) {
    Instant at = T0.plusSeconds(seconds);
    clock.set(at);
    loop.tick();
    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(10)).until(() -> loop.state(WEB.id()).flatMap(CheckState.View::lastSample)
        .map(s -> !s.at().isBefore(at)).orElse(false) && loop.running().isEmpty());
  }

  @Test
  void atOnceThenWithADoublingBackoffUntilTheBudgetIsSpent() {
    tickAt(0);
    tickAt(30);
    assertThat(actions).hasValue(0);
    tickAt(60); // the third failure: failing
    assertThat(actions).hasValue(1);
    assertThat(journal).containsExactly("pm2/web/up: restarted app web (1 of 3 within 15 min)");
    // pm2's interval is 30 s: the next try 3 cycles later, then 6, then the budget is spent
    assertThat(recoveries.nextDue(WEB.id())).hasValue(T0.plusSeconds(150));
    tickAt(90);
    tickAt(120);
    assertThat(actions).hasValue(1);
    tickAt(150);
    assertThat(actions).hasValue(2);
    assertThat(recoveries.nextDue(WEB.id())).hasValue(T0.plusSeconds(330));
    tickAt(300);
    assertThat(actions).hasValue(2);
    tickAt(330);
    assertThat(actions).hasValue(3);
    // 4x would be 360 s: capped at 225 s, so that 3 tries and the refused one fit in the 15 min window
    assertThat(recoveries.nextDue(WEB.id())).hasValue(T0.plusSeconds(555));
    tickAt(540);
    assertThat(actions).hasValue(3);
    clock.set(T0.plusSeconds(555)); // no probe is due: the tick alone runs what is due
    loop.tick();
    assertThat(actions).hasValue(3);
    assertThat(journal).last().asString().startsWith("given up at " + T0.plusSeconds(555) + ": pm2/web/up: 3 recoveries within 15 min");
    int entries = journal.size();
    tickAt(1200);
    tickAt(2400);
    assertThat(actions).hasValue(3);
    assertThat(journal).hasSize(entries);
    assertThat(recoveries.nextDue(WEB.id())).isEmpty();
  }

  @Test
  void onASlowSystemTheBudgetStillRunsOut() {
    // netlifyFunctions is probed every 2 min: 3 cycles doubling would space tries wider than the window
    Check server = Check.of("netlifyFunctions", "server", "answers");
    loop.unregister("pm2", "processes");
    loop.register("netlifyFunctions", "functions", now -> List.of(Sample.failed(server, now, "no answer")));
    List<Integer> triedAt = new java.util.ArrayList<>();
    for (int t = 0; t <= 4 * 3600; t += 15) {
      int before = actions.get();
      clock.set(T0.plusSeconds(t));
      loop.tick();
      int at = t;
      await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(10)).until(() -> loop.running().isEmpty());
      if (actions.get() > before) triedAt.add(at);
    }
    assertThat(triedAt).as("3 tries, then given up; never again in 4 hours").hasSize(3);
    assertThat(journal).last().asString().startsWith("given up at").contains("3 recoveries within 15 min");
  }

  @Test
  void aCheckGoodAgainStartsOver() {
    tickAt(0);
    tickAt(30);
    tickAt(60);
    assertThat(actions).hasValue(1);
    up.set(true);
    tickAt(90); // recovered
    tickAt(120); // ok: the budget starts over
    assertThat(recoveries.nextDue(WEB.id())).isEmpty();
    up.set(false);
    tickAt(150);
    tickAt(180);
    tickAt(210);
    assertThat(actions).hasValue(2);
    assertThat(journal).last().asString().isEqualTo("pm2/web/up: restarted app web (1 of 3 within 15 min)");
  }

  @Test
  void aNoteIsRecordedAndSpendsNoBudget() {
    remedy.set(Recoveries.Remedy.note("alert only: autoRestore is off"));
    tickAt(0);
    tickAt(30);
    tickAt(60);
    tickAt(600);
    assertThat(journal).containsExactly("pm2/web/up: alert only: autoRestore is off");
    assertThat(recoveries.nextDue(WEB.id())).isEmpty();
  }

  @Test
  void aFailedRecoveryIsRecordedAndTriedAgainLater() {
    remedy.set(Recoveries.Remedy.act(() -> {
      actions.incrementAndGet();
      throw new IllegalStateException("restart of web failed: the script is missing");
    }));
    tickAt(0);
    tickAt(30);
    tickAt(60);
    tickAt(150);
    assertThat(actions).hasValue(2);
    assertThat(journal).containsExactly("pm2/web/up: recovery failed: restart of web failed: the script is missing",
        "pm2/web/up: recovery failed: restart of web failed: the script is missing");
  }
}
