package dev.understudy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {
  @Test
  void readsObjectsArraysAndScalarsInOrder() {
    Object v = JsonReader.parse(" {\"b\": [1, -2.5e1, true, null], \"a\": \"x\\u0041\\n\\/\"} ", "test");
    assertEquals(Map.of("b", java.util.Arrays.asList(1L, -25.0, true, null), "a", "xA\n/"), v);
    assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) v).keySet()));
  }

  @Test
  void anIntegerTooBigForALongStaysExact() {
    assertEquals(new java.math.BigInteger("12345678901234567890123"), JsonReader.parse("12345678901234567890123", "test"));
    assertEquals("[12345678901234567890123]", JsonWriter.compact(JsonReader.parse("[12345678901234567890123]", "test")));
  }

  @Test
  void aByteOrderMarkIsSkippedAsJacksonSkippedIt() {
    assertEquals(Map.of("a", 1L), JsonReader.parse("\uFEFF{\"a\": 1}", "test"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[1,", "{\"a\" 1}", "\"open", "\"bad \\x escape\"", "\"\\u12\"", "tru", "1-2", "{} {}", "\"raw\ncontrol\"", "\"ends in \\", "+1", "01", ".5", "1.", "1e", "--1", "0x10"})
  void malformedInputIsOneIllegalArgumentNamingTheSenderAndPlace(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(text, "the test"));
    assertTrue(e.getMessage().matches("bad JSON from the test at line \\d+, column \\d+: .+"), e.getMessage());
  }

  @Test
  void theErrorNamesLineAndColumn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("{\n  \"a\": 1,\n  \"b\" 2\n}", "payload.json"));
    assertEquals("bad JSON from payload.json at line 3, column 7: expected ':'", e.getMessage());
  }

  @Test
  void deepNestingIsRefusedInsteadOfOverflowingTheStack() {
    String deep = "[".repeat(100_000);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(deep, "a client"));
    assertTrue(e.getMessage().contains("nested deeper than"), e.getMessage());
    assertEquals(List.of(List.of()), JsonReader.parse("[[]]", "test"));
  }
}
