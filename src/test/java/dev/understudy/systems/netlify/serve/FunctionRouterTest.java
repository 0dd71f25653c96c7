package dev.understudy.systems.netlify.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.systems.netlify.NetlifyFunction.ApiVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FunctionRouterTest {

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
    assertThat(r.route("/things/1/", "GET").match().params()).as("trailing slash").containsExactly("id", "1");
    assertThat(r.route("/things/1//", "GET").match().params()).as("one stripped, one the expression allows, as in netlify dev")
        .containsExactly("id", "1");
    assertThat(r.route("/things/secret", "GET").match().function().name()).as("excluded from reader, caught by late").isEqualTo("late");
    assertThat(r.route("/Things/SECRET", "GET").match().function().name()).as("excluded ignoring case").isEqualTo("late");
    assertThat(r.route("/things/a/b", "GET").match().params()).containsExactly("0", "a/b");
    assertThat(r.route("/.netlify/functions/reader", "GET").match()).isNull();
    assertThat(r.route("/nothing", "DELETE").notFound()).contains("no function serves DELETE /nothing");
    assertThat(r.route("/other", "DELETE").match().function().name()).isEqualTo("reader");
  }

  @Test
  void aPathNetlifyWouldRefuseServesNothing() {
    FunctionRouter r = new FunctionRouter(List.of(fn("odd", List.of("/q?x/:y", "/ok"), List.of(), List.of())));
    assertThat(r.route("/ok", "GET").match().function().name()).isEqualTo("odd");
    assertThat(r.route("/qx/1", "GET").match()).isNull();
    assertThat(r.route("/.netlify/functions/odd", "GET").match()).as("it has paths, so not its default one").isNull();
  }
}
