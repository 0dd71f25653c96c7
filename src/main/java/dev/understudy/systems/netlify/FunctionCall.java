package dev.understudy.systems.netlify;

import dev.understudy.util.JsonReader;
import dev.understudy.util.JsonStrings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function request as the queue keeps it (a background invocation accepted over HTTP waits in
 * the store until it runs, and every retry reads it again): JSON with the body in base64.
 */
public final class FunctionCall {
  private FunctionCall() {}

  public static String encode(FunctionInvoker.Call call) {
    StringBuilder b = new StringBuilder("{\"method\":").append(JsonStrings.quote(call.method()))
        .append(",\"url\":").append(JsonStrings.quote(call.url())).append(",\"headers\":{");
    boolean first = true;
    for (Map.Entry<String, List<String>> h : call.headers().entrySet()) {
      if (!first) b.append(',');
      first = false;
      b.append(JsonStrings.quote(h.getKey())).append(":[");
      for (int i = 0; i < h.getValue().size(); i++) {
        if (i > 0) b.append(',');
        b.append(JsonStrings.quote(h.getValue().get(i)));
      }
      b.append(']');
    }
    b.append("},\"body\":");
    // null is "no body", as the front hands it over: kept apart from an empty one
    if (call.body() == null) b.append("null");
    else b.append(JsonStrings.quote(Base64.getEncoder().encodeToString(call.body())));
    return b.append('}').toString();
  }

  /** The call {@link #encode} wrote; an {@link IllegalArgumentException} when it is not one. */
  public static FunctionInvoker.Call decode(String text) {
    Map<String, Object> m = JsonReader.object(text, "a stored function call");
    if (!(m.get("method") instanceof String method) || !(m.get("url") instanceof String url)
        || !(m.get("headers") instanceof Map<?, ?> hs) || !(m.containsKey("body") && (m.get("body") == null || m.get("body") instanceof String))) {
      throw new IllegalArgumentException("a stored function call lacks method, url, headers or body");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : hs.entrySet()) {
      List<String> values = new ArrayList<>();
      if (e.getValue() instanceof List<?> l) for (Object v : l) values.add(String.valueOf(v));
      headers.put(String.valueOf(e.getKey()), values);
    }
    Object body = m.get("body");
    return new FunctionInvoker.Call(method, url, headers,
        body == null ? null : Base64.getDecoder().decode(((String) body).getBytes(StandardCharsets.US_ASCII)));
  }
}
