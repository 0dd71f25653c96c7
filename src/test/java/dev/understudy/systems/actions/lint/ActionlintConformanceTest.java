package dev.understudy.systems.actions.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import dev.understudy.testing.Conformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator against actionlint's own corpus (../shared/conformance/actionlint): no finding on
 * any file of ok/, and for each expected line of err/*.out a finding of ours on the same line.
 * Files that need shellcheck, pyflakes or actionlint's database of third-party actions are
 * counted apart.
 */
class ActionlintConformanceTest {
  static final double REQUIRED_ERR_RATIO = 0.90;
  private static final Pattern EXPECTED_LINE = Pattern.compile("test\\\\?\\.yaml:(\\d+):(\\d+):");
  /**
   * Expectations that need a tool or data Understudy does not embed: shellcheck, pyflakes, and
   * actionlint's database of popular actions (their runtimes and outputs).
   */
  private static final Pattern EXTERNAL =
      Pattern.compile("shellcheck|pyflakes|outdated_actions|outdated_popular_action|outputs_of_action_skipping_inputs_check");

  private static Path corpus;
  private final WorkflowLinter linter = new WorkflowLinter();

  @BeforeAll
  static void findCorpus() {
    corpus = Conformance.dir("actionlint");
  }

  @Test
  void everyValidWorkflowOfTheCorpusHasNoFinding() throws IOException {
    List<String> failures = new ArrayList<>();
    int files = 0;
    for (Path f : yamlFiles(corpus.resolve("ok"))) {
      files++;
      List<Finding> found = linter.lint(f);
      if (!found.isEmpty()) failures.add(found.get(0).toString() + (found.size() > 1 ? " (+" + (found.size() - 1) + ")" : ""));
    }
    System.out.printf("actionlint ok/: %d of %d files without a finding%n", files - failures.size(), files);
    failures.forEach(s -> System.out.println("  false finding: " + s));
    assertThat(failures).isEmpty();
  }

  @Test
  void findsTheExpectedErrorsOfTheCorpusOnTheirLines() throws IOException {
    int expected = 0, matched = 0, externalExpected = 0, externalMatched = 0;
    List<String> misses = new ArrayList<>();
    for (Path f : yamlFiles(corpus.resolve("err"))) {
      Path out = f.resolveSibling(f.getFileName().toString().replaceAll("\\.ya?ml$", ".out"));
      if (!Files.exists(out)) continue;
      Set<Integer> ourLines = new TreeSet<>();
      for (Finding x : linter.lint(f)) ourLines.add(x.line());
      boolean external = EXTERNAL.matcher(f.getFileName().toString()).find();
      for (String line : Files.readAllLines(out)) {
        Matcher m = EXPECTED_LINE.matcher(line);
        if (!m.find()) continue;
        boolean hit = ourLines.contains(Integer.parseInt(m.group(1)));
        if (external) {
          externalExpected++;
          if (hit) externalMatched++;
        } else {
          expected++;
          if (hit) matched++;
          else misses.add(f.getFileName() + ": " + line);
        }
      }
    }
    System.out.printf("actionlint err/: %d of %d expected lines found (%.1f%%); apart (shellcheck, pyflakes, popular-actions database): %d of %d%n",
        matched, expected, 100.0 * matched / expected, externalMatched, externalExpected);
    misses.forEach(s -> System.out.println("  missed: " + s));
    assertThat((double) matched / expected).isGreaterThanOrEqualTo(REQUIRED_ERR_RATIO);
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
  }
}
