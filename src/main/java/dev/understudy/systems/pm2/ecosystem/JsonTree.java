package dev.understudy.systems.pm2.ecosystem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.understudy.config.ConfigException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ecosystem {@code .json} file into {@link EcoValue}s with {@code file:line:column}.
 *
 * <p>PM2 evaluates a {@code .json} process file as a JavaScript expression, so files with comments,
 * single quotes, unquoted keys or trailing commas work there; Jackson is set to accept those too.
 */
final class JsonTree {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
      .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
      .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
      .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
      .build();

  private final String file;

  private JsonTree(String file) {
    this.file = file;
  }

  static EcoValue parse(String file, String text) {
    JsonTree t = new JsonTree(file);
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new ConfigException(file, "the file is empty: write {\"apps\": [{\"name\": \"web\", \"script\": \"app.js\"}]}");
      }
      EcoValue v = t.value(p);
      JsonToken extra = p.nextToken();
      if (extra != null) {
        throw new ConfigException(t.at(p.currentTokenLocation()),
            "unexpected content after the end of the JSON value: remove it, the file holds one object");
      }
      return v;
    } catch (JsonParseException e) {
      String msg = e.getOriginalMessage();
      int cut = msg.indexOf('\n');
      if (cut > 0) msg = msg.substring(0, cut);
      throw new ConfigException(t.at(e.getLocation()), "JSON syntax error: " + msg + ": fix the JSON at this position");
    } catch (IOException e) {
      throw new ConfigException(file, "cannot be read: " + e.getMessage());
    }
  }

  private EcoValue value(JsonParser p) throws IOException {
    String where = at(p.currentTokenLocation());
    JsonToken tok = p.currentToken();
    switch (tok) {
      case START_OBJECT: {
        LinkedHashMap<String, EcoValue> m = new LinkedHashMap<>();
        Map<String, String> keys = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          String keyAt = at(p.currentTokenLocation());
          p.nextToken();
          // JavaScript keeps the last of duplicate keys; so does PM2.
          m.remove(key);
          m.put(key, value(p));
          keys.put(key, keyAt);
        }
        return EcoValue.map(m, keys, where);
      }
      case START_ARRAY: {
        List<EcoValue> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) l.add(value(p));
        return EcoValue.list(l, where);
      }
      case VALUE_STRING:
        return EcoValue.scalar(EcoValue.Kind.STRING, p.getText(), where);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT: {
        String text;
        if (p.isNaN()) text = p.getText();
        else text = EcoValue.jsNumber(p.getDecimalValue());
        return EcoValue.scalar(EcoValue.Kind.NUMBER, text, where);
      }
      case VALUE_TRUE:
        return EcoValue.scalar(EcoValue.Kind.BOOL, "true", where);
      case VALUE_FALSE:
        return EcoValue.scalar(EcoValue.Kind.BOOL, "false", where);
      case VALUE_NULL:
        return EcoValue.scalar(EcoValue.Kind.NULL, "null", where);
      default:
        throw new ConfigException(where, "unexpected " + tok + ": fix the JSON at this position");
    }
  }

  private String at(JsonLocation l) {
    if (l == null || l.getLineNr() < 1) return file;
    return file + ":" + l.getLineNr() + ":" + l.getColumnNr();
  }
}
