package dev.understudy.engine.queue;

import java.time.Instant;
import java.util.Optional;

/** What a running job knows about its run, and how it reports. */
public interface JobContext {
  String runId();

  String job();

  /** The scheduled instant this run stands for, when a cron slot triggered it. */
  Optional<Instant> slot();

  TriggerKind trigger();

  /** The input the run was accepted with ({@link JobQueue#submitWithPayload}), if any. */
  default Optional<String> payload() {
    return Optional.empty();
  }

  /** 1 for the first attempt. */
  int attempt();

  /** When this attempt must have finished; the queue interrupts it then. */
  Instant deadline();

  /** Adds a line to the run's log excerpt (the tail is kept) and to the daemon log. */
  void log(String line);

  /** True once the run was cancelled or timed out; long work should check it. */
  boolean cancelled();
}
