package dev.understudy.engine.supervise;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Signals to process groups and to pids. Java can send SIGTERM and SIGKILL to one pid only; a shell's
 * {@code kill} builtin does the rest. One small {@code /bin/sh} is kept running for it (it reads
 * {@code <signal> <targets>} lines and answers kill's status), so a signal costs a pipe round trip
 * (about 0.1 ms) instead of a fork and exec of {@code kill(1)} (a few ms), which matters on the
 * restart path. It ends when the JVM does (end of its input). Should it fail, {@code kill(1)} is run.
 */
final class Signals {
  private static final String KILL = new File("/bin/kill").canExecute() ? "/bin/kill" : "/usr/bin/kill";
  private static final String HELPER = "while read -r s t; do kill -s \"$s\" -- $t 2>/dev/null; echo $?; done";
  private static final Object LOCK = new Object();
  private static Process helper;
  private static OutputStream toHelper;
  private static BufferedReader fromHelper;

  private Signals() {}

  /** {@code kill -s SIG -- -pgid}; true when some process got it (false: the group is empty). */
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
    if (!signal.matches("[A-Z0-9]+")) throw new IllegalArgumentException("not a signal name: " + signal);
    synchronized (LOCK) {
      try {
        if (helper == null || !helper.isAlive()) start();
        toHelper.write((signal + " " + String.join(" ", targets) + "\n").getBytes(StandardCharsets.US_ASCII));
        toHelper.flush();
        String status = fromHelper.readLine();
        if (status != null) return status.equals("0");
      } catch (IOException e) {
        // the helper went away: kill(1) below, a new helper next time
      }
      helper = null;
    }
    return killCommand(signal, targets);
  }

  private static void start() throws IOException {
    helper = new ProcessBuilder("/bin/sh", "-c", HELPER).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    toHelper = helper.getOutputStream();
    fromHelper = new BufferedReader(new InputStreamReader(helper.getInputStream(), StandardCharsets.US_ASCII));
  }

  private static boolean killCommand(String signal, List<String> targets) {
    List<String> cmd = new ArrayList<>(List.of(KILL, "-s", signal, "--"));
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
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
