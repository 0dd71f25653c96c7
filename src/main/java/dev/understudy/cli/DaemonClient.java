package dev.understudy.cli;

import dev.understudy.daemon.DaemonHome;
import dev.understudy.daemon.DaemonInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Talks to a running daemon over its HTTP API. {@link HttpURLConnection} on purpose: the JDK's
 * HttpClient adds about 0.6 s of class loading to every command.
 */
final class DaemonClient {
  static final int CONNECT_TIMEOUT_MS = 2000;
  static final int READ_TIMEOUT_MS = 30_000;

  /** An answer: the HTTP status and its body. */
  record Reply(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The daemon's {@code {"error": ...}} message, or the body. */
    String error() {
      try {
        Object e = Json.object(body).get("error");
        if (e != null) return e.toString();
      } catch (RuntimeException ignored) {
        // not JSON
      }
      return "HTTP " + status + ": " + body;
    }
  }

  private final DaemonInfo info;

  DaemonClient(DaemonInfo info) {
    this.info = info;
  }

  /** The daemon of {@code home} if one runs and answers. */
  static Optional<DaemonClient> connect(DaemonHome home) {
    Optional<DaemonInfo> info = home.readDaemonInfo().filter(DaemonInfo::processAlive);
    if (info.isEmpty()) return Optional.empty();
    DaemonClient c = new DaemonClient(info.get());
    try {
      return c.get("/api/health").ok() ? Optional.of(c) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  DaemonInfo info() {
    return info;
  }

  Reply get(String path) throws IOException {
    return call("GET", path);
  }

  Reply post(String path) throws IOException {
    return call("POST", path, new byte[0], READ_TIMEOUT_MS);
  }

  /** A POST with a JSON body, waiting up to {@code readTimeoutMs} for the answer. */
  Reply post(String path, String json, int readTimeoutMs) throws IOException {
    return call("POST", path, json.getBytes(StandardCharsets.UTF_8), readTimeoutMs);
  }

  private Reply call(String method, String path) throws IOException {
    return call(method, path, new byte[0], READ_TIMEOUT_MS);
  }

  private Reply call(String method, String path, byte[] body, int readTimeoutMs) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(info.baseUrl() + path).openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(CONNECT_TIMEOUT_MS);
    c.setReadTimeout(readTimeoutMs);
    if (!"GET".equals(method)) {
      c.setRequestProperty("Authorization", "Bearer " + token());
      c.setDoOutput(true);
      if (body.length > 0) c.setRequestProperty("Content-Type", "application/json");
      c.setFixedLengthStreamingMode(body.length);
      try (var out = c.getOutputStream()) {
        out.write(body);
      }
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    return new Reply(status, text);
  }

  private String token() throws IOException {
    try {
      return Files.readString(info.tokenFile(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IOException("cannot read the token at " + info.tokenFile() + " (" + e.getMessage()
          + "): run the CLI as the user who started the daemon");
    }
  }
}
