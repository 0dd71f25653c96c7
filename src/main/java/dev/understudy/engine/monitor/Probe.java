package dev.understudy.engine.monitor;

import java.time.Instant;
import java.util.List;

/**
 * Looks at something and says what it saw: one or more samples (an app's up, memory and CPU; a
 * workflow's validity). Runs on a worker thread of the {@link HealthLoop}, with a timeout: it may
 * block (a request, a file), should give up when interrupted, and may throw (its own check fails).
 */
@FunctionalInterface
public interface Probe {
  /** @param now the instant of this cycle, to stamp the samples with */
  List<Sample> sample(Instant now) throws Exception;
}
