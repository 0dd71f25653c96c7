package dev.understudy.orchestrator.probes;

import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.Probe;
import dev.understudy.engine.monitor.Sample;
import dev.understudy.orchestrator.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The daemon watching itself, on the machine's interval: {@code daemon/store/up} (the store
 * answers) and {@code daemon/scheduler/lag} (the newest scheduled run started within {@link
 * #MAX_LAG} of its slot). Its heap and threads are in {@code status} and {@code /metrics}.
 */
public final class DaemonProbe implements Probe {
  public static final String SYSTEM = "daemon";
  /** A scheduled run that starts later than this after its slot means the scheduler falls behind. */
  public static final Duration MAX_LAG = Duration.ofSeconds(60);

  private final Supplier<Metrics.Self> self;

  public DaemonProbe(Supplier<Metrics.Self> self) {
    this.self = self;
  }

  @Override
  public List<Sample> sample(Instant now) {
    Metrics.Self s = self.get();
    List<Sample> out = new ArrayList<>();
    Check store = Check.of(SYSTEM, "store", "up");
    out.add(s.storeUp() ? Sample.ok(store, now, "the store answers")
        : Sample.failed(store, now, "the store does not answer: runs cannot be accepted or recorded (see the daemon log)"));
    s.schedulerLagSeconds().ifPresent(lag -> {
      Check c = Check.of(SYSTEM, "scheduler", "lag");
      String what = String.format(Locale.ROOT, "the newest scheduled run started %.1f s after its slot", lag);
      out.add(lag <= MAX_LAG.toSeconds() ? Sample.ok(c, now, what)
          : Sample.failed(c, now, what + ": the scheduler falls behind (a busy machine, a slow store, or too few queue workers)"));
    });
    return out;
  }
}
