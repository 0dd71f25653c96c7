package dev.understudy.cli;

import dev.understudy.daemon.DaemonHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Shared bits of the commands: finding the daemon, printing errors, human times. */
final class Faces {
  private Faces() {}

  static Optional<DaemonClient> daemon(DaemonHome home) {
    return DaemonClient.connect(home);
  }

  static int notRunning(PrintWriter err, DaemonHome home) {
    err.println("understudy: no daemon is running (home " + home + "): start one with 'understudy start'");
    return Main.NOT_RUNNING;
  }

  static int failed(PrintWriter err, String what, IOException e) {
    err.println("understudy: " + what + ": " + e.getMessage());
    return Main.FAILED;
  }

  static int daemonError(PrintWriter err, DaemonClient.Reply r) {
    err.println("understudy: " + r.error());
    return r.status() == 404 || r.status() == 400 ? Main.BAD_INPUT : Main.FAILED;
  }

  /** "3h 12m" style. */
  static String span(Duration d) {
    long s = Math.abs(d.getSeconds());
    if (s < 60) return s + "s";
    if (s < 3600) return (s / 60) + "m " + (s % 60) + "s";
    if (s < 86400) return (s / 3600) + "h " + (s % 3600 / 60) + "m";
    return (s / 86400) + "d " + (s % 86400 / 3600) + "h";
  }

  static String relative(String iso) {
    if (iso == null) return null;
    Duration d = Duration.between(Instant.now(), Instant.parse(iso));
    return d.isNegative() ? span(d) + " ago" : "in " + span(d);
  }

  static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
