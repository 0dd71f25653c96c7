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

  /** A command ends here with this exit status; its message was printed already. */
  static final class Exit extends RuntimeException {
    final int status;

    Exit(int status) {
      super(null, null, false, false);
      this.status = status;
    }
  }

  /** The running daemon of this home, or an {@link Exit} after saying none runs. */
  static DaemonClient requireDaemon(PrintWriter err) {
    DaemonHome home = DaemonHome.fromEnvironment();
    return daemon(home).orElseThrow(() -> new Exit(notRunning(err, home)));
  }

  /** The running daemon of {@code home} when it serves {@code project}; empty when none runs or it serves another. */
  static Optional<DaemonClient> projectDaemon(DaemonHome home, java.nio.file.Path project) {
    java.nio.file.Path want = project.toAbsolutePath().normalize();
    boolean ours = home.readDaemonInfo().filter(i -> java.nio.file.Path.of(i.project()).toAbsolutePath().normalize().equals(want)).isPresent();
    return ours ? daemon(home) : Optional.empty();
  }

  /** GETs {@code path} from the running daemon; an error answer is printed and ends the command. */
  static String get(PrintWriter err, String path) throws IOException {
    return ok(err, requireDaemon(err).get(path));
  }

  static String ok(PrintWriter err, DaemonClient.Reply r) {
    if (!r.ok()) throw new Exit(daemonError(err, r));
    return r.body();
  }

  static int notRunning(PrintWriter err, DaemonHome home) {
    err.println("understudy: no daemon is running (home " + home + "): start one with 'understudy start'");
    return Main.NOT_RUNNING;
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
