package dev.understudy.systems.actions.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cases beyond actionlint's corpus, most found by review: no false finding, no exception, the right place. */
class WorkflowLinterTest {
  private final WorkflowLinter linter = new WorkflowLinter();

  private List<String> lint(String yaml) {
    return linter.lint("w.yml", yaml).stream().map(f -> f.line() + ":" + f.column() + " " + f.message()).toList();
  }

  @Test
  void aLabelBuiltFromTwoExpressionsIsAString() {
    assertThat(lint("""
        on: push
        jobs:
          a:
            strategy:
              matrix: {runner: [ubuntu], arch: [x64]}
            runs-on: ${{ matrix.runner }}-${{ matrix.arch }}
            timeout-minutes: ${{ 5 }}
            steps: [{run: echo}]
        """)).isEmpty();
  }

  @Test
  void aSelfHostedRunnerMayHaveAnyLabel() {
    assertThat(lint("on: push\njobs:\n  a:\n    runs-on: [self-hosted, my-gpu]\n    steps: [{run: echo}]\n")).isEmpty();
    assertThat(lint("on: push\njobs:\n  a:\n    runs-on: [my-gpu]\n    steps: [{run: echo}]\n"))
        .singleElement().asString().startsWith("4:15 label \"my-gpu\" is unknown");
  }

  @Test
  void aReusableCallToAnImpossiblePathIsAFinding(@TempDir Path project) throws Exception {
    Path wf = Files.createDirectories(project.resolve(".github/workflows")).resolve("w.yml");
    Files.writeString(wf, "on: push\njobs:\n  c:\n    uses: \"./.github/workflows/x\\0.yml\"\n");
    assertThat(linter.lint(wf)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(4);
      assertThat(f.message()).contains("is not a valid path");
    });
  }

  @Test
  void aCycleThroughTwentyThousandJobsIsFoundWithoutOverflowingTheStack() {
    StringBuilder b = new StringBuilder("on: push\njobs:\n");
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      b.append("  j").append(i).append(":\n    runs-on: ubuntu-latest\n");
      b.append("    needs: j").append(i + 1).append('\n');
      b.append("    steps: [{run: echo}]\n");
    }
    b.append("  j").append(n).append(":\n    runs-on: ubuntu-latest\n    needs: j0\n    steps: [{run: echo}]\n");
    assertThat(lint(b.toString())).singleElement().asString()
        .startsWith("3:3 cyclic dependencies in \"needs\" job configurations are detected. detected cycle is \"j0\" -> \"j1\"")
        .endsWith("\"j20000\" -> \"j0\"");
  }

  @Test
  void quotedEscapesEmojiAndFoldedLinesDoNotShiftPositions() {
    assertThat(lint("""
        name: "🚀 ×30"
        on: push
        jobs:
          a:
            runs-on: ubuntu-latest
            steps:
              - run: 'it''s ${{ foo }}'
              - run: "\\t\\u00e9 ${{ bar }}"
              - run: echo
                  more ${{ plain }}
              - name: ${{ github.event_name == 'push'
                  && foo2.bar }}
                run: >
                  folded
                  ${{ fold }}
        """)).extracting(s -> s.substring(0, s.indexOf(' '))).containsExactly("7:25", "8:28", "10:20", "12:14", "15:15");
  }
}
