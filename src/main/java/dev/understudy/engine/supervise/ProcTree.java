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

  /**
   * Every live process whose process group is {@code pgid} (field 5 of stat), found by scanning
   * {@code /proc}: one small read per process into a reused buffer, parsed only up to the group
   * (about 3x faster than reading and splitting each stat line; this runs on the restart path).
   */
  static List<ProcessHandle> groupMembers(long pgid) {
    List<ProcessHandle> out = new ArrayList<>();
    String[] names = new java.io.File("/proc").list();
    if (names == null) return out;
    byte[] buf = new byte[512];
    for (String name : names) {
      if (name.isEmpty() || name.charAt(0) < '1' || name.charAt(0) > '9') continue;
      long[] f = statHead("/proc/" + name + "/stat", buf);
      if (f != null && f[2] == pgid && f[0] != 'Z' && f[0] != 'X') ProcessHandle.of(Long.parseLong(name)).ifPresent(out::add);
    }
    return out;
  }

  /** State (as a char), ppid and pgrp of a stat file, read into {@code buf}; null when gone or unreadable. */
  private static long[] statHead(String file, byte[] buf) {
    int n;
    try (java.io.FileInputStream in = new java.io.FileInputStream(file)) {
      n = in.read(buf);
    } catch (IOException e) {
      return null;
    }
    int i = n - 1;
    while (i > 0 && buf[i] != ')') i--;
    if (i <= 0 || i + 2 >= n) return null;
    long[] out = new long[3];
    out[0] = buf[i + 2];
    int k = 1;
    i += 4;
    while (k < 3 && i < n) {
      long v = 0;
      boolean neg = buf[i] == '-';
      if (neg) i++;
      while (i < n && buf[i] != ' ') v = v * 10 + (buf[i++] - '0');
      out[k++] = neg ? -v : v;
      i++;
    }
    return k == 3 ? out : null;
  }

  /** A live process found in {@code /proc}: its pid and kernel start time (together, an identity). */
  record Proc(long pid, long startTicks) {
    /** Still the same process, and not ended (a zombie has ended). */
    boolean running() {
      OptionalLong t = ProcTree.startTicks(pid);
      return t.isPresent() && t.getAsLong() == startTicks && !isGoneOrZombie(pid);
    }
  }

  /**
   * Every live process of session {@code sid} (field 6 of stat) that started no earlier than
   * {@code notBefore} ticks: what is left of a child started as a session leader ({@code setsid}),
   * its leader included while it runs.
   */
  static List<Proc> sessionMembers(long sid, long notBefore) {
    List<Proc> out = new ArrayList<>();
    String want = Long.toString(sid);
    for (long pid : pids()) {
      String[] f = statFields(pid);
      if (f == null || f.length < 20 || f[0].equals("Z") || f[0].equals("X") || !f[3].equals(want)) continue;
      try {
        long t = Long.parseLong(f[19]);
        if (t >= notBefore) out.add(new Proc(pid, t));
      } catch (NumberFormatException ignored) {
        // not a number: not a process we know
      }
    }
    return out;
  }

  /**
   * Live processes whose environment holds {@code name=<prefix><something>}, grouped by that
   * something: the children (and their descendants) a supervisor marked, found again after it died.
   */
  static java.util.Map<String, List<Proc>> marked(String name, String prefix) {
    java.util.Map<String, List<Proc>> out = new java.util.HashMap<>();
    byte[] key = (name + "=" + prefix).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    for (long pid : pids()) {
      if (pid == self) continue;
      byte[] env;
      try {
        env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
      } catch (IOException | RuntimeException e) {
        continue; // gone, or not ours to read
      }
      for (int i = 0; i < env.length; ) {
        int end = i;
        while (end < env.length && env[end] != 0) end++;
        if (startsWith(env, i, end, key)) {
          String value = new String(env, i + key.length, end - i - key.length, java.nio.charset.StandardCharsets.UTF_8);
          OptionalLong t = startTicks(pid);
          if (t.isPresent() && !isGoneOrZombie(pid)) out.computeIfAbsent(value, k -> new ArrayList<>()).add(new Proc(pid, t.getAsLong()));
          break;
        }
        i = end + 1;
      }
    }
    return out;
  }

  private static boolean startsWith(byte[] a, int from, int end, byte[] prefix) {
    if (end - from < prefix.length) return false;
    for (int k = 0; k < prefix.length; k++) if (a[from + k] != prefix[k]) return false;
    return true;
  }

  private static List<Long> pids() {
    List<Long> out = new ArrayList<>();
    try (var dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path d : dirs) out.add(Long.parseLong(d.getFileName().toString()));
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
