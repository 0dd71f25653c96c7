package dev.understudy.engine.monitor;

import java.time.Instant;
import java.util.Optional;

/**
 * A check changed state: what alerts are made of (a notification per transition, not per sample).
 *
 * @param at when the change happened (the sample's time)
 * @param problemSince when the current trouble began: the first bad sample of the run that led to
 *     a WARNING or FAILING, or of the one that just ended at RECOVERED; empty for RECOVERED → OK
 * @param reason for people: "memory 91% is above 80% for 3 cycles", "answered again"
 */
public record Transition(Check check, Status from, Status to, Instant at, Sample sample, Optional<Instant> problemSince,
    String reason) {
  /** Into WARNING or FAILING from a better state. */
  public boolean isWorse() {
    return to.isProblem() && (!from.isProblem() || (from == Status.WARNING && to == Status.FAILING));
  }
}
