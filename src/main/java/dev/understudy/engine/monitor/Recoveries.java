package dev.understudy.engine.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs the recovery of every failing check: at once when it turns FAILING, then again while it
 * stays FAILING with a backoff ({@link RecoveryBudget#nextTry}: {@code RETRY_CYCLES} of the
 * system's intervals, doubled each time), within the {@link RecoveryBudget}. When the budget runs
 * out the {@link Journal} hears it once and the check is left alone until it is OK again.
 *
 * <p>What a recovery does is the systems' business ({@link Remedies}); this class only decides
 * when. Recoveries run on the given executor, never on the loop's threads, one check at a time.
 */
public final class Recoveries implements HealthListener {
  /** A check still failing this many of its cycles after a recovery gets the next one (then 2x, 4x...). */
  public static final int RETRY_CYCLES = 3;

  /** What the system that owns a check does about it. */
  @FunctionalInterface
  public interface Remedies {
    Remedy of(Check check);
  }

  /**
   * A recovery: an action that answers what it did ("restarted app web"), and/or a note for
   * people when there is nothing to do ("alert only: autoRestore is off").
   */
  public record Remedy(Optional<String> note, Optional<Supplier<String>> action) {
    public static final Remedy NONE = new Remedy(Optional.empty(), Optional.empty());

    public static Remedy note(String note) {
      return new Remedy(Optional.of(note), Optional.empty());
    }

    public static Remedy act(Supplier<String> action) {
      return new Remedy(Optional.empty(), Optional.of(action));
    }
  }

  /** Where what was done goes: shown with the check, logged, alerted. */
  public interface Journal {
    void record(Check check, String what);

    /** The budget ran out: alert once. */
    void givenUp(Check check, String message, Instant at);
  }

  private final HealthLoop loop;
  private final RecoveryBudget budget;
  private final Remedies remedies;
  private final Journal journal;
  private final Executor executor;
  private final Clock clock;
  /** Failing checks and when their next recovery is due; {@link Instant#MAX} while one runs. */
  private final Map<String, Instant> due = new ConcurrentHashMap<>();
  private final Map<String, Check> checks = new ConcurrentHashMap<>();

  public Recoveries(HealthLoop loop, RecoveryBudget budget, Remedies remedies, Journal journal, Executor executor, Clock clock) {
    this.loop = Objects.requireNonNull(loop);
    this.budget = Objects.requireNonNull(budget);
    this.remedies = Objects.requireNonNull(remedies);
    this.journal = Objects.requireNonNull(journal);
    this.executor = Objects.requireNonNull(executor);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public void onTransition(Transition t) {
    String id = t.check().id();
    if (t.to() == Status.FAILING && t.from() != Status.FAILING) {
      checks.put(id, t.check());
      due.put(id, budget.nextTry(id, base(t.check())));
      run(clock.instant());
    } else if (t.to() == Status.OK || t.to() == Status.RECOVERED) {
      drop(id);
      // the budget starts over only once good again for two samples (recovered -> ok): a flapping
      // check that fails again from recovered keeps counting in its window
      if (t.to() == Status.OK) budget.reset(id);
    }
  }

  @Override
  public void onTick(Instant now) {
    run(now);
  }

  /**
   * Forgets the pending recoveries of checks whose ids start with {@code prefix}: their system
   * stopped. {@code byPerson}: a person stopped or started it, so their budgets start over too (a
   * recovery's own restart keeps counting).
   */
  public void forget(String prefix, boolean byPerson) {
    due.keySet().removeIf(id -> id.startsWith(prefix));
    checks.keySet().removeIf(id -> id.startsWith(prefix));
    if (byPerson) budget.resetAll(prefix);
  }

  private void drop(String id) {
    due.remove(id);
    checks.remove(id);
  }

  /** When the recovery of {@code checkId} is due next, while it is failing and not given up on. */
  public Optional<Instant> nextDue(String checkId) {
    return Optional.ofNullable(due.get(checkId)).filter(t -> !t.equals(Instant.MAX));
  }

  private Duration base(Check c) {
    return loop.intervals().of(c.system()).multipliedBy(RETRY_CYCLES);
  }

  private void run(Instant now) {
    for (Map.Entry<String, Instant> e : due.entrySet()) {
      String id = e.getKey();
      if (now.isBefore(e.getValue())) continue;
      if (!stillFailing(id)) {
        drop(id);
        continue;
      }
      if (!due.replace(id, e.getValue(), Instant.MAX)) continue; // another thread took it
      Check c = checks.get(id);
      if (c == null) {
        drop(id);
        continue;
      }
      try {
        executor.execute(() -> attempt(c));
      } catch (RejectedExecutionException closing) {
        drop(id);
      }
    }
  }

  private boolean stillFailing(String id) {
    Optional<CheckState.View> v = loop.state(id);
    return v.isPresent() && v.get().status() == Status.FAILING && !budget.isGivenUp(id) && checks.containsKey(id);
  }

  private void attempt(Check c) {
    String id = c.id();
    boolean again = false;
    try {
      // it may have recovered, or its system been stopped, while this waited for the executor
      if (!stillFailing(id)) return;
      Remedy r = remedies.of(c);
      r.note().ifPresent(n -> journal.record(c, n));
      if (r.action().isEmpty()) return;
      switch (budget.tryRecover(id)) {
        case ALLOWED -> {
          again = true;
          String what = r.action().get().get();
          journal.record(c, what + " (" + budget.used(id) + " of " + budget.max() + " within " + HealthIntervals.human(budget.within()) + ")");
        }
        case EXHAUSTED -> journal.givenUp(c, budget.exhaustedMessage(id), clock.instant());
        case GIVEN_UP -> { /* alerted already */ }
      }
    } catch (RuntimeException e) {
      journal.record(c, "recovery failed: " + e.getMessage());
    } finally {
      if (again) due.computeIfPresent(id, (k, t) -> budget.nextTry(id, base(c)));
      else drop(id);
    }
  }
}
