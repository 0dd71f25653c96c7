package dev.understudy.bench;

import dev.understudy.engine.schedule.PosixCron;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Parsing cost, for reference (no target): {@code bench/run.sh cron CronParseBench}. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class CronParseBench {
  @Param({"*/15 * * * *", "0 2 * * *", "30 5 * * 1,3", "0 */12 * * *", "@daily"})
  public String expression;

  @Benchmark
  public PosixCron parse() {
    return PosixCron.parse(expression);
  }
}
