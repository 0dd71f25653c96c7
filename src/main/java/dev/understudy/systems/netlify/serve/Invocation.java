package dev.understudy.systems.netlify.serve;

import dev.understudy.systems.netlify.NetlifyFunction;
import java.util.List;
import java.util.Map;

/**
 * One call of a function as the pool sends it to a worker: the request already taken apart.
 * {@code headers} are the request's (names in any case); {@code extraHeaders} (name, value, ...)
 * replace any of the same name, as Netlify's proxy sets them. {@code body} is null without one.
 */
record Invocation(
    NetlifyFunction function,
    Kind kind,
    String method,
    String rawUrl,
    String path,
    String rawQuery,
    String clientIp,
    String requestId,
    String route,
    List<String> params,
    Map<String, List<String>> headers,
    List<String> extraHeaders,
    byte[] body) {

  enum Kind { SYNC, BACKGROUND, SCHEDULED }
}
