package dev.understudy.systems.actions.expr;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** The type of the JSON text given to {@code fromJSON('...')}, or why it is not JSON. */
final class JsonLiteral {
  private JsonLiteral() {}

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Either {@code type} or {@code problem} (with {@code offset} into the JSON text) is set. */
  record Result(ExprType type, int offset, String problem) {}

  static Result typeOf(String json) {
    if (json.isBlank()) return eof(json);
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) return eof(json);
      return new Result(typeOf(node), 0, null);
    } catch (JsonEOFException e) {
      return eof(json);
    } catch (JsonParseException e) {
      if (e.getOriginalMessage().contains("end-of-input")) return eof(json);
      long at = e.getLocation() == null ? 0 : e.getLocation().getCharOffset();
      return new Result(null, (int) Math.max(0, at), firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? 0 : e.getLocation().getCharOffset();
      return new Result(null, (int) Math.max(0, at), firstLine(e.getOriginalMessage()));
    }
  }

  // Go's encoding/json words a truncated document so, and actionlint passes its text on.
  private static Result eof(String json) {
    return new Result(null, json.length(), "unexpected end of JSON input");
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static ExprType typeOf(JsonNode node) {
    if (node.isBoolean()) return ExprType.BOOL;
    if (node.isNumber()) return ExprType.NUMBER;
    if (node.isTextual()) return ExprType.STRING;
    if (node.isNull()) return ExprType.NULL;
    if (node.isArray()) {
      ExprType elem = null;
      for (JsonNode e : node) {
        ExprType t = typeOf(e);
        elem = elem == null ? t : elem.merge(t);
      }
      return new ArrayType(elem == null ? ExprType.ANY : elem);
    }
    Map<String, ExprType> props = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      props.put(e.getKey(), typeOf(e.getValue()));
    }
    return ObjectType.strict(props);
  }
}
