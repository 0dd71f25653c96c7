package dev.understudy.engine.supervise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a process tree's memory and CPU straight from {@code /proc} (Linux). Lighter than OSHI
 * (no dependency, no JNA) and we need three numbers: VmRSS, utime+stime, starttime.
 */
final class ProcTree {
  /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux we run on. */
  static final long CLK_TCK = 100;

  private ProcTree() {}

  /** One sample of a tree: its pids, summed resident bytes and CPU ticks. */
  record Sample(List<ProcessHandle> members, long rssBytes, long cpuTicks, long atNanos) {}

  static Sample sample(ProcessHandle root) {
    List<ProcessHandle> members = new ArrayList<>();
    members.add(root);
    try {
      root.descendants().forEach(members::add);
    } catch (RuntimeException ignored) {
      // a racing exit; sample what we have
    }
    long rss = 0;
    long ticks = 0;
    for (ProcessHandle h : members) {
      rss += rssBytes(h.pid());
      ticks += cpuTicks(h.pid());
    }
    return new Sample(members, rss, ticks, System.nanoTime());
  }

  /** Whether {@code pid} has ended: no longer in /proc, or a zombie waiting to be reaped. */
  static boolean isGoneOrZombie(long pid) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) == 'Z' || stat.charAt(close + 2) == 'X';
    } catch (java.io.IOException e) {
      return true;
    }
  }

  /** VmRSS of one process in bytes, 0 when gone. */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] f = line.substring(6).trim().split("\\s+");
          return Long.parseLong(f[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // gone
    }
    return 0;
  }

  /** utime + stime in clock ticks, 0 when gone. */
  static long cpuTicks(long pid) {
    String[] f = statFields(pid);
    if (f == null || f.length < 13) return 0;
    try {
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The kernel's start time of the process (field 22 of stat, in ticks since boot): with the pid, an identity. */
  static OptionalLong startTicks(long pid) {
    String[] f = statFields(pid);
    if (f == null || f.length < 20) return OptionalLong.empty();
    try {
      return OptionalLong.of(Long.parseLong(f[19]));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Every live process whose process group is {@code pgid} (field 5 of stat), found by scanning {@code /proc}. */
  static List<ProcessHandle> groupMembers(long pgid) {
    List<ProcessHandle> out = new ArrayList<>();
    try (var dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path d : dirs) {
        long pid = Long.parseLong(d.getFileName().toString());
        String[] f = statFields(pid);
        if (f != null && f.length > 2 && f[2].equals(Long.toString(pgid)) && !f[0].equals("Z")) ProcessHandle.of(pid).ifPresent(out::add);
      }
    } catch (IOException | RuntimeException ignored) {
      // what we found so far
    }
    return out;
  }

  /** The fields after the command name, so index 0 is field 3 (state). */
  private static String[] statFields(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = s.lastIndexOf(')');
      if (close < 0) return null;
      return s.substring(close + 2).trim().split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
