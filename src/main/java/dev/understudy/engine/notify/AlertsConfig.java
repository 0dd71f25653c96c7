package dev.understudy.engine.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code alerts:} section of understudy.yml, validated (config/AlertsConfigReader reads it with
 * positions). Secrets are never here: the e-mail password and the webhook token are named by an
 * environment variable, resolved by {@link Notifiers#create}.
 */
public record AlertsConfig(Duration reminder, Optional<Webhook> webhook, Optional<Slack> slack, Optional<Discord> discord,
    Optional<Email> email) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final AlertsConfig NONE = new AlertsConfig(AlertRouter.DEFAULT_REMINDER, Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty());

  public AlertsConfig {
    Objects.requireNonNull(reminder, "reminder");
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(slack, "slack");
    Objects.requireNonNull(discord, "discord");
    Objects.requireNonNull(email, "email");
  }

  public boolean any() {
    return webhook.isPresent() || slack.isPresent() || discord.isPresent() || email.isPresent();
  }

  /** @param tokenEnv the variable holding a token sent as {@code Authorization: Bearer} */
  public record Webhook(URI url, Optional<String> tokenEnv, Duration timeout) {}

  public record Slack(URI url, boolean blocks, Duration timeout) {}

  public record Discord(URI url, Optional<String> username, Duration timeout) {}

  /** @param passwordEnv the variable holding the password (never the password itself) */
  public record Email(String host, int port, String from, List<String> to, Optional<String> username, Optional<String> passwordEnv,
      boolean starttls, Duration timeout) {
    public Email {
      to = List.copyOf(to);
    }
  }
}
