package dev.understudy.systems.actions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.actions.rules.RunnerLabels.Entry;
import dev.understudy.systems.actions.rules.RunnerLabels.Label;
import dev.understudy.systems.actions.rules.RunnerLabels.LabelProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunnerLabelsTest {

  private static final String MATRIX = ". note: to run your job on each workers, use matrix";
  private final RunnerLabels labels = RunnerLabels.standard();

  private static Label at(String name, int line, int col) {
    return new Label(name, "line:" + line + ",col:" + col);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ubuntu-latest", "windows-latest", "macos-latest", "ubuntu-24.04", "ubuntu-22.04",
      "ubuntu-20.04", "ubuntu-24.04-arm", "macos-15", "macos-14-xlarge", "windows-11-arm", "self-hosted", "linux",
      "macos", "windows", "x64", "arm", "arm64", "Ubuntu-Latest", "SELF-HOSTED"})
  void knowsHostedAndPresetLabels(String label) {
    assertThat(labels.check(List.of(at(label, 1, 1)))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ubuntu-oldest", "macos-12", "macos-10.15", "macos-10", "linux-latest", ""})
  void reportsUnknownLabels(String label) {
    // err/invalid_runner_labels, err/macos12_runner, err/macos_10.15_removed, err/issue280_runs_on
    Label l = at(label, 5, 14);
    assertThat(labels.check(List.of(l))).singleElement().satisfies(p -> {
      assertThat(p.label()).isSameAs(l);
      assertThat(p.message()).matches("label \"" + java.util.regex.Pattern.quote(label) + "\" is unknown\\. available "
          + "labels are .+\\. if it is a custom label of a self-hosted runner, list \"self-hosted\" first in runs-on");
      assertThat(p.message()).contains("\"windows-latest\", \"windows-latest-8-cores\"", "\"self-hosted\", \"x64\", \"arm\", "
          + "\"arm64\", \"linux\", \"macos\", \"windows\". if");
    });
  }

  @Test
  void reportsConflictsAtTheLaterLabel() {
    // err/invalid_runner_labels.out: runs-on: [ubuntu-latest, windows-latest, macos-latest]
    List<Label> runsOn = List.of(at("ubuntu-latest", 8, 15), at("windows-latest", 8, 30), at("macos-latest", 8, 46));
    assertThat(labels.check(runsOn)).containsExactly(
        new LabelProblem(runsOn.get(1), "label \"windows-latest\" conflicts with label \"ubuntu-latest\" defined at line:8,col:15" + MATRIX),
        new LabelProblem(runsOn.get(2), "label \"macos-latest\" conflicts with label \"ubuntu-latest\" defined at line:8,col:15" + MATRIX));
  }

  @Test
  void checksMatrixAlternativesAgainstTheOtherEntries() {
    // err/runner_labels_conflict_matrix: os: [windows-latest, macos-latest, windows]; runs-on: [ubuntu-latest, '${{matrix.os}}']
    Label ubuntu = at("ubuntu-latest", 7, 15);
    List<Label> os = List.of(at("windows-latest", 6, 14), at("macos-latest", 6, 30), at("windows", 6, 44));
    assertThat(labels.checkEntries(List.of(Entry.of(ubuntu), new Entry(os)))).containsExactly(
        new LabelProblem(os.get(0), "label \"windows-latest\" conflicts with label \"ubuntu-latest\" defined at line:7,col:15" + MATRIX),
        new LabelProblem(os.get(1), "label \"macos-latest\" conflicts with label \"ubuntu-latest\" defined at line:7,col:15" + MATRIX),
        new LabelProblem(os.get(2), "label \"windows\" conflicts with label \"ubuntu-latest\" defined at line:7,col:15" + MATRIX));
    // ok/multi_labels_no_conflict.yaml: os: [ubuntu-22.04, linux]
    assertThat(labels.checkEntries(List.of(Entry.of(ubuntu), new Entry(List.of(at("ubuntu-22.04", 6, 14), at("linux", 6, 28))))))
        .isEmpty();
    // alternatives of one entry never conflict with each other
    assertThat(labels.checkEntries(List.of(new Entry(List.of(at("ubuntu-latest", 1, 1), at("windows-latest", 1, 2))))))
        .isEmpty();
  }

  @Test
  void judgesArchitectureAndIgnoresLabelsWithoutOs() {
    assertThat(labels.check(List.of(at("ubuntu-24.04", 1, 1), at("ubuntu-24.04-arm", 1, 20))))
        .extracting(LabelProblem::message)
        .containsExactly("label \"ubuntu-24.04-arm\" conflicts with label \"ubuntu-24.04\" defined at line:1,col:1" + MATRIX);
    assertThat(labels.check(List.of(at("self-hosted", 1, 1), at("linux", 1, 2), at("arm64", 1, 3)))).isEmpty();
    assertThat(labels.check(List.of(at("self-hosted", 1, 1), at("windows", 1, 2), at("linux", 1, 3))))
        .extracting(LabelProblem::message)
        .containsExactly("label \"linux\" conflicts with label \"windows\" defined at line:1,col:2" + MATRIX);
  }

  @Test
  void acceptsCustomLabelsWithWildcards() {
    RunnerLabels custom = new RunnerLabels(List.of("gpu-*", "big-runner"));
    assertThat(custom.isKnown("gpu-a100")).isTrue();
    assertThat(custom.isKnown("big-runner")).isTrue();
    assertThat(custom.isKnown("small-runner")).isFalse();
    assertThat(custom.check(List.of(at("small-runner", 1, 1)))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("\"windows\", \"gpu-*\", \"big-runner\". if it is"));
  }
}
