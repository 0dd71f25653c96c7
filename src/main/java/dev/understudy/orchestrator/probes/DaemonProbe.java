package dev.understudy.orchestrator.probes;

import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.HealthIntervals;
import dev.understudy.engine.monitor.Probe;
import dev.understudy.engine.monitor.Sample;
import dev.understudy.engine.queue.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon watching itself, on the machine's interval: {@code daemon/store/up} (the store
 * answers), {@code daemon/scheduler/lag} (no schedule's next slot is overdue by more than {@link
 * #MAX_LAG}: the scheduler fires its slots) and {@code daemon/SYSTEM/running} for every system that
 * should run (enabled, or started by a person) and does not: it failed to start, or a recovery's
 * restart left it stopped. Its heap and threads are in {@code status} and {@code /metrics}.
 */
public final class DaemonProbe implements Probe {
  public static final String SYSTEM = "daemon";
  public static final String RUNNING = "running";
  /** A slot still not fired this long after its time means the scheduler is stuck or far behind. */
  public static final Duration MAX_LAG = Duration.ofSeconds(60);

  /** What the probe looks at, through the orchestrator. */
  public interface Source {
    boolean storeUp();

    List<JobQueue.ScheduleStatus> schedules();

    /** Each system that should run, and whether it does. */
    Map<String, Boolean> systems();
  }

  private final Source source;

  public DaemonProbe(Source source) {
    this.source = source;
  }

  @Override
  public List<Sample> sample(Instant now) {
    List<Sample> out = new ArrayList<>();
    Check store = Check.of(SYSTEM, "store", "up");
    boolean up = source.storeUp();
    out.add(up ? Sample.ok(store, now, "the store answers")
        : Sample.failed(store, now, "the store does not answer: runs cannot be accepted or recorded (see the daemon log)"));
    if (up) out.add(lag(now));
    source.systems().forEach((system, running) -> {
      Check c = Check.of(SYSTEM, system, RUNNING);
      out.add(running ? Sample.ok(c, now, system + " runs")
          : Sample.failed(c, now, system + " should run but does not (it failed to start: see the daemon log; 'understudy start-system "
              + system + "' tries again)"));
    });
    return out;
  }

  private Sample lag(Instant now) {
    Check c = Check.of(SYSTEM, "scheduler", "lag");
    Optional<JobQueue.ScheduleStatus> late = source.schedules().stream().filter(s -> s.next().isPresent())
        .min(Comparator.comparing((JobQueue.ScheduleStatus s) -> s.next().get()));
    if (late.isEmpty() || !late.get().next().get().isBefore(now.minus(MAX_LAG))) {
      return Sample.ok(c, now, "every schedule's next slot is ahead (or due within " + HealthIntervals.human(MAX_LAG) + ")");
    }
    JobQueue.ScheduleStatus s = late.get();
    return Sample.failed(c, now, "the slot " + s.next().get() + " of " + s.job() + " has not fired, "
        + HealthIntervals.human(Duration.between(s.next().get(), now)) + " late: the scheduler is stuck or far behind (a busy machine or a slow store)");
  }
}
