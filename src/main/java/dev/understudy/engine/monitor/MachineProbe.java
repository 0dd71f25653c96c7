package dev.understudy.engine.monitor;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's memory, CPU and the disk that holds the home, in percent: {@code machine/host/memory}
 * ({@code MemTotal - MemAvailable} of {@code /proc/meminfo}), {@code machine/host/cpu} (busy ticks
 * of {@code /proc/stat} since the previous sample; none at the first) and {@code
 * machine/home/disk} (used of used + available, as {@code df} counts it).
 *
 * <p>Read straight from {@code /proc} and {@link FileStore}, not OSHI: three numbers need no
 * dependency, no JNA and no native memory (the supervisor reads {@code /proc} the same way). Off
 * Linux the memory and CPU samples are failed samples saying so; the disk works everywhere.
 */
public final class MachineProbe implements Probe {
  public static final String SYSTEM = "machine";
  public static final Check MEMORY = Check.of(SYSTEM, "host", Check.MEMORY);
  public static final Check CPU = Check.of(SYSTEM, "host", Check.CPU);
  public static final Check DISK = Check.of(SYSTEM, "home", Check.DISK);

  private final Path proc;
  private final Path home;
  private long[] lastCpu;

  public MachineProbe(Path home) {
    this(Path.of("/proc"), home);
  }

  /** @param proc where {@code meminfo} and {@code stat} are read (a test's fake /proc) */
  public MachineProbe(Path proc, Path home) {
    this.proc = proc;
    this.home = home;
  }

  @Override
  public synchronized List<Sample> sample(Instant now) {
    List<Sample> out = new ArrayList<>();
    out.add(memory(now));
    cpu(now, out);
    out.add(disk(now));
    return out;
  }

  private Sample memory(Instant now) {
    try {
      long total = -1, available = -1;
      for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
        if (line.startsWith("MemTotal:")) total = kb(line);
        else if (line.startsWith("MemAvailable:")) available = kb(line);
      }
      if (total <= 0 || available < 0) return Sample.failed(MEMORY, now, "no MemTotal/MemAvailable in " + proc.resolve("meminfo"));
      double used = 100.0 * (total - available) / total;
      return Sample.value(MEMORY, now, used, Threshold.num(used) + "% of " + mb(total * 1024) + " in use");
    } catch (IOException | RuntimeException e) {
      return Sample.failed(MEMORY, now, "cannot read " + proc.resolve("meminfo") + ": " + e.getMessage());
    }
  }

  private void cpu(Instant now, List<Sample> out) {
    long[] t;
    try {
      String first = Files.readAllLines(proc.resolve("stat")).stream().filter(l -> l.startsWith("cpu ")).findFirst()
          .orElseThrow(() -> new IOException("no 'cpu' line"));
      String[] f = first.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]); // user..steal; guest is inside user
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      t = new long[] {total, idle};
    } catch (IOException | RuntimeException e) {
      out.add(Sample.failed(CPU, now, "cannot read " + proc.resolve("stat") + ": " + e.getMessage()));
      return;
    }
    long[] before = lastCpu;
    lastCpu = t;
    if (before == null || t[0] <= before[0]) return; // the first sample has nothing to compare with
    double busy = 100.0 * ((t[0] - before[0]) - (t[1] - before[1])) / (t[0] - before[0]);
    busy = Math.max(0, Math.min(100, busy));
    out.add(Sample.value(CPU, now, busy, Threshold.num(busy) + "% busy"));
  }

  private Sample disk(Instant now) {
    try {
      FileStore store = Files.getFileStore(home);
      long total = store.getTotalSpace(), free = store.getUnallocatedSpace(), avail = store.getUsableSpace();
      long used = total - free;
      if (used + avail <= 0) return Sample.failed(DISK, now, home + ": its file system reports no size");
      double pct = 100.0 * used / (used + avail);
      return Sample.value(DISK, now, pct, home + ": " + Threshold.num(pct) + "% used, " + mb(avail) + " free");
    } catch (IOException | RuntimeException e) {
      return Sample.failed(DISK, now, "cannot read the disk of " + home + ": " + e.getMessage());
    }
  }

  private static long kb(String line) {
    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]);
  }

  private static String mb(long bytes) {
    return bytes >= 1L << 30 ? Threshold.num(bytes / (double) (1L << 30)) + " GB" : (bytes >> 20) + " MB";
  }
}
