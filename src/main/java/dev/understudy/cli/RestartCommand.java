package dev.understudy.cli;

import dev.understudy.config.ConfigException;
import dev.understudy.config.ConfigLoader;
import dev.understudy.daemon.DaemonHome;
import dev.understudy.daemon.DaemonInfo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "restart", description = "Stop the daemon and start it again, for the same project unless --project says otherwise.")
final class RestartCommand implements Callable<Integer> {
  @Option(names = "--project", description = "The project directory (default: the running daemon's, else the current one).")
  Path project;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DaemonHome home = DaemonHome.fromEnvironment();
    Path dir = project != null ? project
        : home.readDaemonInfo().filter(DaemonInfo::processAlive).map(i -> Path.of(i.project())).orElse(Path.of("."));
    try {
      ConfigLoader.load(dir); // a bad file must not cost the running daemon its life
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("understudy: " + e.getMessage() + " (the running daemon was left as it is)");
      return Main.BAD_INPUT;
    }
    int stopped = StopCommand.stop(home, spec.commandLine().getOut(), spec.commandLine().getErr());
    if (stopped != Main.OK) return stopped;
    return StartCommand.start(dir, false, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
