package dev.understudy.systems.actions.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Thousands of mutated workflows thrown at the reader and the validator: each must come back as
 * findings with real positions, never as an exception. The seed is printed and can be replayed
 * with {@code -Dfuzz.seed=N}; {@code -Dfuzz.cases=N} runs more.
 */
class WorkflowFuzzTest {
  private static final String[] FRAGMENTS = {
    "${{", "}}", "${{ github.event.issue.title }}", "${{ matrix.", ": ", "- ", "[", "]", "{", "}", "'", "\"", "*",
    "|", ">", "&a ", "*a", "<<: *a", "!!int ", "\t", "\n", "  ", "on", "jobs", "steps", "needs: [", "run: ",
    "uses: ./", "cron: '*/1 * * * *'", "${{ fromJSON('{') }}", "${{ format('{0}{1}', 1) }}", "\\", "#", "%", "@",
    "${{ a.b.c[0].* }}", "${{ !(true || ", "0x", "1e309", "~", "null", "- null", "? ", "--- ", "..."
  };

  @Test
  void mutatedWorkflowsGiveFindingsNotExceptions() throws IOException {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    int cases = Integer.getInteger("fuzz.cases", 5000);
    List<String> seeds = seeds();
    SplittableRandom random = new SplittableRandom(seed);
    WorkflowLinter linter = new WorkflowLinter();
    int withFindings = 0;
    for (int i = 0; i < cases; i++) {
      String text = mutate(seeds.get(random.nextInt(seeds.size())), random);
      List<Finding> found;
      try {
        found = linter.lint("fuzz.yml", text);
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError("seed " + seed + ", case " + i + ": the linter threw on this input:\n" + text, e);
      }
      for (Finding f : found) {
        assertThat(f.line()).as("seed %d case %d: %s", seed, i, f).isPositive();
        assertThat(f.column()).as("seed %d case %d: %s", seed, i, f).isPositive();
        assertThat(f.message()).isNotBlank();
      }
      if (!found.isEmpty()) withFindings++;
    }
    System.out.printf("fuzz: %d mutated workflows (seed %d), %d with findings, none threw%n", cases, seed, withFindings);
    assertThat(withFindings).as("mutations that break a workflow are reported").isPositive();
  }

  static String mutate(String text, SplittableRandom r) {
    StringBuilder b = new StringBuilder(text);
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits && b.length() > 0; e++) {
      int at = r.nextInt(b.length());
      switch (r.nextInt(6)) {
        case 0 -> b.insert(at, FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
        case 1 -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(20)));
        case 2 -> b.setLength(at);
        case 3 -> {
          List<String> lines = new ArrayList<>(List.of(b.toString().split("\n", -1)));
          int i = r.nextInt(lines.size());
          int j = r.nextInt(lines.size());
          String t = lines.get(i);
          lines.set(i, lines.get(j));
          lines.set(j, t);
          b = new StringBuilder(String.join("\n", lines));
        }
        case 4 -> {
          List<String> lines = new ArrayList<>(List.of(b.toString().split("\n", -1)));
          int i = r.nextInt(lines.size());
          lines.add(i, lines.get(i));
          b = new StringBuilder(String.join("\n", lines));
        }
        default -> b.setCharAt(at, (char) (32 + r.nextInt(95)));
      }
    }
    return b.toString();
  }

  private static List<String> seeds() throws IOException {
    List<Path> files = new ArrayList<>();
    files.addAll(yaml(Path.of("examples/site/.github/workflows")));
    Path corpus = Path.of(System.getenv().getOrDefault("UNDERSTUDY_CONFORMANCE_DIR", "../shared/conformance"), "actionlint");
    if (Files.isDirectory(corpus)) {
      files.addAll(yaml(corpus.resolve("ok")));
      files.addAll(yaml(corpus.resolve("err")));
    }
    List<String> out = new ArrayList<>();
    for (Path f : files) out.add(Files.readString(f));
    assertThat(out).as("seed workflows").isNotEmpty();
    return out;
  }

  private static List<Path> yaml(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
