package dev.understudy.systems.netlify.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.systems.netlify.NetlifyFunction.ApiVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PathPatternTest {

  static List<String> match(String pattern, String path) {
    return PathPattern.compile(pattern).match(path);
  }

  @Test
  void fixedPathsMatchThemselvesOnlyAndIgnoreCase() {
    assertThat(match("/api/hello", "/api/hello")).isEmpty();
    assertThat(match("/api/hello", "/API/Hello")).isEmpty();
    assertThat(match("/api/hello", "/api/hello/x")).isNull();
    assertThat(match("/api/hello", "/api")).isNull();
  }

  @Test
  void namedParametersTakeOneSegment() {
    assertThat(match("/items/:id", "/items/42")).containsExactly("id", "42");
    assertThat(match("/items/:id", "/items/42/more")).isNull();
    assertThat(match("/items/:id", "/items/")).isNull();
    assertThat(match("/u/:user/posts/:post", "/u/Ann/posts/7")).containsExactly("user", "Ann", "post", "7");
    assertThat(match("/files/:name.:ext", "/files/report.pdf")).containsExactly("name", "report", "ext", "pdf");
  }

  @Test
  void modifiersAndGroups() {
    assertThat(match("/items/:id?", "/items")).isEmpty();
    assertThat(match("/items/:id?", "/items/3")).containsExactly("id", "3");
    assertThat(match("/a/:rest+", "/a/b/c")).containsExactly("rest", "b/c");
    assertThat(match("/a/:rest+", "/a")).isNull();
    assertThat(match("/a/:rest*", "/a")).isEmpty();
    assertThat(match("/book{s}?", "/book")).isEmpty();
    assertThat(match("/book{s}?", "/books")).isEmpty();
    assertThat(match("/blog/:year(\\d+)", "/blog/2024")).containsExactly("year", "2024");
    assertThat(match("/blog/:year(\\d+)", "/blog/latest")).isNull();
    assertThat(match("/v\\:1/x", "/v:1/x")).isEmpty();
  }

  @Test
  void wildcardsAreNumbered() {
    assertThat(match("/api/*", "/api/a/b")).containsExactly("0", "a/b");
    assertThat(match("/api/*", "/api")).isNull();
    assertThat(match("/*/x/*", "/a/x/b")).containsExactly("0", "a", "1", "b");
    assertThat(match("/*", "/")).containsExactly("0", "");
  }

  @Test
  void badPatternsSayWhere() {
    assertThatThrownBy(() -> PathPattern.compile("items")).hasMessageContaining("starts with '/'");
    assertThatThrownBy(() -> PathPattern.compile("/a/:")).hasMessageContaining("column 4").hasMessageContaining("parameter name");
    assertThatThrownBy(() -> PathPattern.compile("/a/(x")).hasMessageContaining("closing ')'");
    assertThatThrownBy(() -> PathPattern.compile("/:a/:a")).hasMessageContaining("duplicate parameter name 'a'");
    assertThatThrownBy(() -> PathPattern.compile("/a/{b")).hasMessageContaining("'}'");
  }

  static NetlifyFunction fn(String name, List<String> paths, List<String> excluded, List<String> methods) {
    Path p = Path.of("/site/netlify/functions/" + name + ".mjs");
    return new NetlifyFunction(name, p, p, paths.isEmpty() ? ApiVersion.V1 : ApiVersion.V2, Optional.empty(), false, paths, excluded, methods, List.of());
  }

  @Test
  void routerOrderIsTheSitesAndMethodMissesFallThrough() {
    FunctionRouter r = new FunctionRouter(List.of(
        fn("plain", List.of(), List.of(), List.of()),
        fn("writer", List.of("/things/:id"), List.of(), List.of("POST", "PUT")),
        fn("reader", List.of("/things/:id", "/other"), List.of("/things/secret"), List.of()),
        fn("late", List.of("/things/*"), List.of(), List.of())));
    assertThat(r.route("/.netlify/functions/plain/deeper", "GET").match().function().name()).isEqualTo("plain");
    assertThat(r.route("/things/1", "POST").match().function().name()).isEqualTo("writer");
    FunctionRouter.Lookup get = r.route("/things/1", "GET");
    assertThat(get.match().function().name()).isEqualTo("reader");
    assertThat(get.match().route()).isEqualTo("/things/:id");
    assertThat(get.match().params()).containsExactly("id", "1");
    assertThat(r.route("/things/secret", "GET").match().function().name()).as("excluded from reader, caught by late").isEqualTo("late");
    assertThat(r.route("/.netlify/functions/reader", "GET").match()).isNull();
    assertThat(r.route("/nothing", "DELETE").notFound()).contains("no function serves DELETE /nothing");
  }
}
