package dev.understudy.bench;

import dev.understudy.systems.actions.model.Workflow;
import dev.understudy.systems.actions.model.WorkflowParser;
import dev.understudy.systems.actions.runner.RunRequest;
import dev.understudy.systems.actions.runner.WorkflowResult;
import dev.understudy.systems.actions.runner.WorkflowRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The workflow runner's cost: a 20-step workflow against the same 20 commands as one bash script
 * (per-step overhead), with trivial steps and with steps that do some work, and the wall time of
 * a 3x3 matrix whose nine jobs each take one second.
 * Usage: RunnerBench [--steps=N] [--runs=N] [--work-ms=N]
 */
public final class RunnerBench {
  public static void main(String[] args) throws Exception {
    Opts o = new Opts(args, Map.of("steps", "20", "runs", "15", "work-ms", "50"));
    int steps = o.integer("steps");
    int runs = o.integer("runs");
    int workMs = o.integer("work-ms");
    Path dir = Files.createTempDirectory("runner-bench");
    for (String kind : new String[] {"trivial", "work"}) {
      String command = kind.equals("trivial") ? "echo step" : "sleep " + (workMs / 1000.0);
      StringBuilder wf = new StringBuilder("on: push\njobs:\n  steps:\n    runs-on: ubuntu-latest\n    steps:\n");
      StringBuilder sh = new StringBuilder("set -e\n");
      for (int i = 0; i < steps; i++) {
        wf.append("      - run: ").append(command).append(' ').append(kind.equals("trivial") ? String.valueOf(i) : "").append('\n');
        sh.append(command).append(' ').append(kind.equals("trivial") ? String.valueOf(i) : "").append('\n');
      }
      Path script = dir.resolve(kind + ".sh");
      Files.writeString(script, sh);
      Workflow w = WorkflowParser.parse(wf.toString()).workflow();
      double[] runner = new double[runs];
      double[] bash = new double[runs];
      for (int warm = 0; warm < 3; warm++) {
        run(w, dir);
        bash(script);
      }
      for (int i = 0; i < runs; i++) {
        runner[i] = run(w, dir);
        bash[i] = bash(script);
      }
      double r = median(runner), b = median(bash);
      System.out.printf("RESULT runner %d %s steps (%s): workflow median %.0f ms, one bash script median %.0f ms, "
          + "overhead %.1f ms a step, ratio %.2fx%n", steps, kind, command, r, b, (r - b) / steps, r / b);
    }
    String matrix = "on: push\njobs:\n  m:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        + "        a: [1, 2, 3]\n        b: [x, y, z]\n    steps:\n      - run: sleep 1\n";
    Workflow m = WorkflowParser.parse(matrix).workflow();
    run(m, dir);
    double[] walls = new double[5];
    for (int i = 0; i < walls.length; i++) walls[i] = run(m, dir);
    System.out.printf("RESULT runner 3x3 matrix, nine jobs of 'sleep 1': wall median %.0f ms (serial would be >= 9000 ms)%n",
        median(walls));
  }

  private static double run(Workflow w, Path dir) {
    long t0 = System.nanoTime();
    RunRequest req = new RunRequest(dir.resolve("w.yml"), "push", Map.of(), Map.of(), Map.of(), Map.of(), dir, null, l -> {});
    WorkflowResult r = new WorkflowRunner().run(w, "bench", req);
    if (!r.success()) throw new IllegalStateException("bench workflow failed: " + r.jobs());
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double bash(Path script) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("bash", "--noprofile", "--norc", "-e", script.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) throw new IllegalStateException("bash script failed");
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double median(double[] xs) {
    double[] c = xs.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
