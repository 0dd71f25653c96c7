package dev.understudy.cli;

import dev.understudy.daemon.DaemonHome;
import dev.understudy.daemon.DaemonInfo;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Talks to a running daemon over its HTTP API: one HTTP/1.1 request per connection on a plain
 * socket. The JDK's HttpClient adds about 0.6 s of class loading to every command, and even
 * {@code HttpURLConnection} (proxy selection, keep-alive cache, authentication, about 100 classes)
 * some 30 ms: a request to the local daemon needs none of it.
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
    return call("POST", path);
  }

  /** A POST with a JSON body, waiting up to {@code readTimeoutMs} for the answer. */
  Reply post(String path, String json, int readTimeoutMs) throws IOException {
    return call("POST", path, json.getBytes(StandardCharsets.UTF_8), readTimeoutMs);
  }

  private Reply call(String method, String path) throws IOException {
    return call(method, path, new byte[0], READ_TIMEOUT_MS);
  }

  private Reply call(String method, String path, byte[] body, int readTimeoutMs) throws IOException {
    StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(info.host()).append(':').append(info.port()).append("\r\n")
        .append("Connection: close\r\n");
    if (!"GET".equals(method)) {
      req.append("Authorization: Bearer ").append(token()).append("\r\nContent-Length: ").append(body.length).append("\r\n");
      if (body.length > 0) req.append("Content-Type: application/json\r\n");
    }
    req.append("\r\n");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(info.host(), info.port()), CONNECT_TIMEOUT_MS);
      s.setSoTimeout(readTimeoutMs);
      s.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().write(body);
      s.getOutputStream().flush();
      return read(new BufferedInputStream(s.getInputStream()));
    }
  }

  /** An HTTP/1.1 response: status line, headers, and a body by Content-Length, chunks, or up to the end. */
  static Reply read(InputStream in) throws IOException {
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP answer: " + statusLine);
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP answer: " + statusLine);
    }
    long length = -1;
    boolean chunked = false;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      if (colon < 0) continue;
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
      else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) chunked = true;
    }
    byte[] body;
    if (chunked) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int n = Integer.parseInt(line(in).split(";")[0].trim(), 16); n > 0; n = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
        b.write(in.readNBytes(n));
        line(in);
      }
      body = b.toByteArray();
    } else {
      body = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
    }
    return new Reply(status, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new IOException("the daemon closed the connection mid-answer");
      if (c != '\r') b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
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
