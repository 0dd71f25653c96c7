package dev.understudy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ConfigLoader hands health: and alerts: to their readers and keeps the result in UnderstudyConfig. */
class HealthWiringConfigTest {
  @TempDir Path dir;

  UnderstudyConfig load(String yaml, Map<String, String> env) throws IOException {
    Files.writeString(dir.resolve("understudy.yml"), yaml);
    return new ConfigLoader(env).read(dir);
  }

  @Test
  void healthAndAlertsReachTheConfig() throws IOException {
    UnderstudyConfig c = load("""
        health:
          interval: 4m
          intervals: {pm2: 10s}
          thresholds: {memory: {warning: 70, failing: 90}}
          recovery: {max: 2, within: 5m}
          reports: {keep: 10, maxAge: 2d}
        alerts:
          reminder: 30m
          webhook: {url: "http://127.0.0.1:9/hook"}
        """, Map.of());
    assertThat(c.health().interval()).isEqualTo(Duration.ofMinutes(4));
    assertThat(c.health().settings().intervals().of("pm2")).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.health().settings().recoveryMax()).isEqualTo(2);
    assertThat(c.health().settings().recoveryWithin()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.health().reportsKeep()).isEqualTo(10);
    assertThat(c.health().reportsMaxAge()).isEqualTo(Duration.ofDays(2));
    assertThat(c.alerts().reminder()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.alerts().webhook()).isPresent();
  }

  @Test
  void defaultsWithoutTheSections() throws IOException {
    UnderstudyConfig c = load("mode: replace\n", Map.of());
    assertThat(c.health().reportsKeep()).isEqualTo(100);
    assertThat(c.health().reportsMaxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(c.alerts().any()).isFalse();
    assertThat(c.health().settings().intervals().of("githubActions")).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theEnvironmentSetsTheWholeInterval() throws IOException {
    UnderstudyConfig c = load("health: {interval: 4m}\n", Map.of("HEALTH_CHECK_INTERVAL", "120000"));
    assertThat(c.health().interval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.health().settings().intervals().whole()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void badValuesSayWhere() {
    assertThatThrownBy(() -> load("alerts:\n  slack: {url: \"http://hooks.example.com/x\"}\n", Map.of()))
        .hasMessageContaining("understudy.yml:2").hasMessageContaining("https");
    assertThatThrownBy(() -> load("health:\n  reports: {keep: 0}\n", Map.of())).hasMessageContaining("keep");
    assertThatThrownBy(() -> load("alert: {}\n", Map.of())).hasMessageContaining("alert");
  }
}
