package dev.understudy.cli;

import dev.understudy.daemon.DaemonHome;
import dev.understudy.daemon.DaemonInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "stop", description = "Stop the daemon gracefully: running jobs get a grace period, then resume after the next start.")
final class StopCommand implements Callable<Integer> {
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return stop(DaemonHome.fromEnvironment(), spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** Stops the daemon of {@code home}; returns the project it served, for restart. */
  static int stop(DaemonHome home, PrintWriter out, PrintWriter err) throws Exception {
    Optional<DaemonInfo> info = home.readDaemonInfo().filter(DaemonInfo::processAlive);
    if (info.isPresent() && !home.isLocked()) {
      // daemon.json outlived its daemon (kill -9) and its pid now belongs to another process
      home.clearDaemonInfo(info.get().pid());
      info = Optional.empty();
    }
    if (info.isEmpty()) {
      out.println("Understudy is not running (home " + home + ")");
      return Main.OK;
    }
    DaemonInfo i = info.get();
    try {
      DaemonClient.Reply r = new DaemonClient(i).post("/api/stop");
      if (!r.ok()) return Faces.daemonError(err, r);
    } catch (IOException e) {
      // The API does not answer: fall back to SIGTERM, which runs the same graceful stop.
      ProcessHandle.of(i.pid()).ifPresent(ProcessHandle::destroy);
    }
    Optional<ProcessHandle> p = ProcessHandle.of(i.pid());
    if (p.isPresent()) {
      try {
        p.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        err.println("understudy: pid " + i.pid() + " is still stopping after " + STOP_TIMEOUT.toSeconds()
            + " s; see " + home.logFile() + " (kill -9 " + i.pid() + " forces it; accepted jobs survive)");
        return Main.FAILED;
      }
    }
    out.println("Understudy stopped (pid " + i.pid() + ")");
    return Main.OK;
  }
}
