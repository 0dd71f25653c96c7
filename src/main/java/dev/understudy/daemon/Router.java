package dev.understudy.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.understudy.engine.logs.SecretMasker;
import dev.understudy.util.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small router for the JDK's HttpServer: {@code GET /api/runs/{id}} style routes, JSON
 * answers, and the bearer token on every call that changes state.
 */
final class Router implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  /** A request as handlers see it. */
  record Request(String method, String path, Map<String, String> params, Map<String, String> query, byte[] body) {
    String query(String name, String fallback) {
      return query.getOrDefault(name, fallback);
    }
  }

  /** A handler's answer: a status and a body {@link JsonWriter} can write. */
  record Response(int status, Object body) {
    static Response ok(Object body) {
      return new Response(200, body);
    }

    static Response error(int status, String message) {
      return new Response(status, Map.of("error", message));
    }
  }

  @FunctionalInterface
  interface Handler {
    Response handle(Request r) throws Exception;
  }

  private record Route(String method, Pattern pattern, List<String> names, Handler handler) {}

  private final List<Route> routes = new ArrayList<>();
  private final byte[] token;

  Router(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  Router get(String path, Handler h) {
    return add("GET", path, h);
  }

  Router post(String path, Handler h) {
    return add("POST", path, h);
  }

  private Router add(String method, String path, Handler h) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("\\{(\\w+)}").matcher(path);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(path.substring(last, m.start()))).append("([^/]+)");
      names.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(path.substring(last)));
    routes.add(new Route(method, Pattern.compile(regex.toString()), names, h));
    return this;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    Response response;
    try {
      response = dispatch(ex);
    } catch (ApiException e) {
      response = Response.error(e.status(), e.getMessage());
    } catch (Exception e) {
      response = internalError(ex, e);
    }
    byte[] body;
    try {
      body = JsonWriter.pretty(response.body()).getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      response = internalError(ex, e);
      body = JsonWriter.pretty(response.body()).getBytes(StandardCharsets.UTF_8);
    }
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static Response internalError(HttpExchange ex, Exception e) {
    LOG.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
    return Response.error(500, "internal error: " + SecretMasker.mask(String.valueOf(e.getMessage()))
        + " (details in the daemon log)");
  }

  private Response dispatch(HttpExchange ex) throws Exception {
    // Matched on the raw path and decoded once per parameter: a name may hold '/', '+' or '%'.
    String path = ex.getRequestURI().getRawPath();
    String method = ex.getRequestMethod();
    boolean pathKnown = false;
    for (Route r : routes) {
      Matcher m = r.pattern().matcher(path);
      if (!m.matches()) continue;
      pathKnown = true;
      if (!r.method().equals(method)) continue;
      if (!"GET".equals(method)) requireToken(ex);
      Map<String, String> params = new HashMap<>();
      for (int i = 0; i < r.names().size(); i++) {
        params.put(r.names().get(i), URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
      }
      byte[] body = ex.getRequestBody().readNBytes(1 << 20);
      return r.handler().handle(new Request(method, path, params, query(ex.getRequestURI().getRawQuery()), body));
    }
    return pathKnown
        ? Response.error(405, method + " is not allowed on " + path)
        : Response.error(404, "no such endpoint: " + method + " " + path);
  }

  private void requireToken(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    byte[] given = auth != null && auth.startsWith("Bearer ")
        ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8)
        : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      throw new ApiException(401, auth == null
          ? "this call changes state and needs the token: send 'Authorization: Bearer <token>' (the token file is named in daemon.json)"
          : "wrong token: use the one in the daemon's token file (named in daemon.json)");
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) return out;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  /** An error the caller can fix, with its HTTP status. */
  static final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }
}
