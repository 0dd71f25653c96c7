package dev.understudy.bench;

import dev.understudy.engine.schedule.CronSchedule;
import dev.understudy.engine.schedule.PosixCron;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Next-fire computation. {@code nextAfter}: {@link PosixCron#nextAfter} from 4096 random instants
 * spread over 2026-2027 (both DST changes of Europe/Paris included), the cost of one cold question.
 * {@code scheduleWalk}: {@link CronSchedule#nextAfter} from the previous fire, as the queue asks it
 * after each slot. Target: at least 1,000,000 ops/s each.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class CronBench {
  private static final int INSTANTS = 4096;
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2028-01-01T00:00:00Z");
  /** The walk restarts here, so it stays within the years the random instants cover. */
  private static final Instant WALK_END = Instant.parse("2100-01-01T00:00:00Z");

  @Param({"*/15 * * * *", "0 2 * * *", "30 5 * * 1,3", "0 */12 * * *", "@daily"})
  public String expression;

  @Param({"UTC", "Europe/Paris"})
  public String zone;

  private PosixCron cron;
  private ZoneId zoneId;
  private CronSchedule schedule;
  private final Instant[] instants = new Instant[INSTANTS];
  private int next;
  private Instant walk;

  @Setup
  public void setUp() {
    cron = PosixCron.parse(expression);
    zoneId = ZoneId.of(zone);
    schedule = CronSchedule.of(expression, zoneId);
    SplittableRandom random = new SplittableRandom(42);
    long span = UNTIL.toEpochMilli() - FROM.toEpochMilli();
    for (int i = 0; i < INSTANTS; i++) instants[i] = FROM.plusMillis(random.nextLong(span));
    walk = FROM;
  }

  @Benchmark
  public Optional<Instant> nextAfter() {
    return cron.nextAfter(instants[next++ & (INSTANTS - 1)], zoneId);
  }

  @Benchmark
  public Instant scheduleWalk() {
    Instant t = schedule.nextAfter(walk).orElseThrow();
    walk = t.isBefore(WALK_END) ? t : FROM;
    return t;
  }
}
