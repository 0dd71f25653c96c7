package dev.understudy.systems.netlify.site;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import java.io.IOException;

/**
 * A TOML document as a Jackson tree, read with Jackson's TOML parser but without an ObjectMapper:
 * building a mapper costs a few hundred milliseconds on a cold JVM, every {@code understudy
 * validate} pays for a cold JVM, and a tree is all netlify.toml needs. Dates stay strings.
 */
final class TomlTree {
  private static final TomlFactory FACTORY = new TomlFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TomlTree() {}

  /** The document's root table; a {@link com.fasterxml.jackson.core.JsonProcessingException} with the line and column of bad TOML. */
  static ObjectNode read(String text) throws IOException {
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return NODES.objectNode();
      return (ObjectNode) node(p);
    }
  }

  private static JsonNode node(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() != JsonToken.END_OBJECT) {
          String key = p.currentName();
          p.nextToken();
          o.set(key, node(p));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) a.add(node(p));
        return a;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return NODES.numberNode(p.getBigIntegerValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(p.getBooleanValue());
      }
      default -> {
        return NODES.textNode(p.getText());
      }
    }
  }
}
