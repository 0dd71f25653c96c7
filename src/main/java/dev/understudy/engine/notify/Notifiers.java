package dev.understudy.engine.notify;

import dev.understudy.engine.logs.SecretMasker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the notifiers {@link AlertsConfig} asks for, resolving the secrets its variables name. A
 * notifier that cannot be built (its password variable is not set) is left out and reported: the
 * others work, nothing else stops.
 */
public final class Notifiers {
  private Notifiers() {}

  /** @param problems one line each: what is wrong and how to fix it */
  public record Result(List<Notifier> notifiers, List<String> problems) {}

  public static Result create(AlertsConfig c, Map<String, String> env) {
    List<Notifier> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    c.webhook().ifPresent(w -> {
      Optional<String> token = w.tokenEnv().map(env::get).filter(v -> !v.isEmpty());
      if (w.tokenEnv().isPresent() && token.isEmpty()) {
        problems.add("alerts.webhook.tokenEnv names " + w.tokenEnv().get() + ", which is not set: the webhook is sent without a token;"
            + " export " + w.tokenEnv().get() + " where the daemon starts");
      }
      out.add(new WebhookNotifier(w.url(), token, w.timeout()));
    });
    c.slack().ifPresent(s -> out.add(new SlackNotifier(s.url(), s.blocks(), s.timeout())));
    c.discord().ifPresent(d -> out.add(new DiscordNotifier(d.url(), d.username(), d.timeout())));
    c.email().ifPresent(e -> {
      Optional<String> password = e.passwordEnv().map(env::get).filter(v -> !v.isEmpty());
      if (e.passwordEnv().isPresent() && password.isEmpty()) {
        problems.add("alerts.email.passwordEnv names " + e.passwordEnv().get() + ", which is not set: no e-mail alerts;"
            + " export " + e.passwordEnv().get() + " where the daemon starts");
        return;
      }
      password.ifPresent(SecretMasker::register);
      SmtpClient smtp = new SmtpClient(new SmtpClient.Settings(e.host(), e.port(), e.starttls(), password.flatMap(p -> e.username()),
          password, e.timeout()));
      out.add(new EmailNotifier(smtp, e.from(), e.to()));
    });
    return new Result(List.copyOf(out), List.copyOf(problems));
  }
}
