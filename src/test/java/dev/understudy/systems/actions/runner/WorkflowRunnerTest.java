package dev.understudy.systems.actions.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.actions.model.Workflow;
import dev.understudy.systems.actions.model.WorkflowParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner on real bash and node, for what act's corpus does not cover. */
class WorkflowRunnerTest {
  @TempDir Path workspace;
  final List<String> log = new CopyOnWriteArrayList<>();

  private WorkflowResult run(String yaml, Map<String, String> secrets, String onlyJob) {
    WorkflowParser.Result parsed = WorkflowParser.parse(yaml);
    assertThat(parsed.problems()).isEmpty();
    Workflow w = parsed.workflow();
    RunRequest req = new RunRequest(workspace.resolve("w.yml"), "workflow_dispatch", Map.of(), Map.of(), secrets, Map.of(),
        workspace, onlyJob, log::add);
    return new WorkflowRunner().run(w, "w.yml", req);
  }

  private String text() {
    return String.join("\n", log);
  }

  @Test
  void aLocalJavaScriptActionGetsItsInputsAndSetsOutputs() throws Exception {
    Path action = Files.createDirectories(workspace.resolve("greet"));
    Files.writeString(action.resolve("action.yml"), """
        name: greet
        inputs:
          who: {required: true}
          punctuation: {default: '!'}
        outputs:
          greeting: {description: the greeting}
        runs:
          using: node20
          main: index.js
        """);
    Files.writeString(action.resolve("index.js"), """
        const fs = require('fs');
        const g = `hello ${process.env.INPUT_WHO}${process.env.INPUT_PUNCTUATION}`;
        fs.appendFileSync(process.env.GITHUB_OUTPUT, `greeting=${g}\\n`);
        console.log(g);
        """);
    WorkflowResult r = run("""
        on: workflow_dispatch
        jobs:
          a:
            runs-on: ubuntu-latest
            outputs:
              said: ${{ steps.g.outputs.greeting }}
            steps:
              - id: g
                uses: ./greet
                with:
                  who: world
        """, Map.of(), null);
    assertThat(r.success()).as(text()).isTrue();
    assertThat(r.jobs().get("a").outputs()).containsEntry("said", "hello world!");
  }

  @Test
  void aReusableWorkflowGetsInputsAndInheritedSecretsAndGivesOutputs() throws Exception {
    Files.createDirectories(workspace.resolve(".github/workflows"));
    Files.writeString(workspace.resolve(".github/workflows/called.yml"), """
        on:
          workflow_call:
            inputs:
              n: {type: number, required: true}
            outputs:
              doubled: {value: '${{ jobs.calc.outputs.d }}'}
        jobs:
          calc:
            runs-on: ubuntu-latest
            outputs:
              d: ${{ steps.x.outputs.d }}
            steps:
              - id: x
                run: |
                  echo "d=$(( ${{ inputs.n }} * 2 ))" >> "$GITHUB_OUTPUT"
                  test "${{ secrets.TOKEN }}" = "sekrit-value" && echo "token ${{ secrets.TOKEN }}"
        """);
    WorkflowResult r = run("""
        on: workflow_dispatch
        jobs:
          call:
            uses: ./.github/workflows/called.yml
            with: {n: 21}
            secrets: inherit
          show:
            needs: call
            runs-on: ubuntu-latest
            steps:
              - run: test "${{ needs.call.outputs.doubled }}" = 42
        """, Map.of("TOKEN", "sekrit-value"), null);
    assertThat(r.success()).as(text()).isTrue();
    assertThat(text()).contains("token ***").doesNotContain("sekrit-value");
  }

  @Test
  void aMaskedValueIsHiddenInLaterStepsAndStepTimeoutsStopTheStep() {
    WorkflowResult r = run("""
        on: workflow_dispatch
        jobs:
          a:
            runs-on: ubuntu-latest
            steps:
              - run: echo "::add-mask::hunter2-password"
              - run: echo "the password is hunter2-password"
              - run: sleep 30
                timeout-minutes: 0.02
              - if: failure()
                run: echo "cleanup after the timeout"
        """, Map.of(), null);
    assertThat(r.success()).isFalse();
    String afterMask = text().substring(text().indexOf("ok: Run echo"));
    assertThat(afterMask).contains("the password is ***", "timed out", "cleanup after the timeout").doesNotContain("hunter2-password");
  }

  @Test
  void jobsFollowNeedsAndTheirIfsAndOneJobCanBeAskedFor() throws Exception {
    String yaml = """
        on: workflow_dispatch
        jobs:
          build:
            runs-on: ubuntu-latest
            steps: [{run: "echo built >> order.txt"}]
          test:
            needs: build
            runs-on: ubuntu-latest
            steps: [{run: "echo tested >> order.txt; exit 1"}]
          deploy:
            needs: test
            runs-on: ubuntu-latest
            steps: [{run: "echo deployed >> order.txt"}]
          report:
            needs: [test]
            if: always()
            runs-on: ubuntu-latest
            steps: [{run: "echo 'test was ${{ needs.test.result }}' >> order.txt"}]
          unrelated:
            runs-on: ubuntu-latest
            steps: [{run: "echo unrelated >> other.txt"}]
        """;
    WorkflowResult r = run(yaml, Map.of(), null);
    assertThat(r.success()).isFalse();
    assertThat(r.jobs().get("deploy").result()).isEqualTo(JobResult.Result.SKIPPED);
    assertThat(Files.readAllLines(workspace.resolve("order.txt"))).containsExactly("built", "tested", "test was failure");

    Files.delete(workspace.resolve("order.txt"));
    Files.delete(workspace.resolve("other.txt"));
    WorkflowResult only = run(yaml, Map.of(), "test");
    assertThat(only.jobs().keySet()).containsExactly("build", "test");
    assertThat(workspace.resolve("other.txt")).doesNotExist();
  }

  @Test
  void failFastStopsCombinationsNotYetStarted() {
    WorkflowResult r = run("""
        on: workflow_dispatch
        jobs:
          m:
            runs-on: ubuntu-latest
            strategy:
              max-parallel: 1
              matrix: {n: [1, 2, 3]}
            steps:
              - run: echo "n=${{ matrix.n }}"; test ${{ matrix.n }} -ne 1
        """, Map.of(), null);
    assertThat(r.success()).isFalse();
    assertThat(text()).contains("n=1").doesNotContain("n=2", "n=3");
  }

  @Test
  void aContainerJobOrARemoteActionNotOnDiskFailsAndSaysWhatToDo() {
    WorkflowResult r = run("""
        on: workflow_dispatch
        jobs:
          c:
            runs-on: ubuntu-latest
            container: node:20
            steps: [{run: echo}]
          r:
            runs-on: ubuntu-latest
            steps: [{uses: someone/some-action@v1}]
        """, Map.of(), null);
    assertThat(r.jobs().get("c").result()).isEqualTo(JobResult.Result.FAILURE);
    assertThat(r.jobs().get("r").result()).isEqualTo(JobResult.Result.FAILURE);
    assertThat(text()).contains("needs Docker").contains("is not on this machine").contains("git clone --depth 1 --branch v1");
  }
}
