package dev.understudy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  enum Status { ONLINE, ERRORED }

  record App(String name, int id, long uptimeMs, Status status, List<String> args, Map<String, Object> extra) {}

  private static Map<String, Object> sample() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 é ✓");
    m.put("int", 42);
    m.put("long", 9_007_199_254_740_993L);
    m.put("double", 0.25);
    m.put("big", 1.0e21);
    m.put("yes", true);
    m.put("nothing", null);
    m.put("empty list", List.of());
    m.put("empty map", Map.of());
    m.put("numbers", List.of(1, 2, 3));
    m.put("ints", new int[] {4, 5});
    m.put("bytes", new byte[] {1, 2, 3, -1});
    m.put("chars", "ab\"c".toCharArray());
    m.put("apps", List.of(new App("web", 0, 1234L, Status.ONLINE, List.of("--port", "80"), new LinkedHashMap<>(Map.of("k", 1))),
        new App("worker", 1, 0L, Status.ERRORED, List.of(), Map.of())));
    List<Object> nested = new ArrayList<>();
    nested.add(List.of(List.of()));
    nested.add(Map.of("deep", Map.of("deeper", List.of(Map.of("x", "y")))));
    m.put("nested", nested);
    return m;
  }

  @Test
  void writesWhatJacksonWroteSoClientsSeeNoChange() throws Exception {
    ObjectMapper jackson = new ObjectMapper();
    assertEquals(jackson.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(sample()), JsonWriter.pretty(sample()));
    assertEquals(new ObjectMapper().writeValueAsString(sample()), JsonWriter.compact(sample()));
  }

  @Test
  void prettyLayoutIsJacksons() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", List.of(1, "two"));
    m.put("b", java.util.Collections.singletonMap("c", null));
    m.put("d", Map.of());
    m.put("e", List.of());
    assertEquals("{\n  \"a\" : [ 1, \"two\" ],\n  \"b\" : {\n    \"c\" : null\n  },\n  \"d\" : { },\n  \"e\" : [ ]\n}",
        JsonWriter.pretty(m));
  }

  @Test
  void whatItWritesItsReaderReadsBack() {
    Object back = JsonReader.parse(JsonWriter.pretty(Map.of("s", "a\"b\\c\n\u0001", "n", List.of(1L, 2.5, false))), "test");
    assertEquals(Map.of("s", "a\"b\\c\n\u0001", "n", List.of(1L, 2.5, false)), back);
  }

  @Test
  void nonFiniteNumbersBecomeStringsAsInJackson() {
    assertEquals("[\"NaN\",\"Infinity\"]", JsonWriter.compact(List.of(Double.NaN, Double.POSITIVE_INFINITY)));
  }

  @Test
  void anUnknownTypeIsRefusedNotGuessed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonWriter.compact(Map.of("t", java.time.Instant.EPOCH)));
    assertTrue(e.getMessage().contains("java.time.Instant"), e.getMessage());
    // a Path is an Iterable of its names: never written as ["var", "log"]
    assertThrows(IllegalArgumentException.class, () -> JsonWriter.compact(Map.of("file", java.nio.file.Path.of("/var/log"))));
  }
}
