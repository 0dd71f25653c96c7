package dev.understudy.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.understudy.engine.monitor.RecoveryBudget.Decision;
import dev.understudy.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** N recoveries within M minutes, then stop and alert once (Monit's "then unmonitor"). */
class RecoveryBudgetTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));

  @Test
  void threeWithinFifteenMinutesThenGivenUpUntilReset() {
    RecoveryBudget b = RecoveryBudget.defaults(clock);
    for (int i = 0; i < 3; i++) {
      assertThat(b.tryRecover("pm2/web/up")).isEqualTo(Decision.ALLOWED);
      clock.advance(Duration.ofMinutes(4));
    }
    assertThat(b.used("pm2/web/up")).isEqualTo(3);
    assertThat(b.tryRecover("pm2/web/up")).isEqualTo(Decision.EXHAUSTED);
    assertThat(b.tryRecover("pm2/web/up")).isEqualTo(Decision.GIVEN_UP);
    clock.advance(Duration.ofHours(5));
    assertThat(b.tryRecover("pm2/web/up")).isEqualTo(Decision.GIVEN_UP); // stays given up, as Monit's unmonitor
    assertThat(b.isGivenUp("pm2/web/up")).isTrue();
    assertThat(b.tryRecover("pm2/api/up")).isEqualTo(Decision.ALLOWED); // budgets are per check
    b.reset("pm2/web/up");
    assertThat(b.tryRecover("pm2/web/up")).isEqualTo(Decision.ALLOWED);
    assertThat(b.exhaustedMessage("pm2/web/up"))
        .isEqualTo("pm2/web/up: 3 recoveries within 15 min did not fix it; recovery stopped until it is fixed by hand (or recovers on its own)");
  }

  @Test
  void theWindowSlides() {
    RecoveryBudget b = new RecoveryBudget(2, Duration.ofMinutes(10), clock);
    assertThat(b.tryRecover("k")).isEqualTo(Decision.ALLOWED);
    clock.advance(Duration.ofMinutes(6));
    assertThat(b.tryRecover("k")).isEqualTo(Decision.ALLOWED);
    clock.advance(Duration.ofMinutes(4)); // the first is exactly 10 minutes old: out of the window
    assertThat(b.used("k")).isEqualTo(1);
    assertThat(b.tryRecover("k")).isEqualTo(Decision.ALLOWED);
    clock.advance(Duration.ofMinutes(1));
    assertThat(b.tryRecover("k")).isEqualTo(Decision.EXHAUSTED);
  }

  @Test
  void theBackoffNeverOutgrowsTheWindowSoTheBudgetCanRunOut() {
    RecoveryBudget b = RecoveryBudget.defaults(clock); // 3 within 15 min: at most 225 s apart
    Duration base = Duration.ofMinutes(6); // netlifyFunctions: 3 cycles of 2 min
    int allowed = 0;
    Decision d;
    while ((d = b.tryRecover("k")) == Decision.ALLOWED) {
      allowed++;
      clock.set(b.nextTry("k", base));
    }
    assertThat(d).isEqualTo(Decision.EXHAUSTED);
    assertThat(allowed).isEqualTo(3);
  }

  @Test
  void theNextTryBacksOffDoublingUpToTenMinutes() {
    RecoveryBudget b = new RecoveryBudget(5, Duration.ofHours(24), clock);
    Duration base = Duration.ofSeconds(90);
    Instant t0 = clock.instant();
    assertThat(b.nextTry("k", base)).isEqualTo(t0);
    b.tryRecover("k");
    assertThat(b.nextTry("k", base)).isEqualTo(t0.plusSeconds(90));
    b.tryRecover("k");
    assertThat(b.nextTry("k", base)).isEqualTo(t0.plusSeconds(180));
    b.tryRecover("k");
    assertThat(b.nextTry("k", base)).isEqualTo(t0.plusSeconds(360));
    b.tryRecover("k");
    assertThat(b.nextTry("k", base)).isEqualTo(t0.plus(RecoveryBudget.MAX_BACKOFF));
    clock.advance(Duration.ofHours(25)); // all out of the window: at once again
    assertThat(b.nextTry("k", base)).isEqualTo(clock.instant());
  }

  @Test
  void invalidBudgetsSayHowToFixThem() {
    assertThatThrownBy(() -> new RecoveryBudget(0, Duration.ofMinutes(1), clock)).hasMessageContaining("1 to 1000 recoveries, not 0: e.g. 3");
    assertThatThrownBy(() -> new RecoveryBudget(3, Duration.ZERO, clock)).hasMessageContaining("longer than 0: e.g. 15m");
  }
}
