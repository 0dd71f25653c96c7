package dev.understudy.engine.notify;

import dev.understudy.engine.logs.SecretMasker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands notifications to every notifier without ever blocking the caller (the health loop): each
 * notifier has its own lane (one thread, at most {@link #DEFAULT_BACKLOG} waiting, the thread ends
 * when idle), so a slow or hanging receiver delays only its own deliveries; a failed delivery goes
 * to the {@link RetryHook}.
 *
 * <p>By default retries stay in this process ({@link InProcessRetry}, {@link RetryPolicy#DEFAULTS}).
 * To make them durable, point the hook at the queue and let the queue's job deliver:
 *
 * <pre>{@code
 * Dispatcher d = Dispatcher.builder().notifiers(list)
 *     .retry((delivery, e) -> queue.submitWithPayload("alert:" + delivery.notifier(), TriggerKind.MANUAL,
 *         delivery.notification().toJson()))
 *     .build();
 * // the job "alert:slack": ctx -> d.deliver("slack", Notification.fromJson(ctx.payload().orElseThrow()))
 * }</pre>
 *
 * Every notification is masked ({@link SecretMasker}) before it reaches a notifier or a hook.
 */
public final class Dispatcher implements AutoCloseable {
  /** Deliveries waiting in one notifier's lane; past this they are dropped with an error (its receiver hangs). */
  public static final int DEFAULT_BACKLOG = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Map<String, Notifier> notifiers;
  private final Map<String, ThreadPoolExecutor> lanes = new LinkedHashMap<>();
  private final RetryHook retry;
  private final InProcessRetry ownRetry;
  private final Clock clock;
  private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

  /** The last delivery attempt of one notifier: for status pages. */
  public record Outcome(Instant at, boolean delivered, String title, Optional<String> error) {}

  private Dispatcher(Builder b) {
    Map<String, Notifier> m = new LinkedHashMap<>();
    for (Notifier n : b.notifiers) {
      if (m.putIfAbsent(n.name(), n) != null) throw new IllegalArgumentException("two notifiers named " + n.name());
    }
    this.notifiers = Map.copyOf(m);
    this.clock = b.clock;
    for (String name : notifiers.keySet()) lanes.put(name, lane(name));
    if (b.retry == null) {
      this.ownRetry = new InProcessRetry(b.policy);
      this.ownRetry.target(this::submit);
      this.retry = ownRetry;
    } else {
      this.ownRetry = null;
      this.retry = b.retry;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The notifiers' names. */
  public List<String> notifiers() {
    return new ArrayList<>(new java.util.TreeSet<>(notifiers.keySet()));
  }

  /** Sends {@code n} to every notifier, in the background. Returns at once. */
  public void dispatch(Notification n) {
    Notification m = n.masked();
    for (String name : notifiers.keySet()) submit(new Delivery(name, m, 1));
  }

  /**
   * One attempt now, on the caller's thread: for a queue job that retries on its own. Updates
   * {@link #outcomes()}.
   *
   * @throws NotifyException when it failed (the queue's retry takes it from there)
   * @throws IllegalArgumentException for a notifier this dispatcher does not have
   */
  public void deliver(String notifier, Notification n) throws NotifyException {
    Notifier target = notifiers.get(notifier);
    if (target == null) throw new IllegalArgumentException("no notifier '" + notifier + "': configured are " + notifiers());
    Notification m = n.masked();
    try {
      target.send(m);
      outcomes.put(notifier, new Outcome(clock.instant(), true, m.title(), Optional.empty()));
    } catch (NotifyException e) {
      outcomes.put(notifier, new Outcome(clock.instant(), false, m.title(), Optional.of(SecretMasker.mask(e.getMessage()))));
      throw e;
    } catch (RuntimeException e) {
      NotifyException wrapped = new NotifyException(notifier + ": " + e, true, Optional.empty(), e);
      outcomes.put(notifier, new Outcome(clock.instant(), false, m.title(), Optional.of(SecretMasker.mask(wrapped.getMessage()))));
      throw wrapped;
    }
  }

  /** The last attempt of each notifier, by name. */
  public Map<String, Outcome> outcomes() {
    return Map.copyOf(outcomes);
  }

  private void submit(Delivery d) {
    try {
      lanes.get(d.notifier()).execute(() -> attempt(d));
    } catch (RejectedExecutionException e) {
      LOG.error("notification '{}' to {} dropped: {} deliveries are waiting already (is a receiver hanging?)",
          SecretMasker.mask(d.notification().title()), d.notifier(), DEFAULT_BACKLOG);
    }
  }

  private void attempt(Delivery d) {
    try {
      deliver(d.notifier(), d.notification());
      if (d.attempt() > 1) LOG.info("notification '{}' to {} delivered at attempt {}", d.notification().title(), d.notifier(), d.attempt());
    } catch (NotifyException e) {
      try {
        retry.failed(d, e);
      } catch (RuntimeException hookFailed) {
        LOG.error("notification to {}: the retry hook failed: {}", d.notifier(), SecretMasker.mask(String.valueOf(hookFailed)));
      }
    }
  }

  private static ThreadPoolExecutor lane(String notifier) {
    ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(DEFAULT_BACKLOG), r -> {
      Thread t = new Thread(r, "notify-" + notifier);
      t.setDaemon(true);
      return t;
    });
    e.allowCoreThreadTimeOut(true);
    return e;
  }

  @Override
  public void close() {
    if (ownRetry != null) ownRetry.close();
    lanes.values().forEach(ThreadPoolExecutor::shutdownNow);
  }

  public static final class Builder {
    private final List<Notifier> notifiers = new ArrayList<>();
    private RetryHook retry;
    private RetryPolicy policy = RetryPolicy.DEFAULTS;
    private Clock clock = Clock.systemUTC();

    public Builder notifier(Notifier n) {
      notifiers.add(Objects.requireNonNull(n));
      return this;
    }

    public Builder notifiers(List<? extends Notifier> ns) {
      ns.forEach(this::notifier);
      return this;
    }

    /** Where failed deliveries go (default: {@link InProcessRetry} with the policy below). */
    public Builder retry(RetryHook hook) {
      this.retry = hook;
      return this;
    }

    /** The in-process retries' policy, when no hook is set. */
    public Builder policy(RetryPolicy p) {
      this.policy = Objects.requireNonNull(p);
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    public Dispatcher build() {
      return new Dispatcher(this);
    }
  }
}
