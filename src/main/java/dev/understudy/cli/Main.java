package dev.understudy.cli;

import dev.understudy.daemon.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code understudy} command. Every subcommand is a class of its own in this package. */
@Command(
    name = "understudy",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Stands in for PM2, GitHub Actions and Netlify Functions when they fail.",
    subcommands = {
      StartCommand.class,
      StopCommand.class,
      RestartCommand.class,
      StatusCommand.class,
      LogsCommand.class,
      CronCommand.class,
      SchedulesCommand.class,
      RunCommand.class,
      HistoryCommand.class,
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:success",
      "1:the work failed (a job, a check)",
      "2:bad input: a flag, a file, a schedule",
      "3:no daemon is running",
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int NOT_RUNNING = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExitCodeExceptionMapper(e -> BAD_INPUT);
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println("understudy: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
      cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof Faces.Exit) return ((Faces.Exit) ex).status;
      throw ex;
    });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"understudy " + Version.get()};
    }
  }
}
