package dev.understudy.bench;

import dev.understudy.systems.actions.lint.WorkflowLinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Validates actionlint's whole ok/ + err/ corpus in one process, again and again: reports the
 * files per second and the time of one pass over the corpus after warm-up.
 * Usage: ValidateBench [--corpus=DIR] [--warmup=N] [--passes=N]
 */
public final class ValidateBench {
  public static void main(String[] args) throws Exception {
    Opts o = new Opts(args, java.util.Map.of("corpus", "../shared/conformance/actionlint", "warmup", "20", "passes", "30"));
    Path corpus = Path.of(o.string("corpus"));
    int warmup = o.integer("warmup");
    int passes = o.integer("passes");
    List<Path> files = new ArrayList<>();
    for (String sub : List.of("ok", "err")) {
      try (Stream<Path> s = Files.list(corpus.resolve(sub))) {
        s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().forEach(files::add);
      }
    }
    List<String> texts = new ArrayList<>();
    for (Path f : files) texts.add(Files.readString(f));
    WorkflowLinter linter = new WorkflowLinter();
    long findings = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < warmup; i++) findings += pass(linter, files, texts);
    long firstPasses = System.nanoTime() - t0;
    double[] ms = new double[passes];
    for (int i = 0; i < passes; i++) {
      long s = System.nanoTime();
      findings += pass(linter, files, texts);
      ms[i] = (System.nanoTime() - s) / 1e6;
    }
    Arrays.sort(ms);
    double median = ms[passes / 2];
    System.out.printf("corpus: %d files (%s)%n", files.size(), corpus.toAbsolutePath().normalize());
    System.out.printf("warm-up: %d passes in %.0f ms (first pass included)%n", warmup, firstPasses / 1e6);
    System.out.printf("RESULT validate corpus warm: median %.1f ms per pass (min %.1f, max %.1f), %.0f files/s; target < 2000 ms per pass %s%n",
        median, ms[0], ms[passes - 1], files.size() / (median / 1000), median < 2000 ? "MET" : "MISSED");
    System.out.println("(findings seen, to keep the work alive: " + findings + ")");
  }

  private static long pass(WorkflowLinter linter, List<Path> files, List<String> texts) {
    long n = 0;
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      n += linter.lint(f.toString(), texts.get(i), f.getParent()).size();
    }
    return n;
  }
}
