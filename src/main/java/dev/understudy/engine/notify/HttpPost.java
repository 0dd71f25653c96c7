package dev.understudy.engine.notify;

import dev.understudy.engine.logs.SecretMasker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs a JSON body to a webhook and turns every failure into a {@link NotifyException} that says
 * what to check. A webhook's URL is its secret (Slack's and Discord's carry a token in the path):
 * messages show only {@code scheme://host/***}.
 */
final class HttpPost {
  private static volatile HttpClient shared;

  private final String notifier;
  private final String configKey;
  private final URI url;
  private final Duration timeout;

  HttpPost(String notifier, String configKey, URI url, Duration timeout) {
    this.notifier = notifier;
    this.configKey = configKey;
    this.url = url;
    this.timeout = timeout;
    SecretMasker.register(url.toString());
    if (url.getRawPath() != null && url.getRawPath().length() > 1) SecretMasker.register(url.getRawPath());
  }

  record Response(int status, String body) {}

  Response post(String json, Map<String, String> headers) throws NotifyException {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "understudy")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    headers.forEach(b::header);
    HttpResponse<String> r;
    try {
      r = client().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new NotifyException(notifier + ": " + redacted() + " did not answer within " + timeout.toSeconds() + " s: check that the receiver is up", true,
          Optional.empty(), null);
    } catch (ConnectException | UnknownHostException e) {
      throw new NotifyException(notifier + ": cannot reach " + redacted() + " (" + describe(e) + "): check " + configKey + " and the network", true,
          Optional.empty(), null);
    } catch (IOException e) {
      throw new NotifyException(notifier + ": " + redacted() + " failed (" + describe(e) + "): check " + configKey + " and the network", true,
          Optional.empty(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotifyException(notifier + ": interrupted while sending", true);
    }
    int s = r.statusCode();
    if (s >= 200 && s < 300) return new Response(s, r.body());
    String body = snippet(r.body());
    String answered = notifier + ": " + redacted() + " answered " + s + (body.isEmpty() ? "" : " " + body);
    if (s == 429) {
      Optional<Duration> after = r.headers().firstValue("Retry-After").flatMap(HttpPost::seconds);
      throw new NotifyException(answered + ": rate limited, trying again later", true, after, null);
    }
    if (s >= 500 || s == 408) throw new NotifyException(answered + ": the receiver failed, trying again later", true);
    throw new NotifyException(answered + ": check " + configKey + hint(s), false);
  }

  /** {@code https://hooks.slack.com/***}: where it went, without the secret path. */
  String redacted() {
    return redact(url);
  }

  static String redact(URI u) {
    String port = u.getPort() == -1 ? "" : ":" + u.getPort();
    return u.getScheme() + "://" + u.getHost() + port + "/***";
  }

  private static String hint(int status) {
    return switch (status) {
      case 401, 403 -> " (the receiver refused us: a revoked webhook or a wrong token)";
      case 404, 410 -> " (no such webhook: mistyped, or deleted on the receiver's side)";
      case 400 -> " (the receiver rejected the message; see its answer)";
      default -> "";
    };
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return SecretMasker.mask(m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
  }

  private static String snippet(String body) {
    if (body == null) return "";
    String b = SecretMasker.mask(body.strip().replaceAll("\\s+", " "));
    return b.length() > 200 ? b.substring(0, 200) + "…" : b;
  }

  private static Optional<Duration> seconds(String v) {
    try {
      return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v.trim()) * 1000)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static HttpClient client() {
    HttpClient c = shared;
    if (c == null) {
      synchronized (HttpPost.class) {
        if (shared == null) {
          shared = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        c = shared;
      }
    }
    return c;
  }
}
