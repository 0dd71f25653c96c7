package dev.understudy.engine.notify;

import dev.understudy.engine.logs.SecretMasker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link RetryHook}: tries a failed delivery again in this process after the policy's
 * backoff, and logs what it gives up on. Lost if the daemon stops in between: the durable queue
 * is the daemon's better choice.
 */
public final class InProcessRetry implements RetryHook, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessRetry.class);

  private final RetryPolicy policy;
  private final ScheduledExecutorService timer;
  private volatile Consumer<Delivery> redeliver = d -> {};

  public InProcessRetry(RetryPolicy policy) {
    this.policy = policy;
    AtomicInteger n = new AtomicInteger();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "notify-retry-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Where a delivery goes when its time comes (the dispatcher sets it to its own). */
  void target(Consumer<Delivery> redeliver) {
    this.redeliver = redeliver;
  }

  @Override
  public void failed(Delivery d, NotifyException e) {
    Optional<Duration> delay = policy.delayAfter(d.attempt(), e);
    String what = "notification '" + SecretMasker.mask(d.notification().title()) + "' to " + d.notifier();
    if (delay.isEmpty()) {
      LOG.error("{} not delivered after {} attempt(s), given up: {}", what, d.attempt(), SecretMasker.mask(e.getMessage()));
      return;
    }
    LOG.warn("{} failed (attempt {} of {}), trying again in {} s: {}", what, d.attempt(), policy.maxAttempts(),
        delay.get().toSeconds(), SecretMasker.mask(e.getMessage()));
    try {
      timer.schedule(() -> redeliver.accept(d.next()), delay.get().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      LOG.error("{} dropped: the notifier is closing", what);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
