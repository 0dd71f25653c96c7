package dev.understudy.util;

import java.time.Duration;

/** How the client waits between attempts; tests pass one that records and advances a clock. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));

  void sleep(Duration d) throws InterruptedException;
}
