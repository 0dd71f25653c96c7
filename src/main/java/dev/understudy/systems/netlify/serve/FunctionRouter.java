package dev.understudy.systems.netlify.serve;

import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.systems.netlify.Route;
import dev.understudy.util.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which function answers a path, as netlify dev decides (its FunctionsRegistry): first
 * {@code /.netlify/functions/NAME} and anything below it, for a function without custom paths (one
 * with {@code config.path} is not reachable there, on Netlify either); then every function's
 * {@code config.path} patterns, function by function in the site's order, each pattern in order,
 * matched as Netlify's manifest writes them (the function's {@link NetlifyFunction#routes()}; a path
 * Netlify would refuse has no route and serves nothing). A route counts only when the method is one
 * of its {@code method}s (no match otherwise: the request falls through, as on Netlify) and none of
 * the function's {@link NetlifyFunction#excludedRoutes()} matches. A trailing slash of the path is
 * ignored and case is not compared (netlify dev lower-cases the path); parameters keep the
 * request's case.
 */
final class FunctionRouter {
  private static final String PREFIX = NetlifyFunction.FUNCTIONS_PREFIX;

  /** A match: the function, the pattern that matched ("" for the default path), its parameters. */
  record Match(NetlifyFunction function, String route, List<String> params) {}

  /** Either a match or the 404's text. */
  record Lookup(Match match, String notFound) {}

  private final List<NetlifyFunction> source;
  private final Map<String, NetlifyFunction> byName = new LinkedHashMap<>();
  private final List<NetlifyFunction> routed = new ArrayList<>();

  FunctionRouter(List<NetlifyFunction> functions) {
    this.source = functions;
    for (NetlifyFunction f : functions) {
      byName.putIfAbsent(f.name(), f);
      if (!f.paths().isEmpty()) routed.add(f);
    }
  }

  List<NetlifyFunction> source() {
    return source;
  }

  Lookup route(String rawPath, String method) {
    String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
    if (path.startsWith(PREFIX)) {
      int end = path.indexOf('/', PREFIX.length());
      String name = path.substring(PREFIX.length(), end < 0 ? path.length() : end);
      NetlifyFunction f = byName.get(name);
      if (f == null) return new Lookup(null, unknown(name));
      if (!f.paths().isEmpty()) {
        return new Lookup(null, "Function " + f.name() + " cannot be invoked on " + path
            + ", because the function has the following URL paths defined: " + String.join(", ", f.paths()) + "\n");
      }
      return new Lookup(new Match(f, "", List.of()), null);
    }
    List<String> methodMisses = null;
    for (NetlifyFunction f : routed) {
      for (Route r : f.routes()) {
        Optional<Map<String, String>> params = r.matchIgnoringCase(path);
        if (params.isEmpty()) continue;
        if (!r.methods().isEmpty() && !r.methods().contains(method)) {
          if (methodMisses == null) methodMisses = new ArrayList<>();
          methodMisses.add(f.name() + " serves " + r.pattern() + " for " + String.join(", ", r.methods()) + " only");
          continue;
        }
        if (excluded(f, path)) continue;
        List<String> flat = new ArrayList<>(params.get().size() * 2);
        params.get().forEach((name, value) -> {
          flat.add(name);
          flat.add(value);
        });
        return new Lookup(new Match(f, r.pattern(), flat), null);
      }
    }
    StringBuilder b = new StringBuilder("Not found: no function serves ").append(method).append(' ').append(rawPath).append('\n');
    if (methodMisses != null) for (String m : methodMisses) b.append("(function ").append(m).append(")\n");
    return new Lookup(null, b.toString());
  }

  private static boolean excluded(NetlifyFunction f, String path) {
    for (Route x : f.excludedRoutes()) if (x.matchIgnoringCase(path).isPresent()) return true;
    return false;
  }

  private String unknown(String name) {
    StringBuilder b = new StringBuilder("Function not found: there is no function named \"").append(name).append("\".");
    Suggestions.closest(name, byName.keySet()).ifPresent(s -> b.append(" Did you mean \"").append(s).append("\"?"));
    List<String> names = new ArrayList<>();
    for (NetlifyFunction f : byName.values()) if (f.paths().isEmpty()) names.add(f.name());
    if (names.isEmpty()) b.append(" This site has no function served under ").append(PREFIX).append('.');
    else {
      b.append(" Functions here: ");
      b.append(String.join(", ", names.size() > 30 ? names.subList(0, 30) : names));
      if (names.size() > 30) b.append(", ... (").append(names.size()).append(" in all)");
      b.append('.');
    }
    return b.append('\n').toString();
  }
}
