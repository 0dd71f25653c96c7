package dev.understudy.systems.netlify.serve;

import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.util.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which function answers a path, as netlify dev decides (its FunctionsRegistry): first
 * {@code /.netlify/functions/NAME} and anything below it, for a function without custom paths (one
 * with {@code config.path} is not reachable there, on Netlify either); then every function's
 * {@code config.path} patterns, function by function in the site's order, each pattern in order. A
 * pattern counts only when the method is one of the function's {@code method}s (no match otherwise:
 * the request falls through, as on Netlify) and no {@code excludedPath} matches. A trailing slash of
 * the path is ignored.
 */
final class FunctionRouter {
  private static final Logger log = LoggerFactory.getLogger(FunctionRouter.class);
  private static final String PREFIX = NetlifyFunction.FUNCTIONS_PREFIX;

  /** A match: the function, the pattern that matched ("" for the default path), its parameters. */
  record Match(NetlifyFunction function, String route, List<String> params) {}

  /** Either a match or the 404's text. */
  record Lookup(Match match, String notFound) {}

  private record Routed(NetlifyFunction function, List<PathPattern> paths, List<PathPattern> excluded) {}

  private final List<NetlifyFunction> source;
  private final Map<String, NetlifyFunction> byName = new LinkedHashMap<>();
  private final List<Routed> routed = new ArrayList<>();

  FunctionRouter(List<NetlifyFunction> functions) {
    this.source = functions;
    for (NetlifyFunction f : functions) {
      byName.putIfAbsent(f.name(), f);
      if (f.paths().isEmpty()) continue;
      routed.add(new Routed(f, compileAll(f, f.paths()), compileAll(f, f.excludedPaths())));
    }
  }

  List<NetlifyFunction> source() {
    return source;
  }

  private static List<PathPattern> compileAll(NetlifyFunction f, List<String> patterns) {
    List<PathPattern> out = new ArrayList<>();
    for (String p : patterns) {
      try {
        out.add(PathPattern.compile(p));
      } catch (IllegalArgumentException e) {
        log.warn("function {}: {}; that path is not served", f.name(), e.getMessage());
      }
    }
    return out;
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
    for (Routed r : routed) {
      for (PathPattern p : r.paths) {
        List<String> params = p.match(path);
        if (params == null) continue;
        if (!r.function.methods().isEmpty() && !r.function.methods().contains(method)) {
          if (methodMisses == null) methodMisses = new ArrayList<>();
          methodMisses.add(r.function.name() + " serves " + p.source() + " for " + String.join(", ", r.function.methods()) + " only");
          continue;
        }
        if (excluded(r, path)) continue;
        return new Lookup(new Match(r.function, p.source(), params), null);
      }
    }
    StringBuilder b = new StringBuilder("Not found: no function serves ").append(method).append(' ').append(rawPath).append('\n');
    if (methodMisses != null) for (String m : methodMisses) b.append("(function ").append(m).append(")\n");
    return new Lookup(null, b.toString());
  }

  private static boolean excluded(Routed r, String path) {
    for (PathPattern x : r.excluded) if (x.match(path) != null) return true;
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
