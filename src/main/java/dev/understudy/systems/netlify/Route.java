package dev.understudy.systems.netlify;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One URL a function answers on, as Netlify's manifest writes it: the {@code pattern} the user wrote
 * ({@code config.path}, URLPattern syntax) and either the {@code literal} path it is (no parameter, no
 * wildcard) or the regular {@code expression} Netlify matches request paths with (anchored, with an
 * optional trailing slash). {@code methods} are upper-case, empty meaning every method;
 * {@code preferStatic}: a static file at the same path wins over the function.
 */
public record Route(String pattern, Optional<String> literal, Optional<String> expression, List<String> methods,
    boolean preferStatic) {

  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  public Route {
    methods = List.copyOf(methods);
    if (literal.isPresent() == expression.isPresent()) {
      throw new IllegalArgumentException("a route is either a literal or an expression: " + pattern);
    }
  }

  /**
   * The route Netlify makes of a {@code config.path} entry (zip-it-and-ship-it's {@code utils/routes.ts}):
   * a path with no parameter, wildcard, group or regular expression in any segment is a literal;
   * any other is a URLPattern whose expression gets an optional trailing slash, so
   * {@code /items/:id} also answers {@code /items/42/}. An {@link IllegalArgumentException} saying
   * why when Netlify would refuse the path.
   */
  public static Route of(String path, List<String> methods, boolean preferStatic) {
    if (!path.startsWith("/")) throw new IllegalArgumentException("must start with '/'");
    if (isLiteral(path)) return literal(path, methods, preferStatic);
    String anchored = UrlPathPattern.regex(path);
    return expression(path, "^" + anchored.substring(1, anchored.length() - 1) + "\\/?$", methods, preferStatic);
  }

  /** zisi looks for {@code * : { [ (} only: {@code /a+b} or {@code /a:b} stay literal. */
  private static boolean isLiteral(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.contains("*") || segment.startsWith(":") || segment.contains("{") || segment.contains("[")
          || segment.contains("(")) return false;
    }
    return true;
  }

  public static Route literal(String path, List<String> methods, boolean preferStatic) {
    return new Route(path, Optional.of(path), Optional.empty(), methods, preferStatic);
  }

  public static Route expression(String pattern, String regex, List<String> methods, boolean preferStatic) {
    return new Route(pattern, Optional.empty(), Optional.of(regex), methods, preferStatic);
  }

  /**
   * Whether a request path (not decoded, without the query) is this route: equal to the literal,
   * or matched by the expression. The expressions Netlify writes are also valid Java regular
   * expressions; a user's own group such as {@code (\d+)} is read by Java's rules.
   */
  public boolean matches(String path) {
    if (literal.isPresent()) return literal.get().equals(path);
    try {
      return COMPILED.computeIfAbsent(expression.get(), Pattern::compile).matcher(path).matches();
    } catch (PatternSyntaxException e) { // a user's group Java cannot read: it matches nothing here
      return false;
    }
  }

  /** Whether {@code method} may call this route. */
  public boolean allows(String method) {
    return methods.isEmpty() || methods.contains(method.toUpperCase(java.util.Locale.ROOT));
  }
}
