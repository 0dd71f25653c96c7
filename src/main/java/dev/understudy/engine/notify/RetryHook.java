package dev.understudy.engine.notify;

/**
 * What happens to a delivery that failed. The default ({@link InProcessRetry}) tries again later in
 * this process with backoff; the daemon may hand it to the durable queue instead (see {@link
 * Dispatcher}). Called on a dispatcher thread: must not block.
 */
@FunctionalInterface
public interface RetryHook {
  void failed(Delivery d, NotifyException e);
}
