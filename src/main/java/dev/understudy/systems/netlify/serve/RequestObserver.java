package dev.understudy.systems.netlify.serve;

/**
 * Told about each request the {@link FunctionServer} answered for a function: its name, the
 * status sent and how long the answer took (to its end, streams included). Called from the
 * worker's reader thread: it must be quick and must not throw. For metrics.
 */
@FunctionalInterface
public interface RequestObserver {
  RequestObserver NOOP = (function, status, nanos) -> {};

  void observe(String function, int status, long nanos);
}
