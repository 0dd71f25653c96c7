package dev.understudy.engine.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How many recoveries (restart the app, run the missed slot, restore the file...) one check may
 * have: at most {@code max} within {@code within}. The one past that is refused and the check is
 * given up on until {@link #reset}: Monit's "if 3 restarts within 5 cycles then unmonitor". The
 * caller alerts once, when {@link Decision#EXHAUSTED} comes back. Thread-safe.
 */
public final class RecoveryBudget {
  public static final int DEFAULT_MAX = 3;
  public static final Duration DEFAULT_WITHIN = Duration.ofMinutes(15);
  /** The longest wait between two recoveries of one check, however many came before. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  public enum Decision {
    /** Go ahead; the recovery is counted. */
    ALLOWED,
    /** The budget just ran out: do not recover, alert now. */
    EXHAUSTED,
    /** Given up on earlier: do not recover, alerted already. */
    GIVEN_UP
  }

  private final int max;
  private final Duration within;
  private final Clock clock;
  private final Map<String, Deque<Instant>> used = new HashMap<>();
  private final Map<String, Instant> givenUp = new HashMap<>();

  public RecoveryBudget(int max, Duration within, Clock clock) {
    if (max < 1 || max > 1000) throw new IllegalArgumentException("the recovery budget must allow 1 to 1000 recoveries, not " + max + ": e.g. 3");
    Objects.requireNonNull(within, "within");
    if (within.isNegative() || within.isZero()) {
      throw new IllegalArgumentException("the recovery budget's window must be longer than 0: e.g. 15m");
    }
    this.max = max;
    this.within = within;
    this.clock = Objects.requireNonNull(clock);
  }

  public static RecoveryBudget defaults(Clock clock) {
    return new RecoveryBudget(DEFAULT_MAX, DEFAULT_WITHIN, clock);
  }

  /** Asks to recover {@code key} (a check id) now; counts it when allowed. */
  public synchronized Decision tryRecover(String key) {
    if (givenUp.containsKey(key)) return Decision.GIVEN_UP;
    Instant now = clock.instant();
    Deque<Instant> times = inWindow(key, now);
    if (times.size() >= max) {
      givenUp.put(key, now);
      return Decision.EXHAUSTED;
    }
    times.addLast(now);
    return Decision.ALLOWED;
  }

  /** Recoveries of {@code key} counted in the current window. */
  public synchronized int used(String key) {
    Deque<Instant> times = used.get(key);
    if (times == null) return 0;
    Instant oldest = clock.instant().minus(within);
    return (int) times.stream().filter(t -> t.isAfter(oldest)).count();
  }

  /**
   * When {@code key} may be recovered next: now when nothing was tried in the window, else
   * {@code base} after the last try, doubled for each try before it (base, 2x, 4x...), at most
   * {@link #longestWait()}.
   */
  public synchronized Instant nextTry(String key, Duration base) {
    Instant now = clock.instant();
    Deque<Instant> times = inWindow(key, now);
    if (times.isEmpty()) return now;
    Duration cap = longestWait();
    Duration wait = base;
    for (int i = 1; i < times.size() && wait.compareTo(cap) < 0; i++) wait = wait.multipliedBy(2);
    if (wait.compareTo(cap) > 0) wait = cap;
    return times.peekLast().plus(wait);
  }

  /**
   * The backoff's ceiling: {@link #MAX_BACKOFF}, and short enough that {@code max} recoveries and
   * the one refused fit in the window (else tries spaced wider than {@code within / max} would leave
   * the window one by one and the budget would never run out).
   */
  Duration longestWait() {
    Duration fit = within.dividedBy(max + 1L);
    return fit.compareTo(MAX_BACKOFF) < 0 ? fit : MAX_BACKOFF;
  }

  /** The times of {@code key}'s recoveries still in the window ending {@code now}. */
  private Deque<Instant> inWindow(String key, Instant now) {
    Deque<Instant> times = used.computeIfAbsent(key, k -> new ArrayDeque<>());
    Instant oldest = now.minus(within);
    while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) times.removeFirst();
    return times;
  }

  public synchronized boolean isGivenUp(String key) {
    return givenUp.containsKey(key);
  }

  /** Starts {@code key} over: the check recovered, or a person restarted it by hand. */
  public synchronized void reset(String key) {
    used.remove(key);
    givenUp.remove(key);
  }

  /** Starts over every key that begins with {@code prefix} ({@code "pm2/"}): a person stopped or started the system. */
  public synchronized void resetAll(String prefix) {
    used.keySet().removeIf(k -> k.startsWith(prefix));
    givenUp.keySet().removeIf(k -> k.startsWith(prefix));
  }

  /** What a person reads when the budget runs out. */
  public String exhaustedMessage(String key) {
    return key + ": " + max + " recoveries within " + HealthIntervals.human(within)
        + " did not fix it; recovery stopped until it is fixed by hand (or recovers on its own)";
  }

  public int max() {
    return max;
  }

  public Duration within() {
    return within;
  }
}
