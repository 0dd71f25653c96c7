package dev.understudy.cli;

import dev.understudy.daemon.Version;
import java.util.Arrays;
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
      ValidateCommand.class,
      ManifestCommand.class,
      BackupsCommand.class,
      RestoreCommand.class,
      StartupCommand.class,
      PsCommand.class,
      AppCommand.Start.class,
      AppCommand.Stop.class,
      AppCommand.Restart.class,
      AppCommand.Reload.class,
      AppCommand.Delete.class,
      SaveCommand.class,
      TriggerCommand.class,
      SystemCommand.Start.class,
      SystemCommand.Stop.class,
      SystemCommand.Restart.class,
      SystemCommand.Ensure.class,
      SelfTestCommand.class,
      HealthCommand.class,
      ReportCommand.class,
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
    if (args.length > 0 && args[0].equals("ps") && PsCommand.plain(args)) return plainPs(args.length == 2);
    Class<?> sub = args.length > 0 ? subcommand(args[0]) : null;
    CommandLine cl = sub == null ? new CommandLine(new Main()) : new CommandLine(sub);
    String[] rest = sub == null ? args : Arrays.copyOfRange(args, 1, args.length);
    if (sub != null) cl.setCommandName("understudy " + args[0]);
    cl.setExitCodeExceptionMapper(e -> BAD_INPUT);
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println("understudy: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
      cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> failure(ex, cmd.getErr()));
    return cl.execute(rest);
  }

  /** {@code ps} and {@code ps --json} without picocli (see {@link PsCommand#plain}). */
  private static int plainPs(boolean json) {
    java.io.PrintWriter out = new java.io.PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.Charset.defaultCharset()), true);
    java.io.PrintWriter err = new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.Charset.defaultCharset()), true);
    try {
      return PsCommand.run(out, err, json);
    } catch (Exception e) {
      return failure(e, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** A command's failure: its exit status, after saying what went wrong. */
  static int failure(Exception ex, java.io.PrintWriter err) {
    if (ex instanceof Faces.Exit) return ((Faces.Exit) ex).status;
    if (ex instanceof java.net.ConnectException) {
      err.println("understudy: the daemon does not answer (" + ex.getMessage() + "): is it running? 'understudy status' tells");
      return NOT_RUNNING;
    }
    if (ex instanceof java.io.IOException) {
      err.println("understudy: talking to the daemon failed: " + ex.getMessage() + "; its log may say why ('understudy logs')");
      return FAILED;
    }
    err.println("understudy: " + ex);
    return FAILED;
  }

  /**
   * The class of the subcommand {@code name}, so that only its model is built: picocli's own
   * classes are Java 5 class files, which the class-data archive cannot hold, and every model
   * picocli builds costs start-up time on every command (docs/BENCHMARKS.md).
   */
  private static Class<?> subcommand(String name) {
    for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
      if (c.getAnnotation(Command.class).name().equals(name)) return c;
    }
    return null;
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
