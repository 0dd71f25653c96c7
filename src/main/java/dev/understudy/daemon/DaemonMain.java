package dev.understudy.daemon;

import dev.understudy.config.ConfigException;
import dev.understudy.config.ConfigLoader;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.store.StoreException;
import java.nio.file.Path;

/**
 * Entry point of a background daemon ({@code understudy start} spawns it). Errors go to stderr,
 * which the CLI shows; exit 2 means the input was bad.
 */
public final class DaemonMain {
  private DaemonMain() {}

  /** Logs to the terminal too: a daemon in the foreground ({@code start --foreground}, systemd). */
  public static final String CONSOLE = "--console";

  public static void main(String[] args) {
    Path project = Path.of(".");
    boolean console = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--project") && i + 1 < args.length) project = Path.of(args[++i]);
      if (args[i].equals(CONSOLE)) console = true;
    }
    System.exit(run(project, console));
  }

  /** Runs a daemon until it is stopped; returns the process exit status. */
  public static int run(Path project, boolean console) {
    Daemon daemon;
    try {
      UnderstudyConfig config = ConfigLoader.load(project);
      daemon = Daemon.start(config, DaemonHome.fromEnvironment(), console);
    } catch (ConfigException | DaemonException | StoreException e) {
      System.err.println("understudy: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("understudy: cannot start: " + e);
      e.printStackTrace();
      return 1;
    }
    Daemon d = daemon;
    Runtime.getRuntime().addShutdownHook(new Thread(d::close, "understudy-shutdown"));
    try {
      d.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
