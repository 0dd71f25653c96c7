package dev.understudy.cli;

import dev.understudy.daemon.DaemonHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code understudy startup}: a systemd unit that starts the daemon at boot, as {@code pm2 startup}
 * does for PM2. It prints the unit; {@code --install} writes it (and says which two
 * {@code systemctl} commands enable it: Understudy does not run them for you).
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "startup",
    description = {"Print a systemd unit that starts the daemon for this project at boot (Restart=on-failure).",
        "--install writes it: system-wide (/etc/systemd/system) as root, else as a user unit."})
final class StartupCommand implements Callable<Integer> {
  @Option(names = "--project", defaultValue = ".", description = "The project (default: the current directory).")
  Path project;

  @Option(names = "--install", description = "Write the unit file instead of printing it.")
  boolean install;

  @Option(names = "--launcher", paramLabel = "PATH", description = "The understudy launcher to run (default: this one).")
  Path launcher;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = project.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      err.println("understudy: --project " + project + ": no such folder");
      return Main.BAD_INPUT;
    }
    Path bin = launcher != null ? launcher.toAbsolutePath().normalize() : defaultLauncher();
    if (bin == null || !Files.isExecutable(bin)) {
      err.println("understudy: cannot find the understudy launcher" + (bin == null ? "" : " at " + bin)
          + "; give it with --launcher /path/to/understudy");
      return Main.BAD_INPUT;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    String unit = unit(dir, bin, DaemonHome.fromEnvironment().root(), root);
    if (!install) {
      out.print(unit);
      out.flush();
      return Main.OK;
    }
    Path target = root ? Path.of("/etc/systemd/system/understudy.service")
        : Path.of(System.getProperty("user.home"), ".config/systemd/user/understudy.service");
    Files.createDirectories(target.getParent());
    Files.writeString(target, unit);
    String ctl = root ? "systemctl" : "systemctl --user";
    out.println("wrote " + target);
    out.println("enable it with: " + ctl + " daemon-reload && " + ctl + " enable --now understudy");
    if (!root) out.println("(to start it at boot without a login: loginctl enable-linger " + System.getProperty("user.name") + ")");
    out.flush();
    return Main.OK;
  }

  static String unit(Path project, Path launcher, Path home, boolean system) {
    return "[Unit]\n"
        + "Description=Understudy for " + project + " (stands in for PM2, GitHub Actions and Netlify Functions)\n"
        + "After=network-online.target\n"
        + "Wants=network-online.target\n\n"
        + "[Service]\n"
        + "Type=simple\n"
        + (system ? "User=" + System.getProperty("user.name") + "\n" : "")
        + "WorkingDirectory=" + project + "\n"
        + "Environment=UNDERSTUDY_HOME=" + home + "\n"
        + "ExecStart=" + quote(launcher) + " start --foreground --project " + quote(project) + "\n"
        + "Restart=on-failure\n"
        + "RestartSec=2\n"
        + "KillMode=mixed\n"
        + "TimeoutStopSec=30\n\n"
        + "[Install]\n"
        + "WantedBy=" + (system ? "multi-user.target" : "default.target") + "\n";
  }

  /** systemd splits ExecStart at blanks: a path with one goes in double quotes. */
  static String quote(Path p) {
    String s = p.toString();
    return s.chars().anyMatch(Character::isWhitespace) ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : s;
  }

  /** The launcher script next to the jar's target/ folder, as a checkout has it. */
  private static Path defaultLauncher() {
    try {
      Path jar = Path.of(StartupCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path candidate = jar.getParent().getParent().resolve("understudy");
      return Files.isRegularFile(candidate) ? candidate : null;
    } catch (Exception e) {
      return null;
    }
  }
}
