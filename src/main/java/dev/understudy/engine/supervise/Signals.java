package dev.understudy.engine.supervise;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Signals to a whole process group. Java can send SIGTERM and SIGKILL to one pid only; kill(1) does the rest. */
final class Signals {
  private static final String KILL = new File("/bin/kill").canExecute() ? "/bin/kill" : "/usr/bin/kill";

  private Signals() {}

  /** {@code kill -s SIG -- -pgid}; true when some process got it. */
  static boolean group(long pgid, String signal) {
    if (pgid <= 1) return false;
    return kill(signal, List.of("-" + pgid));
  }

  /** {@code kill -s SIG -- pid...}; true when every process got it. */
  static boolean each(List<Long> pids, String signal) {
    List<String> targets = pids.stream().filter(p -> p > 1).map(String::valueOf).toList();
    return !targets.isEmpty() && kill(signal, targets);
  }

  private static boolean kill(String signal, List<String> targets) {
    List<String> cmd = new java.util.ArrayList<>(List.of(KILL, "-s", signal, "--"));
    cmd.addAll(targets);
    try {
      Process p = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
