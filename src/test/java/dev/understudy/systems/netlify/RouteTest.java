package dev.understudy.systems.netlify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matching request paths against {@link Route}s and taking their parameters (once serve's PathPatternTest). */
class RouteTest {

  /** The parameters as the front takes them (ignoring case), or null when {@code path} is not the route. */
  static Map<String, String> match(String pattern, String path) {
    return Route.of(pattern, List.of(), false).matchIgnoringCase(path).orElse(null);
  }

  @Test
  void fixedPathsMatchThemselvesOnlyAndTheFrontIgnoresCase() {
    assertThat(match("/api/hello", "/api/hello")).isEmpty();
    assertThat(match("/api/hello", "/API/Hello")).isEmpty();
    assertThat(match("/api/hello", "/api/hello/x")).isNull();
    assertThat(match("/api/hello", "/api")).isNull();
    assertThat(Route.of("/api/hello", List.of(), false).match("/API/Hello")).as("Netlify's own comparison").isEmpty();
    assertThat(Route.of("/api/:x", List.of(), false).match("/API/a")).isEmpty();
    assertThat(match("/api/:x", "/API/Abc")).containsExactly(Map.entry("x", "Abc"));
  }

  @Test
  void namedParametersTakeOneSegment() {
    assertThat(match("/items/:id", "/items/42")).containsExactly(Map.entry("id", "42"));
    assertThat(match("/items/:id", "/items/42/more")).isNull();
    assertThat(match("/items/:id", "/items/")).as("the trailing slash is optional, the segment is not").isNull();
    assertThat(match("/u/:user/posts/:post", "/u/Ann/posts/7"))
        .containsExactly(Map.entry("user", "Ann"), Map.entry("post", "7"));
    assertThat(match("/files/:name.:ext", "/files/report.pdf"))
        .containsExactly(Map.entry("name", "report"), Map.entry("ext", "pdf"));
  }

  @Test
  void modifiersAndGroups() {
    assertThat(match("/items/:id?", "/items")).isEmpty();
    assertThat(match("/items/:id?", "/items/3")).containsExactly(Map.entry("id", "3"));
    assertThat(match("/a/:rest+", "/a/b/c")).containsExactly(Map.entry("rest", "b/c"));
    assertThat(match("/a/:rest+", "/a")).isNull();
    assertThat(match("/a/:rest*", "/a")).isEmpty();
    assertThat(match("/book{s}?", "/book")).isEmpty();
    assertThat(match("/book{s}?", "/books")).isEmpty();
    assertThat(match("/blog/:year(\\d+)", "/blog/2024")).containsExactly(Map.entry("year", "2024"));
    assertThat(match("/blog/:year(\\d+)", "/blog/latest")).isNull();
    assertThat(match("/v\\:1/:x", "/v:1/y")).containsExactly(Map.entry("x", "y"));
  }

  @Test
  void escapesInAPathWithNoParameterStayLiteralAsZisiDecides() {
    // zisi sees no * : { [ ( at a segment's start: "/v\:1/x" is the literal "/v\:1/x", which no request path is
    assertThat(Route.of("/v\\:1/x", List.of(), false).literal()).contains("/v\\:1/x");
    assertThat(match("/v\\:1/x", "/v:1/x")).isNull();
    assertThat(match("/a:b", "/a:b")).isEmpty();
  }

  @Test
  void wildcardsAndUnnamedGroupsAreNumberedAsUrlPatternDoes() {
    assertThat(match("/api/*", "/api/a/b")).containsExactly(Map.entry("0", "a/b"));
    assertThat(match("/api/*", "/api")).isNull();
    assertThat(match("/*/x/*", "/a/x/b")).containsExactly(Map.entry("0", "a"), Map.entry("1", "b"));
    assertThat(match("/*", "/")).containsExactly(Map.entry("0", ""));
    assertThat(match("/api/:version/*", "/api/v1/a/b")).containsExactly(Map.entry("version", "v1"), Map.entry("0", "a/b"));
    assertThat(match("/n/(\\d+)/:id/*", "/n/12/x/rest"))
        .containsExactly(Map.entry("0", "12"), Map.entry("id", "x"), Map.entry("1", "rest"));
    assertThat(UrlPathPattern.groupNames("/n/(\\d+)/:id/*")).containsExactly("0", "id", "1");
  }

  @Test
  void parametersKeepTheRequestsEncoding() {
    assertThat(match("/p/:name", "/p/caf%C3%A9")).containsExactly(Map.entry("name", "caf%C3%A9"));
    assertThat(match("/caf\u00e9/:x", "/caf%C3%A9/1")).as("fixed text is matched URL-encoded, as Netlify writes it")
        .containsExactly(Map.entry("x", "1"));
  }

  @Test
  void aHandMadeExpressionHasNumberedGroups() {
    Route r = Route.expression("/x", "^\\/x\\/(\\d+)\\/([a-z]+)$", List.of(), false);
    assertThat(r.match("/x/1/ab")).contains(Map.of("0", "1", "1", "ab"));
    assertThat(Route.expression("/bad", "^(unclosed$", List.of(), false).matches("/bad")).isFalse();
  }

  @Test
  void badPatternsSayWhere() {
    assertThatThrownBy(() -> Route.of("items", List.of(), false)).hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> Route.of("/a/:", List.of(), false)).hasMessageContaining("at character 4").hasMessageContaining("no name follows");
    assertThatThrownBy(() -> Route.of("/a/(x", List.of(), false)).hasMessageContaining("never closed").hasMessageContaining("')'");
    assertThatThrownBy(() -> Route.of("/:a/:a", List.of(), false)).hasMessageContaining("'a' is used twice");
    assertThatThrownBy(() -> Route.of("/a/{b", List.of(), false)).hasMessageContaining("'}'");
  }
}
