package dev.understudy.engine.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** A notifier that POSTs one JSON body per notification to {@code alerts.NAME.url}. */
abstract class HttpNotifier implements Notifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final HttpPost http;

  HttpNotifier(String name, URI url, Duration timeout) {
    this.name = name;
    this.http = new HttpPost(name, "alerts." + name + ".url", url, timeout);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final void send(Notification n) throws NotifyException {
    http.post(body(n), headers());
  }

  /** The JSON sent for {@code n}. */
  abstract String body(Notification n);

  Map<String, String> headers() {
    return Map.of();
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static String write(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
