package dev.understudy.engine.notify;

import dev.understudy.engine.logs.SecretMasker;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The generic JSON webhook ({@code alerts.webhook}): POSTs {@link Notification#toJson()}, with
 * {@code Authorization: Bearer TOKEN} when a token is set. Any 2xx answer counts as delivered.
 */
public final class WebhookNotifier implements Notifier {
  private final HttpPost http;
  private final Optional<String> token;

  public WebhookNotifier(URI url, Optional<String> token, Duration timeout) {
    this.http = new HttpPost("webhook", "alerts.webhook.url", url, timeout);
    this.token = token;
    token.ifPresent(SecretMasker::register);
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public void send(Notification n) throws NotifyException {
    http.post(n.toJson(), token.map(t -> Map.of("Authorization", "Bearer " + t)).orElse(Map.of()));
  }
}
