package dev.understudy.systems.netlify.api;

import dev.understudy.engine.logs.SecretMasker;
import dev.understudy.util.JsonReader;
import dev.understudy.util.UrlParts;
import dev.understudy.util.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A small, read-only client for Netlify's REST API: a site and its newest deploy. Connection
 * errors, 5xx and 429 answers are retried with exponential backoff ({@code retry-after} when
 * Netlify names a wait), at most {@link Options#maxAttempts()} attempts in all. The token is
 * registered with {@link SecretMasker} and sent only in the {@code Authorization} header.
 */
public final class NetlifyClient {

  public record Options(Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration initialBackoff,
      Duration maxBackoff) {
    public static final Options DEFAULTS =
        new Options(Duration.ofSeconds(10), Duration.ofSeconds(30), 3, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Options {
      if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  private record Response(int status, String body, Optional<String> retryAfter) {}

  private final String apiUrl;
  private final String token;
  private final String tokenSource;
  private final Options options;
  private final Sleeper sleeper;
  private final Consumer<String> notes;

  /**
   * @param apiUrl the API's base URL without a trailing slash (https://api.netlify.com/api/v1)
   * @param tokenSource the environment variable the token came from, for the hints of 401 messages
   * @param notes told about every wait before a retry
   */
  public NetlifyClient(String apiUrl, String token, String tokenSource, Options options, Sleeper sleeper, Consumer<String> notes) {
    if (token == null || token.isBlank()) throw new IllegalArgumentException("no Netlify token");
    this.apiUrl = apiUrl.replaceAll("/+$", "");
    this.token = token.trim();
    SecretMasker.register(this.token);
    this.tokenSource = tokenSource;
    this.options = options;
    this.sleeper = sleeper;
    this.notes = notes;
  }

  /** {@code GET /sites/{site_id}}, then {@code GET /sites/{site_id}/deploys?per_page=1} for the newest deploy. */
  public SiteState site(String siteId) throws NetlifyException {
    String path = "/sites/" + UrlParts.encode(siteId);
    Map<String, Object> s = object(send(path), path);
    Optional<SiteState.Deploy> published = s.get("published_deploy") instanceof Map<?, ?> d ? Optional.of(deploy(d, path)) : Optional.empty();
    String deploys = path + "/deploys?per_page=1";
    Object list = parse(send(deploys), deploys);
    if (!(list instanceof List<?> l)) throw badAnswer(deploys, "not a JSON array");
    Optional<SiteState.Deploy> latest = l.isEmpty() ? Optional.empty()
        : Optional.of(deploy(l.get(0) instanceof Map<?, ?> m ? m : Map.of(), deploys));
    return new SiteState(str(s.get("id")).orElse(siteId), str(s.get("name")).orElse(siteId), str(s.get("state")),
        Boolean.TRUE.equals(s.get("disabled")), published, latest);
  }

  private static SiteState.Deploy deploy(Map<?, ?> d, String where) throws NetlifyException {
    Optional<String> state = str(d.get("state"));
    if (state.isEmpty()) throw badAnswer(where, "a deploy without a state");
    Optional<List<String>> schedules = d.get("function_schedules") instanceof List<?> fs
        ? Optional.of(names(fs)) : Optional.empty();
    Optional<List<String>> functions = d.get("available_functions") instanceof List<?> af
        ? Optional.of(names(af)) : Optional.empty();
    return new SiteState.Deploy(str(d.get("id")).orElse(""), state.get(), str(d.get("error_message")), schedules, functions);
  }

  private static List<String> names(List<?> items) {
    List<String> out = new ArrayList<>();
    for (Object o : items) {
      if (o instanceof Map<?, ?> m && m.get("name") instanceof String n) out.add(n);
      else if (o instanceof String n) out.add(n);
    }
    return out;
  }

  private Response send(String path) throws NetlifyException {
    String what = "GET " + path;
    Duration backoff = options.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= options.maxAttempts();
      Response r;
      try {
        r = once(new URL(apiUrl + path));
      } catch (IOException e) {
        String cause = SecretMasker.mask(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        if (last) {
          throw new NetlifyException(NetlifyException.Kind.UNREACHABLE, 0, "Netlify's API at " + apiUrl + " cannot be reached ("
              + cause + ") after " + attempt + " attempt" + (attempt == 1 ? "" : "s") + " of " + what
              + ": check the network and netlifyFunctions.apiUrl", e);
        }
        notes.accept(what + ": " + cause + "; attempt " + (attempt + 1) + " of " + options.maxAttempts() + " in " + backoff.toMillis() + " ms");
        pause(backoff, what);
        backoff = backoff.multipliedBy(2).compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : backoff.multipliedBy(2);
        continue;
      }
      if (r.status() >= 200 && r.status() < 300) return r;
      if (r.status() >= 500 || r.status() == 429) {
        if (last) {
          throw new NetlifyException(NetlifyException.Kind.UNREACHABLE, r.status(), "Netlify answered " + r.status() + " to " + what
              + " on all " + attempt + " attempts: Netlify may be having trouble (https://www.netlifystatus.com)", null);
        }
        Duration wait = r.status() == 429 ? r.retryAfter().flatMap(NetlifyClient::seconds).orElse(backoff) : backoff;
        notes.accept(what + ": Netlify answered " + r.status() + "; attempt " + (attempt + 1) + " of " + options.maxAttempts()
            + " in " + wait.toMillis() + " ms");
        pause(wait, what);
        backoff = backoff.multipliedBy(2).compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : backoff.multipliedBy(2);
        continue;
      }
      throw new NetlifyException(NetlifyException.Kind.HTTP, r.status(), "Netlify answered " + r.status() + message(r.body()).map(m -> " (" + m + ")").orElse("")
          + " to " + what + ": " + hint(r.status()), null);
    }
  }

  private Response once(URL url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    try {
      c.setRequestMethod("GET");
      c.setConnectTimeout((int) options.connectTimeout().toMillis());
      c.setReadTimeout((int) options.readTimeout().toMillis());
      // A redirect could carry the token elsewhere; Netlify's API does not redirect these calls.
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setRequestProperty("Authorization", "Bearer " + token);
      c.setRequestProperty("Accept", "application/json");
      c.setRequestProperty("User-Agent", "understudy");
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      String text = "";
      if (in != null) {
        try (in) {
          ByteArrayOutputStream buf = new ByteArrayOutputStream();
          in.transferTo(buf);
          text = buf.toString(StandardCharsets.UTF_8);
        }
      }
      return new Response(status, text, Optional.ofNullable(c.getHeaderField("retry-after")));
    } finally {
      c.disconnect();
    }
  }

  private String hint(int status) {
    return switch (status) {
      case 401 -> "the token is not valid (expired or revoked?): set a valid personal access token in " + tokenSource;
      case 403 -> "the token in " + tokenSource + " may not read this site: use a token of a member of the site's team";
      case 404 -> "Netlify knows no such site, or the token in " + tokenSource
          + " cannot see it: check netlifyFunctions.siteId (the site's API ID or name)";
      default -> "see Netlify's message";
    };
  }

  private void pause(Duration d, String what) throws NetlifyException {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetlifyException(NetlifyException.Kind.UNREACHABLE, 0, what + " was interrupted while waiting to retry", e);
    }
  }

  private static Object parse(Response r, String where) throws NetlifyException {
    try {
      return JsonReader.parse(r.body(), "Netlify");
    } catch (RuntimeException e) {
      throw badAnswer(where, "not JSON");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Response r, String where) throws NetlifyException {
    Object o = parse(r, where);
    if (!(o instanceof Map)) throw badAnswer(where, "not a JSON object");
    return (Map<String, Object>) o;
  }

  private static Optional<String> message(String body) {
    try {
      Object m = JsonReader.object(body, "Netlify").get("message");
      return m instanceof String s && !s.isBlank() ? Optional.of(s.trim()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> seconds(String v) {
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static NetlifyException badAnswer(String where, String what) {
    return new NetlifyException(NetlifyException.Kind.BAD_ANSWER, 200, "Netlify's answer to GET " + where + " cannot be read: "
        + what + "; is netlifyFunctions.apiUrl Netlify's API (https://api.netlify.com/api/v1)?", null);
  }

  private static Optional<String> str(Object o) {
    return o instanceof String s ? Optional.of(s) : Optional.empty();
  }

}
