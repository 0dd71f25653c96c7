package dev.understudy.systems.pm2.watch;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a PM2 daemon lives for one {@code PM2_HOME}, found from its files alone: it never runs a
 * {@code pm2} command, since any {@code pm2} command starts a daemon when none runs.
 *
 * <p>PM2's God daemon writes its pid to {@code $PM2_HOME/pm2.pid}, names itself {@code PM2 vX.Y.Z:
 * God Daemon ($PM2_HOME)} (its {@code process.title}, so it is what {@code /proc/PID/cmdline}
 * shows) and listens on the Unix sockets {@code rpc.sock} (requests) and {@code pub.sock} (events).
 * {@code pm2 kill} removes the pid file and the sockets; a {@code kill -9} leaves them behind, which
 * is why the pid, its command line and a connection to {@code rpc.sock} are all checked.
 */
public final class Pm2Probe {
  public static final String PID_FILE = "pm2.pid";
  public static final String RPC_SOCKET = "rpc.sock";
  public static final String PUB_SOCKET = "pub.sock";

  private final Path home;
  private final Path proc;

  public Pm2Probe(Path pm2Home) {
    this(pm2Home, Path.of("/proc"));
  }

  Pm2Probe(Path pm2Home, Path proc) {
    this.home = pm2Home.toAbsolutePath().normalize();
    this.proc = proc;
  }

  public Path home() {
    return home;
  }

  /** What the probe found: alive with the daemon's pid, or not, with the reason in words. */
  public record Result(boolean alive, Optional<Long> pid, String reason) {
    static Result dead(String reason) {
      return new Result(false, Optional.empty(), reason);
    }
  }

  public Result probe() {
    Path pidFile = home.resolve(PID_FILE);
    String text;
    try {
      text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
    } catch (java.nio.file.NoSuchFileException e) {
      return Result.dead("no PM2 daemon: " + pidFile + " does not exist");
    } catch (IOException e) {
      return Result.dead("cannot read " + pidFile + ": " + e.getMessage());
    }
    long pid;
    try {
      pid = Long.parseLong(text);
    } catch (NumberFormatException e) {
      return Result.dead(pidFile + " holds no pid");
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return Result.dead("PM2 daemon pid " + pid + " (from " + pidFile + ") is not running");
    }
    Optional<String> cmdline = commandLine(pid, handle.get());
    if (cmdline.isPresent() && !isPm2(cmdline.get())) {
      // a zombie shows an empty command line; another program may have been given the pid since
      return Result.dead("pid " + pid + " from " + pidFile + " is not a PM2 daemon (stale pid file)");
    }
    Path rpc = home.resolve(RPC_SOCKET);
    if (!Files.exists(rpc)) {
      return Result.dead("PM2 daemon pid " + pid + " has no " + rpc);
    }
    if (!answers(rpc)) {
      return Result.dead("PM2 daemon pid " + pid + " does not accept connections on " + rpc);
    }
    return new Result(true, Optional.of(pid), "PM2 daemon pid " + pid + " answers on " + rpc);
  }

  static boolean isPm2(String cmdline) {
    return cmdline.contains("PM2") || cmdline.contains("God Daemon");
  }

  /** The command line where the system shows one ({@code /proc}), else empty: not checked. */
  private Optional<String> commandLine(long pid, ProcessHandle handle) {
    Path file = proc.resolve(Long.toString(pid)).resolve("cmdline");
    if (Files.isDirectory(proc)) {
      try {
        return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace('\0', ' ').trim());
      } catch (IOException e) {
        return Optional.of(""); // vanished between the checks
      }
    }
    return handle.info().commandLine();
  }

  /** A connection to PM2's request socket, closed at once: it tells a listening daemon from a leftover file. */
  private static boolean answers(Path socket) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
