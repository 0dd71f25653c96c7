package dev.understudy.orchestrator.probes;

import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.Probe;
import dev.understudy.engine.monitor.Sample;
import dev.understudy.engine.supervise.ProcessState;
import dev.understudy.engine.supervise.Snapshot;
import dev.understudy.systems.pm2.Pm2System;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pm2 system's probe: for every supervised process {@code pm2/NAME/up} (online, or stopped on
 * purpose), {@code pm2/NAME/restarts} (fails while the restart count grows: a crash loop),
 * {@code pm2/NAME/memory} (percent of the machine's memory) and {@code pm2/NAME/cpu} (percent of
 * one core).
 */
public final class Pm2Probe implements Probe {
  public static final String SYSTEM = "pm2";
  public static final String UP = "up";
  public static final String RESTARTS = "restarts";

  private final Supplier<Optional<Pm2System>> pm2;
  private final long machineMemory;
  private final Map<String, Integer> lastRestarts = new HashMap<>();

  public Pm2Probe(Supplier<Optional<Pm2System>> pm2) {
    this(pm2, memTotal(Path.of("/proc/meminfo")));
  }

  /** {@code machineMemory}: bytes; 0 when unknown (no memory samples then). */
  public Pm2Probe(Supplier<Optional<Pm2System>> pm2, long machineMemory) {
    this.pm2 = pm2;
    this.machineMemory = machineMemory;
  }

  @Override
  public synchronized List<Sample> sample(Instant now) {
    Optional<Pm2System> p = pm2.get();
    if (p.isEmpty()) return List.of();
    return samples(p.get().processes(), p.get()::maxMemoryBytes, now);
  }

  /**
   * The samples of these processes (the restart counts are remembered between calls); {@code
   * maxMemory} gives a process's {@code max_memory_restart} in bytes (0: none), the memory
   * check's own limit for the trend forecast.
   */
  public synchronized List<Sample> samples(List<Snapshot> processes, java.util.function.ToLongFunction<String> maxMemory, Instant now) {
    List<Sample> out = new ArrayList<>();
    for (Snapshot s : processes) {
      Check up = Check.of(SYSTEM, s.name(), UP);
      ProcessState st = s.status();
      boolean good = st == ProcessState.ONLINE || st == ProcessState.LAUNCHING || st == ProcessState.STOPPED || st == ProcessState.STOPPING;
      String word = st.word() + s.reason().map(r -> ": " + r).orElse("")
          + s.lastExitCode().filter(c -> !good).map(c -> " (last exit code " + c + ")").orElse("");
      out.add(good ? Sample.ok(up, now, s.name() + " is " + (st == ProcessState.STOPPED ? "stopped on purpose" : st.word()))
          : Sample.failed(up, now, s.name() + " is " + word));

      Integer before = lastRestarts.put(s.name(), s.restarts());
      Check restarts = Check.of(SYSTEM, s.name(), RESTARTS);
      if (before != null && s.restarts() > before) {
        out.add(Sample.failed(restarts, now, s.name() + " restarted " + (s.restarts() - before) + " time(s) since the last look ("
            + s.restarts() + " in all)"));
      } else {
        out.add(Sample.ok(restarts, now, s.restarts() + " restart(s) in all"));
      }
      if (st == ProcessState.ONLINE) {
        if (machineMemory > 0) {
          double pct = 100.0 * s.memoryBytes() / machineMemory;
          Sample m = Sample.value(Check.of(SYSTEM, s.name(), Check.MEMORY), now, pct,
              String.format("%s uses %.1f%% of the machine's memory (%d MB)", s.name(), pct, s.memoryBytes() / (1024 * 1024)));
          long max = maxMemory.applyAsLong(s.name());
          if (max > 0 && max < machineMemory) {
            m = m.withLimit(100.0 * max / machineMemory, "its max_memory_restart (" + megabytes(max) + ")");
          }
          out.add(m);
        }
        out.add(Sample.value(Check.of(SYSTEM, s.name(), Check.CPU), now, Math.max(0, s.cpuPercent()),
            String.format("%s uses %.0f%% CPU", s.name(), s.cpuPercent())));
      }
    }
    return out;
  }

  static String megabytes(long bytes) {
    return bytes >= 1024L * 1024 * 1024 ? String.format("%.1f GB", bytes / (1024.0 * 1024 * 1024)) : (bytes / (1024 * 1024)) + " MB";
  }

  /** MemTotal of /proc/meminfo in bytes, 0 when it cannot be read. */
  static long memTotal(Path meminfo) {
    try {
      for (String line : Files.readAllLines(meminfo)) {
        if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (IOException | RuntimeException e) {
      // off Linux: no memory percent
    }
    return 0;
  }
}
