package dev.understudy.systems.netlify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UrlPathPatternTest {

  /**
   * {@code [pattern, regexp.pathname.source]} pairs printed by urlpattern-polyfill 8.0.2 (the one
   * zip-it-and-ship-it 16.2.3 uses) under Node 20; null where it refuses the pattern.
   */
  static Stream<Arguments> polyfillCases() throws IOException {
    try (InputStream in = UrlPathPatternTest.class.getResourceAsStream("/netlify/urlpattern-pathname.jsonl")) {
      ObjectMapper json = new ObjectMapper();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(line -> {
        try {
          JsonNode pair = json.readTree(line);
          return Arguments.of(pair.get(0).asText(), pair.get(1).isNull() ? null : pair.get(1).asText());
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("polyfillCases")
  void buildsTheRegularExpressionThePolyfillBuilds(String pattern, String expected) {
    if (expected == null) {
      assertThatThrownBy(() -> UrlPathPattern.regex(pattern)).isInstanceOf(IllegalArgumentException.class);
    } else {
      assertThat(UrlPathPattern.regex(pattern)).isEqualTo(expected);
    }
  }

  @Test
  void errorsSayWhatWhereAndHow() {
    assertThatThrownBy(() -> UrlPathPattern.regex("/q?x/:y"))
        .hasMessage("a '?' must follow a parameter, a wildcard or a { } group (at character 3): escape it as \\? to match it literally");
    assertThatThrownBy(() -> UrlPathPattern.regex("/a/:"))
        .hasMessage("':' starts a parameter but no name follows (at character 4): write a name such as :id, or \\: for a colon");
    assertThatThrownBy(() -> UrlPathPattern.regex("/a/(b(c))"))
        .hasMessage("a capturing group inside a group is not allowed (at character 6): write (?:...) for the inner group");
    assertThatThrownBy(() -> UrlPathPattern.regex("/a/:x/:x")).hasMessageContaining("'x' is used twice");
  }

  @Test
  void netlifyRoutesAreLiteralsOrExpressionsWithAnOptionalTrailingSlash() {
    Route literal = Route.of("/api/hello", List.of("GET"), false);
    assertThat(literal.literal()).contains("/api/hello");
    assertThat(literal.expression()).isEmpty();
    // zisi only looks for * : { [ ( in a segment: a '+' or a ':' inside one stays literal
    assertThat(Route.of("/lit/a+b", List.of(), false).literal()).contains("/lit/a+b");
    assertThat(Route.of("/a:b", List.of(), false).literal()).contains("/a:b");

    Route items = Route.of("/items/:id", List.of(), true);
    assertThat(items.expression()).contains("^\\/items(?:\\/([^\\/]+?))\\/?$");
    assertThat(items.matches("/items/42")).isTrue();
    assertThat(items.matches("/items/42/")).isTrue();
    assertThat(items.matches("/items/42/x")).isFalse();
    assertThat(Route.of("/a[b]", List.of(), false).expression()).contains("^\\/a\\[b\\]\\/?$");

    assertThatThrownBy(() -> Route.of("api", List.of(), false)).hasMessage("must start with '/'");
  }
}
