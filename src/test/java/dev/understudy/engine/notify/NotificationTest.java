package dev.understudy.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.understudy.engine.logs.SecretMasker;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The notification's JSON, masking, and building notifiers from the configuration. */
class NotificationTest {
  @Test
  void jsonRoundTripAndMasking() {
    SecretMasker.register("pw-in-a-notification");
    Notification n = Notification.of(Notification.Kind.GIVEN_UP, "", "", "", "", "", "t pw-in-a-notification", "text ü \"quoted\"",
        Instant.parse("2026-11-02T10:00:00Z"), Optional.empty(), "h");
    assertThat(Notification.fromJson(n.toJson())).isEqualTo(n);
    assertThat(n.toJson()).contains("\"kind\":\"given-up\"", "\"since\":null", "\"source\":\"understudy\"");
    assertThat(n.masked().title()).isEqualTo("t ***");
    assertThatThrownBy(() -> Notification.fromJson("{}")).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a notification");
  }

  @Test
  void notifiersFromTheConfigurationAndWhatIsMissing() {
    AlertsConfig c = new AlertsConfig(Duration.ofHours(1),
        Optional.of(new AlertsConfig.Webhook(URI.create("https://example.com/hook"), Optional.of("HOOK_TOKEN"), AlertsConfig.DEFAULT_TIMEOUT)),
        Optional.of(new AlertsConfig.Slack(URI.create("https://hooks.slack.com/services/T/B/X"), true, AlertsConfig.DEFAULT_TIMEOUT)),
        Optional.of(new AlertsConfig.Discord(URI.create("https://discord.com/api/webhooks/1/t"), Optional.empty(), AlertsConfig.DEFAULT_TIMEOUT)),
        Optional.of(new AlertsConfig.Email("smtp.example.com", 587, "a@example.com", List.of("b@example.com"), Optional.of("alerts"),
            Optional.of("SMTP_PASSWORD"), true, Duration.ofSeconds(30))));
    Notifiers.Result none = Notifiers.create(c, Map.of());
    assertThat(none.notifiers()).extracting(Notifier::name).containsExactly("webhook", "slack", "discord");
    assertThat(none.problems()).containsExactly(
        "alerts.webhook.tokenEnv names HOOK_TOKEN, which is not set: the webhook is sent without a token; export HOOK_TOKEN where the daemon starts",
        "alerts.email.passwordEnv names SMTP_PASSWORD, which is not set: no e-mail alerts; export SMTP_PASSWORD where the daemon starts");
    Notifiers.Result all = Notifiers.create(c, Map.of("HOOK_TOKEN", "hook-token-value", "SMTP_PASSWORD", "smtp-password-value"));
    assertThat(all.notifiers()).extracting(Notifier::name).containsExactly("webhook", "slack", "discord", "email");
    assertThat(all.problems()).isEmpty();
    assertThat(SecretMasker.mask("x smtp-password-value hook-token-value https://hooks.slack.com/services/T/B/X"))
        .isEqualTo("x *** *** ***");
  }
}
