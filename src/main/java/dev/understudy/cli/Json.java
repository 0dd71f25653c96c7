package dev.understudy.cli;

import dev.understudy.util.JsonReader;
import java.util.List;
import java.util.Map;

/** The daemon's JSON answers, read with {@link JsonReader} (no Jackson in the CLI: start-up time). */
final class Json {
  private Json() {}

  static String quote(String s) {
    return dev.understudy.util.JsonStrings.quote(s);
  }

  static Object parse(String text) {
    return JsonReader.parse(text, "the daemon");
  }

  static Map<String, Object> object(String text) {
    return JsonReader.object(text, "the daemon");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> array(String text) {
    Object v = parse(text);
    if (!(v instanceof List)) throw new IllegalArgumentException("expected a JSON array");
    return (List<Map<String, Object>>) v;
  }
}
