package dev.understudy.systems.actions.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.actions.model.Job.Matrix;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowParserTest {

  private static Workflow read(String yaml) {
    WorkflowParser.Result r = WorkflowParser.parse(yaml);
    assertThat(r.problems()).as("problems").isEmpty();
    return r.workflow();
  }

  private static List<String> problems(String yaml) {
    return WorkflowParser.parse(yaml).problems().stream().map(p -> p.pos() + " " + p.message()).toList();
  }

  @Test
  void onIsAStringKeyAndEveryEventFormIsRead() {
    Workflow w = read("""
        name: CI
        on:
          push:
            branches: [main, 'releases/**']
          schedule:
            - cron: '0 */12 * * *'
            - cron: '30 2 * * 1'
              timezone: Europe/Paris
          workflow_dispatch:
            inputs:
              level:
                type: choice
                options: [low, high]
                default: low
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: echo hi
        """);
    assertThat(w.on()).extracting(Event::name).containsExactly("push", "schedule", "workflow_dispatch");
    Event.Schedule s = w.event(Event.Schedule.class);
    assertThat(s.crons()).extracting(c -> c.cron().value()).containsExactly("0 */12 * * *", "30 2 * * 1");
    assertThat(s.crons().get(1).timezone().value()).isEqualTo("Europe/Paris");
    assertThat(s.crons().get(0).cron().pos()).isEqualTo(new Pos(6, 13));
    Event.Webhook push = w.event(Event.Webhook.class);
    assertThat(push.branches().values()).extracting(Str::value).containsExactly("main", "releases/**");
    Event.DispatchInput level = w.event(Event.Dispatch.class).inputs().get("level");
    assertThat(level.type()).isEqualTo(Event.InputType.CHOICE);
    assertThat(level.options()).extracting(Str::value).containsExactly("low", "high");
  }

  @Test
  void eventsAsAStringOrAList() {
    assertThat(read("on: push\njobs: {a: {runs-on: x, steps: [{run: y}]}}").on()).extracting(Event::name).containsExactly("push");
    assertThat(read("on: [push, workflow_dispatch]\njobs: {a: {runs-on: x, steps: [{run: y}]}}").on())
        .extracting(Event::name).containsExactly("push", "workflow_dispatch");
  }

  @Test
  void jobsKeepTheirOrderNeedsMatrixAndSteps() {
    Workflow w = read("""
        on: push
        jobs:
          test:
            runs-on: ${{ matrix.os }}
            strategy:
              fail-fast: false
              max-parallel: 2
              matrix:
                os: [ubuntu-latest, windows-latest]
                node: [18, 20]
                include:
                  - os: ubuntu-latest
                    experimental: true
                exclude:
                  - os: windows-latest
                    node: 18
            steps:
              - id: hello
                run: echo "${{ matrix.node }}"
                shell: bash
              - uses: ./.github/actions/local
                with:
                  who: world
          deploy:
            needs: test
            if: github.ref == 'refs/heads/main'
            uses: ./.github/workflows/deploy.yml
            secrets: inherit
        """);
    assertThat(w.jobs().keySet()).containsExactly("test", "deploy");
    Job test = w.jobs().get("test");
    Matrix m = test.strategy().matrix();
    assertThat(m.rows().keySet()).containsExactly("os", "node");
    assertThat(m.include().combinations()).hasSize(1);
    assertThat(m.exclude().combinations().get(0).assigns().keySet()).containsExactly("os", "node");
    assertThat(test.strategy().failFast().value()).isFalse();
    assertThat(test.strategy().maxParallel().value()).isEqualTo(2);
    assertThat(test.runsOn().labelsExpression().value()).isEqualTo("${{ matrix.os }}");
    assertThat(test.steps().get(0).exec()).isInstanceOfSatisfying(Step.Run.class,
        r -> assertThat(r.shell().value()).isEqualTo("bash"));
    assertThat(test.steps().get(1).exec()).isInstanceOfSatisfying(Step.Action.class,
        a -> assertThat(a.inputs().get("who").value().value()).isEqualTo("world"));
    Job deploy = w.jobs().get("deploy");
    assertThat(deploy.needs()).extracting(Str::value).containsExactly("test");
    assertThat(deploy.call().uses().value()).isEqualTo("./.github/workflows/deploy.yml");
    assertThat(deploy.call().inheritSecrets()).isTrue();
  }

  @Test
  void anchorsAndAliasesAreFollowed() {
    Workflow w = read("""
        on: push
        jobs:
          a:
            runs-on: ubuntu-latest
            env: &shared
              MODE: test
            steps: [{run: echo}]
          b:
            runs-on: ubuntu-latest
            env: *shared
            steps: [{run: echo}]
        """);
    assertThat(w.jobs().get("b").env().vars().get("MODE").value().value()).isEqualTo("test");
  }

  @Test
  void offsetsInsideABlockScalarLandOnTheirOwnLine() {
    Workflow w = read("""
        on: push
        jobs:
          a:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  echo one
                  echo "${{ github.ref }}"
        """);
    Str script = ((Step.Run) w.jobs().get("a").steps().get(0).exec()).script();
    int at = script.value().indexOf("${{");
    assertThat(script.posAt(at)).isEqualTo(new Pos(8, 17));
  }

  @Test
  void quotedAndFoldedStringsPlaceTheirTemplates() {
    Workflow w = read("""
        on: push
        jobs:
          a:
            runs-on: ubuntu-latest
            steps:
              - run: "echo ${{ github.ref }}"
              - run: >
                  echo
                  ${{ github.sha }}
        """);
    Str quoted = ((Step.Run) w.jobs().get("a").steps().get(0).exec()).script();
    assertThat(quoted.posAt(quoted.value().indexOf("${{"))).isEqualTo(new Pos(6, 20));
    Str folded = ((Step.Run) w.jobs().get("a").steps().get(1).exec()).script();
    assertThat(folded.posAt(folded.value().indexOf("${{"))).isEqualTo(new Pos(9, 11));
  }

  @Test
  void shapeProblemsAreAllReportedWithTheirPlace() {
    assertThat(problems("""
        on: push
        jobs:
          a:
            runs-on: ubuntu-latest
            runs-on: ubuntu-latest
            timeout-minutes: soon
            stpes: []
            steps:
              - run: echo
                uses: actions/checkout@v4
        """)).containsExactly(
            "5:5 key \"runs-on\" is duplicated in \"a\" job. previously defined at line:4,col:5",
            "6:22 expecting a single ${{...}} expression or float number literal, but found plain text node",
            "7:5 unexpected key \"stpes\" for \"job\" section. expected one of \"concurrency\", \"container\", "
                + "\"continue-on-error\", \"defaults\", \"env\", \"environment\", \"if\", \"name\", \"needs\", \"outputs\", "
                + "\"permissions\", \"runs-on\", \"secrets\", \"services\", \"snapshot\", \"steps\", \"strategy\", "
                + "\"timeout-minutes\", \"uses\", \"with\"",
            "10:9 this step is for running shell command since it contains at least one of \"run\", \"shell\" keys, "
                + "but also contains \"uses\" key which is used for running action");
  }

  @Test
  void brokenYamlIsOneProblemNotAnException() {
    WorkflowParser.Result r = WorkflowParser.parse("on: push\njobs:\n  a: [unclosed\n");
    assertThat(r.workflow()).isNull();
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.message()).startsWith("could not parse as YAML");
      assertThat(p.pos().line()).isGreaterThanOrEqualTo(3);
    });
  }

  @Test
  void anEmptyFileIsAnEmptyWorkflow() {
    assertThat(problems("")).containsExactly("1:1 workflow is empty");
    assertThat(problems("# only a comment\n")).containsExactly("1:1 workflow is empty");
  }
}
