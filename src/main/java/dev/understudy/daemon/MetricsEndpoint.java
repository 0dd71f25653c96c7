package dev.understudy.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.understudy.orchestrator.Metrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /metrics on the control port, in Prometheus text format. Open without the token only when
 * {@code metrics.public: true} in understudy.yml; otherwise it needs {@code Authorization: Bearer
 * <token>} like the calls that change state (Prometheus: {@code authorization: {credentials_file: ...}}).
 */
final class MetricsEndpoint implements HttpHandler {
  static final String PATH = "/metrics";
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

  private final Metrics metrics;
  private final byte[] token;
  private final boolean open;

  MetricsEndpoint(Metrics metrics, String token, boolean open) {
    this.metrics = metrics;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.open = open;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestURI().getPath().equals(PATH)) {
        send(ex, 404, "no such endpoint: " + ex.getRequestURI().getPath() + "\n");
        return;
      }
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        send(ex, 405, ex.getRequestMethod() + " is not allowed on /metrics\n");
        return;
      }
      if (!open) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        byte[] given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
          send(ex, 401, "/metrics needs the token: send 'Authorization: Bearer <token>' (the token file is named in daemon.json),"
              + " or set metrics.public: true in understudy.yml\n");
          return;
        }
      }
      String body;
      try {
        body = metrics.scrape();
      } catch (RuntimeException e) {
        LOG.error("GET /metrics failed", e);
        send(ex, 500, "metrics failed: " + e.getMessage() + " (details in the daemon log)\n");
        return;
      }
      ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(200, ex.getRequestMethod().equals("HEAD") ? -1 : b.length);
      if (!ex.getRequestMethod().equals("HEAD")) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(b);
        }
      }
    }
  }

  private static void send(HttpExchange ex, int status, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }
}
