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
public final class WebhookNotifier extends HttpNotifier {
  private final Optional<String> token;

  public WebhookNotifier(URI url, Optional<String> token, Duration timeout) {
    super("webhook", url, timeout);
    this.token = token;
    token.ifPresent(SecretMasker::register);
  }

  @Override
  String body(Notification n) {
    return n.toJson();
  }

  @Override
  Map<String, String> headers() {
    return token.map(t -> Map.of("Authorization", "Bearer " + t)).orElse(Map.of());
  }
}
