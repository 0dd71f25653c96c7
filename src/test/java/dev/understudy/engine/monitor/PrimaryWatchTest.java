package dev.understudy.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What failover learned of a primary, as samples; one alert when the primary cannot be seen at all. */
class PrimaryWatchTest {
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  final Check observed = Check.of("githubActions", PrimaryWatch.PRIMARY, PrimaryWatch.OBSERVED);
  final Check nightly = Check.of("githubActions", "nightly.yml", PrimaryWatch.PRIMARY);
  final Check hourly = Check.of("githubActions", "hourly.yml", PrimaryWatch.PRIMARY);

  @Test
  void theLatestOfEachCheckAndTheUnobservableOnesLeftOutOnRequest() {
    PrimaryWatch w = new PrimaryWatch();
    w.failed(observed, "GitHub cannot be observed (no token)");
    w.unobservable(nightly, "GitHub could not be observed at the slot");
    w.ok(hourly, "GitHub ran the slot");
    w.failed(hourly, "GitHub missed the slot: it ran here");
    assertThat(w.failing(observed)).isTrue();
    assertThat(w.failing(Check.of("githubActions", "other.yml", PrimaryWatch.PRIMARY))).isFalse();
    assertThat(w.samples(NOW)).extracting(s -> s.check().subject() + " " + s.ok())
        .containsExactlyInAnyOrder("primary false", "nightly.yml false", "hourly.yml false");
    assertThat(w.samples(NOW, false)).extracting(s -> s.check().subject())
        .containsExactlyInAnyOrder("primary", "hourly.yml");
    w.retain(c -> !c.subject().equals("hourly.yml"));
    assertThat(w.samples(NOW)).extracting(s -> s.check().subject()).containsExactlyInAnyOrder("primary", "nightly.yml");
    assertThat(w.samples(NOW)).allSatisfy(s -> assertThat(s.at()).isEqualTo(NOW));
  }
}
