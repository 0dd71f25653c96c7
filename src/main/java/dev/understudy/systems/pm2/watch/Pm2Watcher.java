package dev.understudy.systems.pm2.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a real PM2 by polling (every {@code pm2.watchInterval}, 5 s by default; PM2's event bus
 * on {@code pub.sock} is not used): {@link Pm2Probe} first, then, only when a daemon is alive, its
 * process list over {@code rpc.sock} ({@link Pm2Client}, what {@code pm2 jlist} prints); feeds
 * {@link TakeoverDecision} and carries its actions out through {@link Callbacks}. {@code
 * RESTART_IN_PM2} it does itself (PM2's {@code restartProcessId}, as {@code pm2 restart NAME},
 * after a fresh probe), then tells the callback.
 */
public final class Pm2Watcher implements AutoCloseable {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(Pm2Watcher.class);

  /** What the lead's orchestrator does with the decisions. Called on the watcher's thread. */
  public interface Callbacks {
    /** Start our copies of these apps: PM2 is gone. */
    void onTakeOver(List<String> apps);

    /** PM2 runs these apps online again: stop our copies. */
    void onHandBack(List<String> apps);

    /** The watcher has restarted NAME in PM2 (as {@code pm2 restart NAME}); {@code ok} false when that failed (the log says why). */
    default void onRestartInPm2(String name, boolean ok) {}
  }

  private final Pm2Probe probe;
  private final Pm2Client client;
  private final TakeoverDecision decision;
  private final Supplier<? extends Collection<String>> ecosystem;
  private final Supplier<? extends Collection<String>> ourCopies;
  private final Callbacks callbacks;
  private final Duration interval;
  private final Clock clock;
  private ScheduledExecutorService loop;

  private volatile Instant checkedAt;
  private volatile Instant lastAnswerAt;
  private volatile List<Pm2App> apps = List.of();
  private volatile boolean answers;
  private volatile String reason = "not looked yet";

  public Pm2Watcher(Pm2Probe probe, Pm2Client client, TakeoverDecision decision,
      Supplier<? extends Collection<String>> ecosystem, Supplier<? extends Collection<String>> ourCopies,
      Callbacks callbacks, Duration interval, Clock clock) {
    if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("interval must be positive");
    this.probe = probe;
    this.client = client;
    this.decision = decision;
    this.ecosystem = ecosystem;
    this.ourCopies = ourCopies;
    this.callbacks = callbacks;
    this.interval = interval;
    this.clock = clock;
  }

  /**
   * A watcher as configured ({@code pm2.home}, {@code pm2.takeoverAfter}, {@code
   * pm2.watchInterval}) on the system clock; {@link #start()} it.
   *
   * @param ecosystem the project's PM2 app names, asked at each look (the ecosystem may change)
   * @param ourCopies the apps whose failover copies run here now, asked at each look
   */
  public static Pm2Watcher create(dev.understudy.config.UnderstudyConfig.Pm2 config,
      Supplier<? extends Collection<String>> ecosystem, Supplier<? extends Collection<String>> ourCopies, Callbacks callbacks) {
    Pm2Probe probe = new Pm2Probe(config.home());
    return new Pm2Watcher(probe, new Pm2Client(probe, Pm2Client.DEFAULT_TIMEOUT),
        new TakeoverDecision(Clock.systemUTC(), config.takeoverAfter()), ecosystem, ourCopies, callbacks,
        config.watchInterval(), Clock.systemUTC());
  }

  /** Looks now, then every interval, on a thread of its own. */
  public synchronized void start() {
    if (loop != null) return;
    loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "understudy-pm2-watch");
      t.setDaemon(true);
      return t;
    });
    loop.scheduleWithFixedDelay(this::safeTick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("PM2 watch: {}", e.toString());
    }
  }

  /** One look and what follows from it; the loop calls this, tests may too. */
  public synchronized List<Action> tick() {
    Collection<String> eco = List.copyOf(ecosystem.get());
    Collection<String> ours = List.copyOf(ourCopies.get());
    TakeoverDecision.Observation o;
    Pm2Probe.Result p = probe.probe();
    if (!p.alive()) {
      o = TakeoverDecision.Observation.gone(p.reason(), eco, ours);
    } else {
      try {
        List<Pm2App> list = client.jlist();
        apps = list;
        lastAnswerAt = clock.instant();
        o = TakeoverDecision.Observation.answered(list, eco, ours);
      } catch (Pm2Exception e) {
        o = TakeoverDecision.Observation.gone(e.getMessage(), eco, ours);
      }
    }
    checkedAt = clock.instant();
    answers = o.answered();
    reason = o.answered() ? p.reason() : o.why();
    List<Action> actions = decision.decide(o);
    for (Action a : actions) act(a);
    return actions;
  }

  private void act(Action a) {
    switch (a.kind()) {
      case WATCH:
        return;
      case TAKE_OVER:
        LOG.warn("PM2: {}", a);
        callbacks.onTakeOver(a.apps());
        return;
      case HAND_BACK:
        LOG.info("PM2: {}", a);
        callbacks.onHandBack(a.apps());
        return;
      case RESTART_IN_PM2:
        String name = a.apps().get(0);
        LOG.info("PM2: {}", a);
        boolean ok;
        try {
          client.restart(name);
          ok = true;
        } catch (Pm2Exception e) {
          LOG.warn("PM2: pm2 restart {} failed: {}", name, e.getMessage());
          ok = false;
        }
        callbacks.onRestartInPm2(name, ok);
        return;
      default:
        throw new IllegalStateException(a.kind().toString());
    }
  }

  public Pm2Snapshot snapshot() {
    List<Action> h = decision.history();
    return new Pm2Snapshot(probe.home().toString(), Optional.ofNullable(checkedAt), answers, decision.goneSince(),
        reason, Optional.ofNullable(lastAnswerAt), apps, decision.takenOver(), interval, decision.takeoverAfter(),
        true, h.subList(Math.max(0, h.size() - 20), h.size()));
  }

  @Override
  public synchronized void close() {
    if (loop != null) {
      loop.shutdownNow();
      loop = null;
    }
    client.close();
  }
}
