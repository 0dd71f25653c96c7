package dev.understudy.systems.netlify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
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

  private static final Map<String, Optional<Pattern>> COMPILED = new ConcurrentHashMap<>();
  private static final Map<String, Optional<Pattern>> COMPILED_IGNORING_CASE = new ConcurrentHashMap<>();
  private static final Map<String, List<String>> GROUP_NAMES = new ConcurrentHashMap<>();

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
   * expressions; a user's own group such as {@code (\d+)} is read by Java's rules (one Java cannot
   * read matches nothing here).
   */
  public boolean matches(String path) {
    return match(path).isPresent();
  }

  /**
   * The parameters of a request path (not decoded, without the query) when it is this route, as
   * URLPattern's {@code exec().pathname.groups} gives them and Netlify passes them as
   * {@code context.params}: a {@code :name} part by its name, a {@code *} wildcard or a
   * {@code (regex)} group numbered {@code "0"}, {@code "1"}, ... ({@code /api/:version/*} on
   * {@code /api/v1/a/b} gives {@code {version=v1, 0=a/b}}). An optional part that matched nothing is
   * left out; values keep the request's encoding. A literal route has no parameters. Empty when the
   * path is not this route.
   */
  public Optional<Map<String, String>> match(String path) {
    return match(path, false);
  }

  /**
   * {@link #match}, ignoring case, as {@code netlify dev} routes (it lower-cases the request path
   * first); the parameters keep the request's case.
   */
  public Optional<Map<String, String>> matchIgnoringCase(String path) {
    return match(path, true);
  }

  private Optional<Map<String, String>> match(String path, boolean ignoreCase) {
    if (literal.isPresent()) {
      boolean same = ignoreCase ? literal.get().equalsIgnoreCase(path) : literal.get().equals(path);
      return same ? Optional.of(Map.of()) : Optional.empty();
    }
    Optional<Pattern> compiled = ignoreCase
        ? COMPILED_IGNORING_CASE.computeIfAbsent(expression.get(), e -> compile(e, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
        : COMPILED.computeIfAbsent(expression.get(), e -> compile(e, 0));
    if (compiled.isEmpty()) return Optional.empty();
    Matcher m = compiled.get().matcher(path);
    if (!m.matches()) return Optional.empty();
    List<String> names = groupNames(m.groupCount());
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < m.groupCount(); i++) {
      String value = m.group(i + 1);
      if (value != null) params.put(names.get(i), value);
    }
    return Optional.of(params);
  }

  private static Optional<Pattern> compile(String expression, int flags) {
    try {
      return Optional.of(Pattern.compile(expression, flags));
    } catch (PatternSyntaxException e) { // a user's group Java cannot read: it matches nothing here
      return Optional.empty();
    }
  }

  /**
   * The names of the expression's groups, from the pattern; numbered from "0" when the pattern does
   * not account for them (an expression made by hand, or a user's group Java reads differently).
   */
  private List<String> groupNames(int count) {
    List<String> names = GROUP_NAMES.computeIfAbsent(pattern, p -> {
      try {
        return UrlPathPattern.groupNames(p);
      } catch (IllegalArgumentException e) {
        return List.of();
      }
    });
    if (names.size() == count) return names;
    List<String> numbered = new ArrayList<>(count);
    for (int i = 0; i < count; i++) numbered.add(String.valueOf(i));
    return numbered;
  }

  /** Whether {@code method} may call this route. */
  public boolean allows(String method) {
    return methods.isEmpty() || methods.contains(method.toUpperCase(Locale.ROOT));
  }
}
