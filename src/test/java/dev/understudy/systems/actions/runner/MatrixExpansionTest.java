package dev.understudy.systems.actions.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatrixExpansionTest {

  private static Map<String, List<Object>> rows(Object... kv) {
    Map<String, List<Object>> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (List<Object>) kv[i + 1]);
    return m;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  @Test
  void theProductKeepsFileOrder() {
    assertThat(MatrixExpansion.expand(rows("os", List.of("ubuntu", "macos"), "node", List.of(18.0, 20.0)), List.of(), List.of()))
        .containsExactly(map("os", "ubuntu", "node", 18.0), map("os", "ubuntu", "node", 20.0),
            map("os", "macos", "node", 18.0), map("os", "macos", "node", 20.0));
  }

  @Test
  void excludeRemovesEveryCombinationItMatches() {
    assertThat(MatrixExpansion.expand(rows("os", List.of("ubuntu", "macos"), "node", List.of(4.0, 6.0)), List.of(),
        List.of(map("os", "macos", "node", 4.0)))).hasSize(3).doesNotContain(map("os", "macos", "node", 4.0));
  }

  /** GitHub's documented example ("Expanding or adding matrix configurations"). */
  @Test
  void includeExtendsCombinationsWithoutChangingOriginalValuesElseAddsOne() {
    List<Map<String, Object>> combos = MatrixExpansion.expand(
        rows("fruit", List.of("apple", "pear"), "animal", List.of("cat", "dog")),
        List.of(map("color", "green"), map("color", "pink", "animal", "cat"), map("fruit", "apple", "shape", "circle"),
            map("fruit", "banana"), map("fruit", "banana", "animal", "cat")),
        List.of());
    assertThat(combos).containsExactly(
        map("fruit", "apple", "animal", "cat", "color", "pink", "shape", "circle"),
        map("fruit", "apple", "animal", "dog", "color", "green", "shape", "circle"),
        map("fruit", "pear", "animal", "cat", "color", "pink"),
        map("fruit", "pear", "animal", "dog", "color", "green"),
        map("fruit", "banana"),
        map("fruit", "banana", "animal", "cat"));
  }

  @Test
  void onlyIncludesMakeOneCombinationEach() {
    assertThat(MatrixExpansion.expand(rows(), List.of(map("def", "val"), map("def", "other")), List.of()))
        .containsExactly(map("def", "val"), map("def", "other"));
  }

  @Test
  void noMatrixRunsOnceAndAnEmptyRowRunsNever() {
    assertThat(MatrixExpansion.expand(rows(), List.of(), List.of())).containsExactly(map());
    assertThat(MatrixExpansion.expand(rows("os", List.of()), List.of(), List.of())).isEmpty();
  }
}
