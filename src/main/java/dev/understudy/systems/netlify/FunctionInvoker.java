package dev.understudy.systems.netlify;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a function once, as Netlify would for an HTTP request: what the HTTP front, the scheduler,
 * background retries and {@code understudy run function} all call.
 */
public interface FunctionInvoker {

  /** One request to a function; {@code url} is absolute ({@code http://host/path?query}). */
  record Call(String method, String url, Map<String, List<String>> headers, byte[] body) {}

  /** The function's answer; a timeout is a 500 with body "Task timed out after N seconds". */
  record Result(int status, Map<String, List<String>> headers, byte[] body, Duration took) {}

  /** Waits at most {@code timeout}; an {@link IOException} when no worker could run it at all. */
  Result invoke(NetlifyFunction function, Call call, Duration timeout) throws IOException;
}
