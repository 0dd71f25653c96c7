package dev.understudy.engine.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a program from an argument list (never a pasted shell string), streams its merged output
 * line by line, and on interrupt stops it and everything it started. It dies with the daemon.
 */
public final class CommandRunner {
  /** How long a stopped process tree gets between SIGTERM and SIGKILL. */
  public static final Duration KILL_GRACE = Duration.ofSeconds(5);

  private CommandRunner() {}

  /**
   * @return the exit code
   * @throws InterruptedException when the calling thread is interrupted; the process tree is
   *     stopped first
   */
  public static int run(List<String> argv, Path cwd, Map<String, String> env, Consumer<String> lines)
      throws IOException, InterruptedException {
    return run(argv, cwd, env, true, lines);
  }

  /**
   * As {@link #run(List, Path, Map, Consumer)}; with {@code inheritEnvironment} false the child
   * sees exactly {@code env} and nothing of the daemon's own environment. After a stop, the lines
   * the stopped tree had already written are still delivered before this returns.
   */
  public static int run(List<String> argv, Path cwd, Map<String, String> env, boolean inheritEnvironment,
      Consumer<String> lines) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(Orphans.diesWithParent(argv)).directory(cwd.toFile()).redirectErrorStream(true);
    if (!inheritEnvironment) pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot start " + argv.get(0) + " in " + cwd + ": " + e.getMessage(), e);
    }
    Thread pump = new Thread(() -> pump(p, lines), "understudy-output");
    pump.setDaemon(true);
    pump.start();
    try {
      int code = p.waitFor();
      pump.join(TimeUnit.SECONDS.toMillis(2));
      return code;
    } catch (InterruptedException e) {
      stopTree(p.toHandle(), KILL_GRACE);
      pump.join(TimeUnit.SECONDS.toMillis(2));
      throw e;
    }
  }

  /** SIGTERM to the process and its descendants, SIGKILL to whatever still lives after {@code grace}. */
  public static void stopTree(ProcessHandle root, Duration grace) {
    List<ProcessHandle> all = new java.util.ArrayList<>(root.descendants().toList());
    all.add(0, root);
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle h : all) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) h.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception ignored) {
        // killed below
      }
      if (h.isAlive()) h.destroyForcibly();
    }
  }

  private static void pump(Process p, Consumer<String> lines) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) lines.accept(line);
    } catch (IOException ignored) {
      // the process closed its output
    }
  }
}
