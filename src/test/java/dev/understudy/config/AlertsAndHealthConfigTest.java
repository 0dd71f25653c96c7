package dev.understudy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.HealthIntervals;
import dev.understudy.engine.monitor.HealthSettings;
import dev.understudy.engine.monitor.Threshold;
import dev.understudy.engine.notify.AlertsConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;

/** The alerts: and health: sections, read with positions; bad values say where and how to fix. */
class AlertsAndHealthConfigTest {
  static final String FILE = "/p/understudy.yml";

  static Optional<YamlMap> section(String yaml, String name) {
    LoadSettings s = LoadSettings.builder().setLabel(FILE).setAllowDuplicateKeys(false).build();
    return YamlMap.of(FILE, "", new Compose(s).composeString(yaml).orElseThrow()).map(name);
  }

  static AlertsConfig alerts(String yaml) {
    return AlertsConfigReader.read(section(yaml, "alerts"));
  }

  static HealthSettings health(String yaml, Map<String, String> env) {
    return HealthConfigReader.read(section(yaml, "health"), env);
  }

  @Test
  void readsEveryAlertsKey() {
    AlertsConfig c = alerts("""
        alerts:
          reminder: 30m
          webhook: {url: http://ops.internal/hooks/understudy, tokenEnv: OPS_HOOK_TOKEN, timeout: 5s}
          slack: {url: https://hooks.slack.com/services/T000/B000/XXXX, blocks: false}
          discord: {url: https://discord.com/api/webhooks/1/abc, username: understudy}
          email:
            host: smtp.example.com
            from: understudy@example.com
            to: ops@example.com
            username: understudy@example.com
            passwordEnv: SMTP_PASSWORD
        """);
    assertThat(c.reminder()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.webhook()).contains(new AlertsConfig.Webhook(URI.create("http://ops.internal/hooks/understudy"), Optional.of("OPS_HOOK_TOKEN"),
        Duration.ofSeconds(5)));
    assertThat(c.slack().orElseThrow().blocks()).isFalse();
    assertThat(c.discord().orElseThrow().username()).contains("understudy");
    AlertsConfig.Email e = c.email().orElseThrow();
    assertThat(e.port()).isEqualTo(587);
    assertThat(e.starttls()).isTrue();
    assertThat(e.to()).containsExactly("ops@example.com");
    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.any()).isTrue();
  }

  @Test
  void noSectionNoAlerts() {
    assertThat(alerts("mode: failover\n")).isEqualTo(AlertsConfig.NONE);
    assertThat(AlertsConfig.NONE.any()).isFalse();
    assertThat(AlertsConfig.NONE.reminder()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void badAlertsSayWhereAndHowToFix() {
    assertThatThrownBy(() -> alerts("alerts:\n  slack: {url: 'http://hooks.slack.com/services/T/B/secret'}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(FILE + ":2:16: 'alerts.slack.url' is plain http: use https: the URL's path is the webhook's secret");
    assertThatThrownBy(() -> alerts("alerts:\n  discord: {url: 'discord.com/api/webhooks/1/secret'}\n"))
        .hasMessageStartingWith(FILE + ":2:")
        .hasMessageContaining("not an http(s) URL with a host: write the whole address");
    assertThatThrownBy(() -> alerts("alerts:\n  webhok: {url: 'https://x.example'}\n"))
        .hasMessage(FILE + ":2:3: unknown key 'webhok' in 'alerts': did you mean 'webhook'?");
    assertThatThrownBy(() -> alerts("alerts:\n  email:\n    host: smtp.example.com\n    port: 465\n    from: a@example.com\n    to: b@example.com\n"))
        .hasMessage(FILE + ":4:11: 'alerts.email.port' is 465, SMTP over implicit TLS, which Understudy does not speak:"
            + " use port 587 with starttls: true (every large provider offers it)");
    assertThatThrownBy(() -> alerts("alerts:\n  email: {host: smtp.example.com, from: a@example.com, to: [b@example.com], username: u}\n"))
        .hasMessageContaining("'alerts.email.username' is set without passwordEnv: add passwordEnv: the NAME");
    assertThatThrownBy(() -> alerts("alerts:\n  email: {host: smtp.example.com, from: a@example.com, to: [b@example.com], username: u, passwordEnv: 'hunter2!'}\n"))
        .hasMessageContaining("is not an environment variable name: write the variable's NAME (e.g. SMTP_PASSWORD), never the secret itself");
    assertThatThrownBy(() -> alerts("alerts:\n  email: {host: smtp.example.com, from: a@example.com}\n"))
        .hasMessage(FILE + ":2:10: 'alerts.email' has no to: add to: [ops@example.com]");
    assertThatThrownBy(() -> alerts("alerts:\n  email: {host: smtp.example.com, from: 'Ops <ops@example.com>', to: x@example.com}\n"))
        .hasMessageContaining("'alerts.email.from' has 'Ops <ops@example.com>', which is not an e-mail address");
    assertThatThrownBy(() -> alerts("alerts:\n  reminder: 30d\n")).hasMessageContaining("use at most 7d, or 0 for no reminders");
  }

  @Test
  void healthDefaultsAreTheTeams() {
    HealthSettings h = health("mode: failover\n", Map.of());
    assertThat(h).isEqualTo(HealthSettings.DEFAULTS);
    assertThat(h.intervals().of("pm2")).isEqualTo(Duration.ofSeconds(30));
    assertThat(h.intervals().of("githubActions")).isEqualTo(Duration.ofSeconds(60));
    assertThat(h.intervals().of("netlifyFunctions")).isEqualTo(Duration.ofMinutes(2));
    assertThat(h.intervals().of("machine")).isEqualTo(Duration.ofMinutes(5));
    assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void readsEveryHealthKey() {
    HealthSettings h = health("""
        health:
          interval: 10m
          intervals: {pm2: 15s, machine: 1m}
          timeout: 20s
          thresholds:
            memory: {warning: 70%, failing: 90, cycles: 2}
            cpu: {warning: 95, cycles: 5, recover: 2}
            disk: {failing: off}
            failures: {failing: 5, warning: 2}
          recovery: {max: 5, within: 1h}
          trend: {window: 20m, horizon: 1h, minR2: 0.9}
        """, Map.of());
    assertThat(h.intervals().whole()).isEqualTo(Duration.ofMinutes(10));
    assertThat(h.intervals().of("pm2")).isEqualTo(Duration.ofSeconds(15));
    assertThat(h.intervals().of("githubActions")).isEqualTo(Duration.ofSeconds(60));
    assertThat(h.intervals().of("machine")).isEqualTo(Duration.ofMinutes(1));
    assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(h.thresholds().of(Check.of("pm2", "web", "memory"))).isEqualTo(Threshold.Above.of("%", 70, 90, 2));
    assertThat(h.thresholds().of(Check.of("pm2", "web", "cpu"))).isEqualTo(new Threshold.Above("%", java.util.OptionalDouble.of(95),
        java.util.OptionalDouble.empty(), 5, 2));
    assertThat(h.thresholds().of(Check.of("machine", "home", "disk"))).isEqualTo(Threshold.Above.warningOnly("%", 90, 1));
    assertThat(h.thresholds().of(Check.of("pm2", "web", "up"))).isEqualTo(new Threshold.Failures(5, 2, 1));
    assertThat(h.recoveryMax()).isEqualTo(5);
    assertThat(h.recoveryWithin()).isEqualTo(Duration.ofHours(1));
    assertThat(h.trend().window()).isEqualTo(Duration.ofMinutes(20));
    assertThat(h.trend().minR2()).isEqualTo(0.9);
  }

  @Test
  void missedSlotsAreMadeUpUnlessTurnedOff() {
    assertThat(HealthConfigReader.health(section("health: {interval: 10m}\n", "health"), Optional.empty(), Map.of()).makeUpMissedSlots()).isTrue();
    assertThat(HealthConfigReader.health(section("health: {recovery: {makeUp: false}}\n", "health"), Optional.empty(), Map.of())
        .makeUpMissedSlots()).isFalse();
    assertThatThrownBy(() -> HealthConfigReader.health(section("health: {recovery: {makeup: false}}\n", "health"), Optional.empty(), Map.of()))
        .hasMessageContaining("makeup");
  }

  @Test
  void healthCheckIntervalCountsMillisecondsAsTheNodeScriptsDid() {
    assertThat(health("health: {interval: 10m}\n", Map.of("HEALTH_CHECK_INTERVAL", "60000")).intervals().whole()).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> health("mode: off\n", Map.of("HEALTH_CHECK_INTERVAL", "5")))
        .hasMessage("environment variable HEALTH_CHECK_INTERVAL: 'health.interval' is 5 ms: use 1s to 1d, e.g. 30s");
  }

  @Test
  void invalidThresholdsSayWhereAndHowToFix() {
    assertThatThrownBy(() -> health("health:\n  thresholds:\n    memory: {warning: 97}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(FILE + ":3:13: 'health.thresholds.memory' is invalid: the failing level (95%) must be above the warning level (97%):"
            + " raise failing or lower warning");
    assertThatThrownBy(() -> health("health:\n  thresholds:\n    cpu: {warning: lots}\n", Map.of()))
        .hasMessage(FILE + ":3:20: 'health.thresholds.cpu.warning' must be a number, not 'lots': e.g. 80");
    assertThatThrownBy(() -> health("health:\n  thresholds:\n    cpu: {warning: 150}\n", Map.of()))
        .hasMessageContaining("150%, which a percentage never goes above: use a number under 100");
    assertThatThrownBy(() -> health("health:\n  thresholds:\n    failures: {failing: 3, warning: 3}\n", Map.of()))
        .hasMessageContaining("'health.thresholds.failures' is invalid: the failures before a warning (3) must be 0 (no warning)");
    assertThatThrownBy(() -> health("health:\n  thresholds:\n    memory: {cycles: 0}\n", Map.of()))
        .hasMessage(FILE + ":3:22: 'health.thresholds.memory.cycles' is 0: use a number from 1 to 3600");
    assertThatThrownBy(() -> health("health:\n  thresholds:\n    latency: {warning: 2}\n", Map.of()))
        .hasMessageContaining("unknown key 'latency' in 'health.thresholds'");
    assertThatThrownBy(() -> health("health:\n  intervals: {pm2: 500ms}\n", Map.of()))
        .hasMessage(FILE + ":2:20: 'health.intervals.pm2' is 500 ms: use 1s to 1d, e.g. 30s");
    assertThatThrownBy(() -> health("health:\n  timeout: 1h\n", Map.of())).hasMessageContaining("use 1s to 10m (30s by default)");
  }

  @Test
  void healthSettingsBuildALoopAndABudget() {
    HealthSettings h = HealthSettings.DEFAULTS;
    try (var loop = h.loop(java.time.Clock.systemUTC()).build()) {
      assertThat(loop.intervals()).isEqualTo(HealthIntervals.DEFAULTS);
    }
    assertThat(h.budget(java.time.Clock.systemUTC()).max()).isEqualTo(3);
    assertThat(List.of(h.budget(java.time.Clock.systemUTC()).within())).containsExactly(Duration.ofMinutes(15));
  }
}
