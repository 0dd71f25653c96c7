package dev.understudy.engine.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A real local HTTP receiver (the JDK's server on port 0): records what it is sent, answers as scripted. */
final class HttpReceiver implements AutoCloseable {
  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  record Answer(int status, String body, Map<String, String> headers) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private volatile Answer otherwise = new Answer(200, "ok", Map.of());
  private final HttpServer server;

  HttpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()), body));
      Answer a = script.poll();
      if (a == null) a = otherwise;
      a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    });
    server.start();
  }

  /** The next answers, in order; after them {@link #always}. */
  HttpReceiver then(int status, String body, Map<String, String> headers) {
    script.add(new Answer(status, body, headers));
    return this;
  }

  HttpReceiver then(int status, String body) {
    return then(status, body, Map.of());
  }

  HttpReceiver always(int status, String body) {
    otherwise = new Answer(status, body, Map.of());
    return this;
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
