package dev.understudy.engine.notify;

import dev.understudy.util.JsonWriter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A notifier that POSTs one JSON body per notification to {@code alerts.NAME.url}. */
abstract class HttpNotifier implements Notifier {
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

  /** A JSON object under construction: keys in the order put. */
  static Map<String, Object> object() {
    return new LinkedHashMap<>();
  }

  static String write(Map<String, Object> root) {
    return JsonWriter.compact(root);
  }
}
