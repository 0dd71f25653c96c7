package dev.understudy.systems.actions.github;

import dev.understudy.util.Sleeper;
import dev.understudy.engine.logs.SecretMasker;
import dev.understudy.util.JsonReader;
import dev.understudy.util.UrlParts;
import dev.understudy.util.JsonStrings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A small client for the GitHub Actions REST API: list a workflow's runs, read a workflow's state,
 * dispatch a workflow. {@link HttpURLConnection} and a small JSON reader, so the CLI can use it
 * without the start-up cost of java.net.http or Jackson.
 *
 * <p>Retries: connection errors and 5xx answers are retried with exponential backoff, at most
 * {@link Options#maxAttempts()} attempts in all. A rate limit (403 or 429 with {@code
 * x-ratelimit-remaining: 0}, or a {@code retry-after}) is waited out until {@code x-ratelimit-reset},
 * unless that is further away than {@link Options#maxRateLimitWait()}: then it fails at once with
 * {@link GitHubException.Kind#RATE_LIMITED}. A dispatch (POST) is retried only when it certainly did
 * not reach GitHub (the connection was refused, the host unknown, or GitHub rate-limited it); after
 * a 5xx or a broken connection it may have happened, and a second one would start a second run, so
 * it fails with {@link GitHubException.Kind#UNCERTAIN}.
 *
 * <p>The token is registered with {@link SecretMasker}; it is sent only in the {@code
 * Authorization} header and never appears in a message of this class.
 */
public final class GitHubClient {
  public static final String API_VERSION = "2022-11-28";

  /**
   * @param maxAttempts attempts per request in all (1 = no retry)
   * @param initialBackoff the wait before the second attempt after an error; it doubles each time
   * @param maxRateLimitWait the longest rate-limit wait this client sits out; a longer one fails
   */
  public record Options(
      Duration connectTimeout,
      Duration readTimeout,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration maxRateLimitWait,
      String userAgent) {
    public static final Options DEFAULTS =
        new Options(Duration.ofSeconds(10), Duration.ofSeconds(30), 4, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMinutes(5), "understudy");

    public Options {
      if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    public Options withMaxRateLimitWait(Duration d) {
      return new Options(connectTimeout, readTimeout, maxAttempts, initialBackoff, maxBackoff, d, userAgent);
    }

    public Options withMaxAttempts(int n) {
      return new Options(connectTimeout, readTimeout, n, initialBackoff, maxBackoff, maxRateLimitWait, userAgent);
    }

    public Options withUserAgent(String ua) {
      return new Options(connectTimeout, readTimeout, maxAttempts, initialBackoff, maxBackoff, maxRateLimitWait, ua);
    }
  }

  /** A workflow as GitHub knows it; {@code state} is {@code active}, {@code disabled_manually}, {@code disabled_inactivity}, ... */
  public record Workflow(long id, String name, String path, String state, Optional<String> htmlUrl) {}

  /** What {@link #listRuns} asks for; empty fields are left out of the query. */
  public record RunQuery(Optional<String> event, Optional<Instant> createdFrom, int perPage) {
    public RunQuery {
      if (perPage < 1 || perPage > 100) throw new IllegalArgumentException("perPage is 1 to 100 on GitHub");
    }

    /** Runs of {@code event=schedule} created at or after {@code from}. */
    public static RunQuery scheduledSince(Instant from, int perPage) {
      return new RunQuery(Optional.of("schedule"), Optional.of(from), perPage);
    }
  }

  /** The answer to a dispatch: GitHub answers 204 without details, or 200 with the run when asked for it. */
  public record Dispatched(int status, Optional<Long> runId, Optional<String> htmlUrl) {}

  private record Response(int status, Map<String, List<String>> headers, String body) {
    Optional<String> header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return Optional.of(e.getValue().get(0).trim());
        }
      }
      return Optional.empty();
    }
  }

  private final String apiUrl;
  private final String token;
  private final String tokenSource;
  private final Options options;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Consumer<String> notes;

  /**
   * @param apiUrl the REST API's base URL without a trailing slash (https://api.github.com, or
   *     https://HOST/api/v3 for GitHub Enterprise Server)
   * @param tokenSource where the token came from (an environment variable's name), for the hints of
   *     401 messages
   * @param notes told about every wait before a retry (the daemon logs them, the CLI prints them)
   */
  public GitHubClient(String apiUrl, String token, String tokenSource, Options options, Clock clock, Sleeper sleeper,
      Consumer<String> notes) {
    if (token == null || token.isBlank()) throw new IllegalArgumentException("no GitHub token");
    this.apiUrl = apiUrl.replaceAll("/+$", "");
    this.token = token.trim();
    SecretMasker.register(this.token);
    this.tokenSource = tokenSource;
    this.options = options;
    this.clock = clock;
    this.sleeper = sleeper;
    this.notes = notes;
  }

  public GitHubClient(String apiUrl, String token, String tokenSource) {
    this(apiUrl, token, tokenSource, Options.DEFAULTS, Clock.systemUTC(), Sleeper.REAL, n -> {});
  }

  public String apiUrl() {
    return apiUrl;
  }

  /** {@code GET /repos/{owner}/{repo}/actions/workflows/{file}/runs}: the first page, newest first. */
  public List<WorkflowRun> listRuns(Repository repo, String workflowFile, RunQuery q) throws GitHubException {
    StringBuilder path = new StringBuilder(workflowPath(repo, workflowFile)).append("/runs?");
    q.event().ifPresent(e -> path.append("event=").append(UrlParts.encode(e)).append('&'));
    q.createdFrom().ifPresent(t -> path.append("created=").append(UrlParts.encode(">=" + iso(t))).append('&'));
    path.append("per_page=").append(q.perPage());
    String where = "GET " + path;
    Map<String, Object> body = json(send("GET", path.toString(), null), where);
    Object runs = body.get("workflow_runs");
    if (!(runs instanceof List)) throw badAnswer(where, "no workflow_runs list");
    List<WorkflowRun> out = new ArrayList<>();
    for (Object o : (List<?>) runs) {
      if (!(o instanceof Map)) throw badAnswer(where, "a run is not an object");
      Map<?, ?> r = (Map<?, ?>) o;
      try {
        out.add(new WorkflowRun(
            ((Number) r.get("id")).longValue(),
            str(r.get("event")).orElse(""),
            str(r.get("status")).orElse(""),
            str(r.get("conclusion")),
            Instant.parse(str(r.get("created_at")).orElseThrow()),
            str(r.get("run_started_at")).map(Instant::parse),
            str(r.get("html_url"))));
      } catch (RuntimeException e) {
        throw badAnswer(where, "a run without id or created_at (" + e.getClass().getSimpleName() + ")");
      }
    }
    return out;
  }

  /** {@code GET /repos/{owner}/{repo}/actions/workflows/{file}}. */
  public Workflow workflow(Repository repo, String workflowFile) throws GitHubException {
    String path = workflowPath(repo, workflowFile);
    Map<String, Object> w = json(send("GET", path, null), "GET " + path);
    Object state = w.get("state");
    if (!(state instanceof String)) throw badAnswer("GET " + path, "no state");
    return new Workflow(w.get("id") instanceof Number ? ((Number) w.get("id")).longValue() : 0,
        str(w.get("name")).orElse(workflowFile), str(w.get("path")).orElse(""), (String) state, str(w.get("html_url")));
  }

  /**
   * {@code POST /repos/{owner}/{repo}/actions/workflows/{file}/dispatches} with {@code {"ref": ...,
   * "inputs": {...}}}: GitHub answers 204 (or 200 with the run on newer versions).
   */
  public Dispatched dispatch(Repository repo, String workflowFile, String ref, Map<String, String> inputs)
      throws GitHubException {
    StringBuilder b = new StringBuilder("{\"ref\":").append(JsonStrings.quote(ref)).append(",\"inputs\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : inputs.entrySet()) {
      if (!first) b.append(',');
      first = false;
      b.append(JsonStrings.quote(e.getKey())).append(':').append(JsonStrings.quote(e.getValue()));
    }
    b.append("}}");
    String path = workflowPath(repo, workflowFile) + "/dispatches";
    Response r = send("POST", path, b.toString().getBytes(StandardCharsets.UTF_8));
    if (r.status() == 200 && !r.body().isBlank()) {
      try {
        Map<String, Object> m = JsonReader.object(r.body(), "GitHub");
        return new Dispatched(200,
            m.get("workflow_run_id") instanceof Number ? Optional.of(((Number) m.get("workflow_run_id")).longValue()) : Optional.empty(),
            str(m.get("html_url")));
      } catch (RuntimeException e) {
        return new Dispatched(200, Optional.empty(), Optional.empty());
      }
    }
    return new Dispatched(r.status(), Optional.empty(), Optional.empty());
  }

  // ---- the request loop

  private Response send(String method, String path, byte[] body) throws GitHubException {
    String what = method + " " + path;
    Duration backoff = options.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= options.maxAttempts();
      Response r;
      try {
        r = once(method, path, body);
      } catch (IOException e) {
        boolean neverSent = e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException;
        String cause = SecretMasker.mask(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        if (body != null && !neverSent) {
          throw new GitHubException(GitHubException.Kind.UNCERTAIN, 0, null,
              what + " broke off (" + cause + "): GitHub may or may not have accepted it; look at the workflow's runs on GitHub before trying again", e);
        }
        if (last) {
          throw new GitHubException(GitHubException.Kind.UNREACHABLE, 0, null,
              "GitHub at " + apiUrl + " cannot be reached (" + cause + ") after " + attempt + " attempt" + (attempt == 1 ? "" : "s")
                  + " of " + what + ": check the network and githubActions.apiUrl", e);
        }
        notes.accept(what + ": " + cause + "; attempt " + (attempt + 1) + " of " + options.maxAttempts() + " in " + human(backoff));
        pause(backoff, what);
        backoff = min(backoff.multipliedBy(2), options.maxBackoff());
        continue;
      }
      if (r.status() >= 200 && r.status() < 300) return r;

      Optional<String> message = githubMessage(r.body());
      Optional<Duration> limited = rateLimitWait(r, message);
      if (limited.isPresent()) {
        Duration wait = limited.get();
        String resets = r.header("x-ratelimit-reset").map(s -> ", resets at " + resetInstant(s)).orElse("");
        if (wait.compareTo(options.maxRateLimitWait()) > 0) {
          throw new GitHubException(GitHubException.Kind.RATE_LIMITED, r.status(), message.orElse(null),
              "GitHub's rate limit stops " + what + " for " + human(wait) + resets + ", longer than the "
                  + human(options.maxRateLimitWait()) + " this client waits: try again later, or use a token with a higher limit", null);
        }
        if (last) {
          throw new GitHubException(GitHubException.Kind.RATE_LIMITED, r.status(), message.orElse(null),
              "GitHub's rate limit still stops " + what + " after " + attempt + " attempts" + resets + ": try again later", null);
        }
        notes.accept(what + ": rate limited by GitHub (" + r.status() + resets + "); waiting " + human(wait));
        pause(wait, what);
        continue;
      }
      boolean transientStatus = r.status() >= 500 || r.status() == 429;
      if (transientStatus && body != null && r.status() != 429) {
        throw new GitHubException(GitHubException.Kind.UNCERTAIN, r.status(), message.orElse(null),
            "GitHub answered " + r.status() + message.map(m -> " (" + m + ")").orElse("") + " to " + what
                + ": it may or may not have accepted it; look at the workflow's runs on GitHub before trying again", null);
      }
      if (transientStatus) {
        if (last) {
          throw new GitHubException(GitHubException.Kind.UNREACHABLE, r.status(), message.orElse(null),
              "GitHub answered " + r.status() + message.map(m -> " (" + m + ")").orElse("") + " to " + what + " on all "
                  + attempt + " attempts: GitHub may be having trouble (https://www.githubstatus.com)", null);
        }
        notes.accept(what + ": GitHub answered " + r.status() + "; attempt " + (attempt + 1) + " of " + options.maxAttempts() + " in " + human(backoff));
        pause(backoff, what);
        backoff = min(backoff.multipliedBy(2), options.maxBackoff());
        continue;
      }
      throw new GitHubException(GitHubException.Kind.HTTP, r.status(), message.orElse(null),
          "GitHub answered " + r.status() + message.map(m -> " (" + m + ")").orElse("") + " to " + what + ": " + hint(r.status()), null);
    }
  }

  /**
   * One request, following GitHub's redirects (a renamed or moved repository answers 301, 302 or
   * 307) only to the API's own scheme, host and port: the token never goes anywhere else.
   */
  private Response once(String method, String path, byte[] body) throws IOException {
    URL url = new URL(apiUrl + path);
    for (int hop = 0; ; hop++) {
      Response r = once(method, url, body);
      Optional<String> location = r.header("location");
      if (r.status() < 300 || r.status() >= 400 || r.status() == 304 || location.isEmpty() || hop >= 3) return r;
      URL next = new URL(url, location.get());
      URL api = new URL(apiUrl);
      if (!next.getProtocol().equals(api.getProtocol()) || !next.getHost().equalsIgnoreCase(api.getHost())
          || next.getPort() != api.getPort()) {
        return r;
      }
      url = next;
    }
  }

  private Response once(String method, URL url, byte[] body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    try {
      c.setRequestMethod(method);
      c.setConnectTimeout((int) options.connectTimeout().toMillis());
      c.setReadTimeout((int) options.readTimeout().toMillis());
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setRequestProperty("Authorization", "Bearer " + token);
      c.setRequestProperty("Accept", "application/vnd.github+json");
      c.setRequestProperty("X-GitHub-Api-Version", API_VERSION);
      c.setRequestProperty("User-Agent", options.userAgent());
      if (body != null) {
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        // Streaming mode also stops HttpURLConnection from silently re-sending a POST on a stale connection.
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
          out.write(body);
        }
      }
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
      return new Response(status, c.getHeaderFields(), text);
    } finally {
      c.disconnect();
    }
  }

  /**
   * How long GitHub asks to wait, for a 403 or 429 that is a rate limit: {@code retry-after}
   * (seconds), else {@code x-ratelimit-reset} when {@code x-ratelimit-remaining} is 0, else one
   * minute for a secondary rate limit that names no time (GitHub's documented advice).
   */
  private Optional<Duration> rateLimitWait(Response r, Optional<String> message) {
    if (r.status() != 403 && r.status() != 429) return Optional.empty();
    Optional<String> retryAfter = r.header("retry-after");
    if (retryAfter.isPresent()) {
      Optional<Duration> d = retryAfter(retryAfter.get());
      if (d.isPresent()) return d;
    }
    if (r.header("x-ratelimit-remaining").map("0"::equals).orElse(false)) {
      Optional<Instant> reset = r.header("x-ratelimit-reset").flatMap(GitHubClient::epochSeconds);
      if (reset.isPresent()) {
        Duration d = Duration.between(clock.instant(), reset.get()).plusSeconds(1);
        return Optional.of(d.isNegative() ? Duration.ofSeconds(1) : d);
      }
      return Optional.of(Duration.ofMinutes(1));
    }
    if (message.map(m -> m.toLowerCase(java.util.Locale.ROOT).contains("secondary rate limit")).orElse(false)) {
      return Optional.of(Duration.ofMinutes(1));
    }
    return Optional.empty();
  }

  private Optional<Duration> retryAfter(String v) {
    try {
      long s = Long.parseLong(v);
      return Optional.of(Duration.ofSeconds(Math.max(0, s)));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  private static Optional<Instant> epochSeconds(String v) {
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(v)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String resetInstant(String v) {
    return epochSeconds(v).map(i -> iso(i)).orElse(v);
  }

  private String hint(int status) {
    switch (status) {
      case 401:
        return "the token is not valid (expired or revoked?): set a valid one in " + tokenSource;
      case 403:
        return "the token in " + tokenSource + " may not do this: it needs the 'actions' permission (read to watch, write to dispatch) on the repository";
      case 404:
        return "GitHub knows no such repository or workflow, or the token in " + tokenSource
            + " cannot see it: check githubActions.repository, that the workflow file is on the default branch, and the token's repository access";
      case 422:
        return "GitHub refused the request as given; its message says why";
      default:
        return "see GitHub's message";
    }
  }

  private void pause(Duration d, String what) throws GitHubException {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitHubException(GitHubException.Kind.UNREACHABLE, 0, null, what + " was interrupted while waiting to retry", e);
    }
  }

  private static Map<String, Object> json(Response r, String where) throws GitHubException {
    try {
      return JsonReader.object(r.body(), "GitHub");
    } catch (RuntimeException e) {
      throw badAnswer(where, "not a JSON object");
    }
  }

  private static Optional<String> githubMessage(String body) {
    if (body == null || body.isBlank()) return Optional.empty();
    try {
      Object m = JsonReader.object(body, "GitHub").get("message");
      return m instanceof String && !((String) m).isBlank() ? Optional.of(((String) m).trim()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static GitHubException badAnswer(String where, String what) {
    return new GitHubException(GitHubException.Kind.BAD_ANSWER, 200, null,
        "GitHub's answer to " + where + " cannot be read: " + what + "; is githubActions.apiUrl a GitHub REST API?", null);
  }

  private static Optional<String> str(Object o) {
    return o instanceof String ? Optional.of((String) o) : Optional.empty();
  }

  private static String workflowPath(Repository repo, String workflowFile) {
    return "/repos/" + UrlParts.encode(repo.owner()) + "/" + UrlParts.encode(repo.name()) + "/actions/workflows/" + UrlParts.encode(workflowFile);
  }


  static String iso(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (d.toMillis() < 1000) return d.toMillis() + " ms";
    if (s < 120) return s + " s";
    if (s < 7200) return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
    return (s / 3600) + " h " + (s % 3600 / 60) + " min";
  }
}
