package dev.understudy.systems.netlify.serve;

import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.systems.netlify.NetlifyFunction.ApiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.slf4j.event.Level;

/** The fixture functions (src/test/resources/netlify/serve/functions) copied to a folder of the test's, as records. */
final class ServeFixtures {
  private ServeFixtures() {}

  static Path copy(Path into) {
    try {
      Path from = Path.of(ServeFixtures.class.getResource("/netlify/serve/functions").toURI());
      Path to = into.resolve("netlify/functions");
      try (Stream<Path> all = Files.walk(from)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          Path t = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) Files.createDirectories(t);
          else Files.copy(p, t);
        }
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static NetlifyFunction v1(Path dir, String file) {
    return fn(dir, file, ApiVersion.V1, List.of(), List.of(), List.of(), null, false);
  }

  static NetlifyFunction v2(Path dir, String file, String... paths) {
    return fn(dir, file, ApiVersion.V2, Arrays.asList(paths), List.of(), List.of(), null, false);
  }

  static NetlifyFunction fn(Path dir, String file, ApiVersion api, List<String> paths, List<String> excluded, List<String> methods,
      String schedule, boolean background) {
    String name = file.substring(0, file.lastIndexOf('.'));
    Path main = dir.resolve(file);
    return new NetlifyFunction(name, main, main, api, Optional.ofNullable(schedule), background, paths, excluded, methods, List.of());
  }

  /** Every function of the fixture folder, as discovery would find them. */
  static List<NetlifyFunction> all(Path dir) {
    List<NetlifyFunction> out = new ArrayList<>();
    for (String f : List.of("hello.js", "echo.js", "callback.js", "bad-status.js", "bad-body.js", "thrower.js", "multi.js",
        "logger.js", "env.js", "exit.js", "throw-later.js", "hang.mjs", "busy.js", "sleepy.js", "worker-pid.js",
        "reload-cjs.js", "esm-in-js.js")) {
      out.add(v1(dir, f));
    }
    out.add(fn(dir, "job-background.js", ApiVersion.V1, List.of(), List.of(), List.of(), null, true));
    out.add(fn(dir, "cron.mjs", ApiVersion.V2, List.of(), List.of(), List.of(), "@hourly", false));
    for (String f : List.of("hello-v2.mjs", "env-set.mjs", "stream.mjs", "ticker.mjs", "nothing.mjs", "wrong-return.mjs", "reload.mjs", "typed.ts")) {
      out.add(v2(dir, f));
    }
    out.add(v2(dir, "v2-echo.mjs", "/items/:id", "/api/*"));
    out.add(fn(dir, "only-post.mjs", ApiVersion.V2, List.of("/submit"), List.of(), List.of("POST"), null, false));
    out.add(fn(dir, "docs.mjs", ApiVersion.V2, List.of("/docs/*"), List.of("/docs/private/*"), List.of(), null, false));
    return List.copyOf(out);
  }

  /** A log sink that keeps every line. */
  static final class Logs implements FunctionLogSink {
    record Line(String function, String requestId, Level level, String text) {}

    final ConcurrentLinkedQueue<Line> lines = new ConcurrentLinkedQueue<>();

    @Override
    public void line(String function, String requestId, Level level, String text) {
      lines.add(new Line(function, requestId, level, text));
    }

    boolean has(String function, Level level, String part) {
      return lines.stream().anyMatch(l -> l.function().equals(function) && l.level() == level && l.text().contains(part));
    }

    @Override
    public String toString() {
      return String.join("\n", lines.stream().map(Line::toString).toList());
    }
  }

  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  static HttpResponse<String> get(int port, String path, String... headers) {
    return send(HttpRequest.newBuilder(uri(port, path)).GET(), headers);
  }

  static HttpResponse<String> post(int port, String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(port, path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) b.header("Content-Type", contentType);
    return send(b, headers);
  }

  static HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    try {
      return CLIENT.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<InputStream> stream(int port, String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
