package dev.understudy.cli;

import dev.understudy.config.ConfigException;
import dev.understudy.config.ConfigLoader;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.daemon.DaemonHome;
import dev.understudy.daemon.DaemonMain;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "start", description = "Start the daemon for a project (in the background unless --foreground).")
final class StartCommand implements Callable<Integer> {
  @Option(names = "--project", description = "The project directory (default: the current one).", defaultValue = ".")
  Path project;

  @Option(names = "--foreground", description = "Stay attached; logs go to the terminal too. Ctrl-C stops it.")
  boolean foreground;

  @Option(names = "--exec-file", hidden = true, paramLabel = "FILE",
      description = "With --foreground: write the daemon's command line (NUL-separated) to FILE for the launcher script to exec.")
  Path execFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return start(project, foreground, execFile, out, err);
  }

  static int start(Path project, boolean foreground, PrintWriter out, PrintWriter err) throws Exception {
    return start(project, foreground, null, out, err);
  }

  static int start(Path project, boolean foreground, Path execFile, PrintWriter out, PrintWriter err) throws Exception {
    Path dir = project.toAbsolutePath().normalize();
    UnderstudyConfig config;
    try {
      config = ConfigLoader.load(dir);
    } catch (ConfigException e) {
      err.println("understudy: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    DaemonHome home = DaemonHome.fromEnvironment();
    Optional<DaemonClient> running = Faces.daemon(home);
    if (running.isPresent()) {
      var info = running.get().info();
      if (!Path.of(info.project()).equals(dir)) {
        err.println("understudy: a daemon already runs on home " + home + " for another project (" + info.project()
            + "): stop it first, or set UNDERSTUDY_HOME to another directory");
        return Main.FAILED;
      }
      out.println("Understudy is already running: pid " + info.pid() + ", " + info.baseUrl() + ", project " + info.project());
      return Main.OK;
    }
    if (foreground) {
      out.println("Understudy " + dev.understudy.daemon.Version.get() + " starting in the foreground for " + dir
          + " (config: " + config.source() + "); Ctrl-C stops it");
      out.flush();
      if (execFile != null) {
        // the launcher script execs the daemon's own JVM, with the daemon's flags, in place of this one
        List<String> cmd = new java.util.ArrayList<>(DaemonLauncher.command(home, dir, DaemonLauncher.lean(config)));
        cmd.add(DaemonMain.CONSOLE);
        java.nio.file.Files.writeString(execFile, String.join("\0", cmd) + "\0");
        return Main.OK;
      }
      return DaemonMain.run(dir, true);
    }
    DaemonLauncher.Started s = DaemonLauncher.launch(home, dir, DaemonLauncher.lean(config));
    if (s.info().isEmpty()) {
      err.println(s.output().isEmpty() ? "understudy: the daemon did not start; see " + home.outFile() : s.output());
      return s.exitCode() == 0 ? Main.FAILED : s.exitCode();
    }
    var info = s.info().get();
    out.println("Understudy started: pid " + info.pid() + ", " + info.baseUrl() + ", project " + info.project());
    out.println("logs: " + home.logFile());
    return Main.OK;
  }
}
