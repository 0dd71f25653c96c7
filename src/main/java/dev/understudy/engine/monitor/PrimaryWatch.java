package dev.understudy.engine.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What failover last learned about the primary (GitHub, Netlify): whether it could be observed,
 * and whether it ran its slot. The systems write it when they decide a slot or look at the
 * primary; their probes read it as checks ({@code githubActions/ci.yml/primary},
 * {@code netlifyFunctions/primary/observed}), so a primary that cannot be seen, or that misses its
 * turns, is a check that fails and alerts, not a line in a run's log. Thread-safe.
 */
public final class PrimaryWatch {
  /** The kind of a subject's check of the primary. */
  public static final String PRIMARY = "primary";
  /** The whole system's check: can the primary be observed at all. */
  public static final String OBSERVED = "observed";

  private record Seen(boolean ok, boolean unobservable, String message) {}

  private final Map<Check, Seen> seen = new ConcurrentHashMap<>();

  /** The primary ran (or will run) what it should, and could be observed. */
  public void ok(Check check, String message) {
    seen.put(check, new Seen(true, false, message));
  }

  /** The primary missed its turn, or looking at it failed. */
  public void failed(Check check, String message) {
    seen.put(check, new Seen(false, false, message));
  }

  /** The primary could not be observed (no token, no repository, the API unreachable). */
  public void unobservable(Check check, String message) {
    seen.put(check, new Seen(false, true, message));
  }

  /** Whether {@code check} was last seen failing. */
  public boolean failing(Check check) {
    Seen s = seen.get(check);
    return s != null && !s.ok();
  }

  /** Drops what was seen for checks that no longer exist (a deleted workflow). */
  public void retain(Predicate<Check> keep) {
    seen.keySet().removeIf(keep.negate());
  }

  /** The latest of each check, stamped {@code now}. */
  public List<Sample> samples(Instant now) {
    return samples(now, true);
  }

  /**
   * The latest of each check, stamped {@code now}; without the "could not be observed" ones when
   * {@code withUnobservable} is false (a system-wide check already says so: one alert, not one per
   * workflow).
   */
  public List<Sample> samples(Instant now, boolean withUnobservable) {
    List<Sample> out = new ArrayList<>();
    seen.forEach((c, s) -> {
      if (s.unobservable() && !withUnobservable) return;
      out.add(s.ok() ? Sample.ok(c, now, s.message()) : Sample.failed(c, now, s.message()));
    });
    return out;
  }
}
