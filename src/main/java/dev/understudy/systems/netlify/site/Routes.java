package dev.understudy.systems.netlify.site;

import dev.understudy.systems.netlify.Route;
import java.util.List;

/**
 * A v2 function's {@code config.path} or {@code config.excludedPath} entry as Netlify routes it
 * (zip-it-and-ship-it's {@code utils/routes.ts}): a path with no parameter, wildcard, group or
 * regular expression in any segment is a literal; any other is a URLPattern whose expression gets an
 * optional trailing slash, so {@code /items/:id} also answers {@code /items/42/}.
 */
final class Routes {
  private Routes() {}

  /** The route for {@code path}; an {@link IllegalArgumentException} saying why when Netlify would refuse it. */
  static Route route(String path, List<String> methods, boolean preferStatic) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("must start with '/'");
    }
    if (isLiteral(path)) return Route.literal(path, methods, preferStatic);
    String anchored = UrlPathPattern.regex(path);
    String inner = anchored.substring(1, anchored.length() - 1);
    return Route.expression(path, "^" + inner + "\\/?$", methods, preferStatic);
  }

  private static boolean isLiteral(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.contains("*") || segment.startsWith(":") || segment.contains("{") || segment.contains("[")
          || segment.contains("(")) return false;
    }
    return true;
  }
}
