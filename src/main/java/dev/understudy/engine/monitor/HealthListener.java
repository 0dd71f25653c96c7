package dev.understudy.engine.monitor;

import java.time.Instant;

/**
 * Hears what the {@link HealthLoop} finds. Called on the loop's threads, one event at a time, in
 * order: return quickly and never block (hand slow work, such as sending a notification, to an
 * executor). An exception thrown here is logged and changes nothing.
 */
public interface HealthListener {
  /** A check changed state. */
  void onTransition(Transition t);

  /** A value began to rise steadily toward a level. */
  default void onTrend(TrendWarning w) {}

  /** Once a tick (about a second), after the tick's work: for reminders and other timed work. */
  default void onTick(Instant now) {}
}
