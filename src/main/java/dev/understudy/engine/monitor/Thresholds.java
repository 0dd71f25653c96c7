package dev.understudy.engine.monitor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which {@link Threshold} judges which check: one set per check id, else one per kind, else the
 * defaults below (the team's scripts' numbers), else {@link Threshold.Failures} for every other
 * kind (a value on such a check is for people, not judged).
 */
public final class Thresholds {
  /** The team's scripts warned when a process used more than 80% memory. */
  public static final double MEMORY_WARNING_PERCENT = 80;
  public static final double MEMORY_FAILING_PERCENT = 95;
  public static final int MEMORY_CYCLES = 1;
  /** The team's scripts warned at 90% CPU; a busy second is normal, so it must last 3 cycles. */
  public static final double CPU_WARNING_PERCENT = 90;
  public static final int CPU_CYCLES = 3;
  public static final double DISK_WARNING_PERCENT = 90;
  public static final double DISK_FAILING_PERCENT = 95;
  public static final int DISK_CYCLES = 1;

  public static final Threshold MEMORY = Threshold.Above.of("%", MEMORY_WARNING_PERCENT, MEMORY_FAILING_PERCENT, MEMORY_CYCLES);
  public static final Threshold CPU = Threshold.Above.warningOnly("%", CPU_WARNING_PERCENT, CPU_CYCLES);
  public static final Threshold DISK = Threshold.Above.of("%", DISK_WARNING_PERCENT, DISK_FAILING_PERCENT, DISK_CYCLES);
  public static final Threshold FAILURES = Threshold.Failures.of(Threshold.Failures.DEFAULT_CONSECUTIVE_FAILURES);

  private final Map<String, Threshold> byKind = new ConcurrentHashMap<>();
  private final Map<String, Threshold> byCheck = new ConcurrentHashMap<>();

  /** The defaults: memory, cpu and disk in percent, 3 consecutive failures for the rest. */
  public static Thresholds defaults() {
    return new Thresholds().kind(Check.MEMORY, MEMORY).kind(Check.CPU, CPU).kind(Check.DISK, DISK);
  }

  public Thresholds kind(String kind, Threshold t) {
    byKind.put(Objects.requireNonNull(kind), Objects.requireNonNull(t));
    return this;
  }

  public Thresholds check(String checkId, Threshold t) {
    byCheck.put(Objects.requireNonNull(checkId), Objects.requireNonNull(t));
    return this;
  }

  /** The failures rule used for kinds without a rule of their own. */
  public Thresholds failures(Threshold.Failures t) {
    return kind("*", t);
  }

  public Threshold of(Check c) {
    Threshold t = byCheck.get(c.id());
    if (t == null) t = byKind.get(c.kind());
    if (t == null) t = byKind.getOrDefault("*", FAILURES);
    return t;
  }

  public Thresholds copy() {
    Thresholds t = new Thresholds();
    t.byKind.putAll(byKind);
    t.byCheck.putAll(byCheck);
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Thresholds t && t.byKind.equals(byKind) && t.byCheck.equals(byCheck);
  }

  @Override
  public int hashCode() {
    return byKind.hashCode() * 31 + byCheck.hashCode();
  }

  @Override
  public String toString() {
    return "Thresholds" + new java.util.TreeMap<>(byKind) + (byCheck.isEmpty() ? "" : new java.util.TreeMap<>(byCheck));
  }
}
