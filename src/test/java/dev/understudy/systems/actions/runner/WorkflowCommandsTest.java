package dev.understudy.systems.actions.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowCommandsTest {
  final List<String> lines = new ArrayList<>();
  final WorkflowCommands commands = new WorkflowCommands(new Masker(), lines::add, null, false, false);

  @Test
  void parsesNamePropertiesAndData() {
    WorkflowCommands.Command c = WorkflowCommands.parse("  ::error file=a.js,line=3 , title=x%2Cy%3Az::m%3A%0Ab%25").orElseThrow();
    assertThat(c.name()).isEqualTo("error");
    assertThat(c.properties()).containsExactly(Map.entry("file", "a.js"), Map.entry("line", "3 "),
        Map.entry(" title", "x,y:z"));
    assertThat(c.data()).isEqualTo("m%3A\nb%");
  }

  @Test
  void notCommands() {
    assertThat(WorkflowCommands.parse("echo ::error::x")).isEmpty();
    assertThat(WorkflowCommands.parse("::error")).isEmpty();
    assertThat(WorkflowCommands.parse("::::data")).isEmpty();
    assertThat(WorkflowCommands.parse("")).isEmpty();
  }

  @Test
  void propertiesWithoutValueAreDropped() {
    assertThat(WorkflowCommands.parse("::warning title=,file=f::x").orElseThrow().properties()).containsOnlyKeys("file");
  }

  @Test
  void unescapeDecodesEachSequenceOnce() {
    assertThat(WorkflowCommands.unescape("%250A", false)).isEqualTo("%0A");
    assertThat(WorkflowCommands.unescape("100%", false)).isEqualTo("100%");
    assertThat(WorkflowCommands.unescape("%2C%3A", false)).isEqualTo("%2C%3A");
    assertThat(WorkflowCommands.unescape("%0d", false)).isEqualTo("%0d");
    String raw = "a%b\r\nc:d,e";
    assertThat(WorkflowCommands.unescape(WorkflowCommands.escape(raw, true), true)).isEqualTo(raw);
  }

  @Test
  void missingNameFailsTheCommand() {
    commands.accept("::set-output::v");
    WorkflowCommands.Effects fx = commands.effects();
    assertThat(fx.failed()).isTrue();
    assertThat(lines).containsExactly("##[error]Unable to process command '::set-output::v' successfully.",
        "##[error]Required field 'name' is missing in ##[set-output] command.");
  }

  @Test
  void echoOnShowsCommandsButNeverAddMask() {
    commands.accept("::echo::on");
    commands.accept("::add-mask::hidden-value");
    commands.accept("::notice::hi hidden-value");
    commands.accept("::echo::off");
    commands.accept("::notice::quiet");
    assertThat(lines).containsExactly("::notice::hi ***",
        "##[notice]hi ***", "::echo::off", "##[notice]quiet");
  }

  @Test
  void emptyAddMaskWarns() {
    commands.accept("::add-mask::");
    assertThat(commands.effects().annotations()).singleElement()
        .extracting(Annotation::level).isEqualTo(Annotation.Level.WARNING);
  }

  @Test
  void stopTokenMustNotBeEmptyOrACommand() {
    commands.accept("::stop-commands::");
    commands.accept("::stop-commands::error");
    assertThat(commands.effects().failed()).isTrue();
    commands.accept("::error::still a command");
    assertThat(lines).contains("##[error]still a command");
  }

  @Test
  void annotationPositionsThatAreNotNumbersAreDropped() {
    commands.accept("::warning line=abc,col=4::w");
    assertThat(commands.effects().annotations()).containsExactly(
        new Annotation(Annotation.Level.WARNING, "w", null, null, null, 4, null, null));
  }
}
