package dev.understudy.systems.actions.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCommandsTest {
  @TempDir Path tmp;

  @Test
  void firstOfEqualsOrHeredocDecides() {
    Map<String, String> m = FileCommands.parseEntries("a=b<<c\r\nd<<X\r\ne=f\r\nX\n\nlast=\n", "GITHUB_OUTPUT");
    assertThat(m).containsExactly(Map.entry("a", "b<<c"), Map.entry("d", "e=f"), Map.entry("last", ""));
  }

  @Test
  void laterEntryWins() {
    assertThat(FileCommands.parseEntries("k=1\nk=2\n", "GITHUB_ENV")).containsExactly(Map.entry("k", "2"));
  }

  @Test
  void emptyHeredocValueAndDelimiterLookalikes() {
    assertThat(FileCommands.parseEntries("k<<EOF\nEOF\nj<<EOF\n EOF\nEOFX\nEOF", "GITHUB_ENV"))
        .containsExactly(Map.entry("k", ""), Map.entry("j", " EOF\nEOFX"));
  }

  @Test
  void badLinesSayWhereAndHowToFix() {
    assertThatThrownBy(() -> FileCommands.parseEntries("ok=1\njust text\n", "GITHUB_ENV"))
        .hasMessageContaining("$GITHUB_ENV line 2").hasMessageContaining("name=value or name<<DELIMITER");
    assertThatThrownBy(() -> FileCommands.parseEntries("=v", "GITHUB_OUTPUT")).hasMessageContaining("no name");
    assertThatThrownBy(() -> FileCommands.parseEntries("k<<", "GITHUB_OUTPUT")).hasMessageContaining("no delimiter");
    assertThatThrownBy(() -> FileCommands.parseEntries("k<<EOF\nv", "GITHUB_OUTPUT"))
        .isInstanceOf(StepException.class).hasMessageContaining("never closed");
  }

  @Test
  void pathFileAndPrepending() throws Exception {
    Path f = tmp.resolve("p");
    Files.writeString(f, "/a\n\n  /b  \n/a\n");
    List<String> added = FileCommands.readPath(f);
    assertThat(added).containsExactly("/b", "/a");
    assertThat(FileCommands.prependPath("/usr/bin:/bin", added)).isEqualTo("/a:/b:/usr/bin:/bin");
    assertThat(FileCommands.prependPath("", List.of("/x"))).isEqualTo("/x");
  }

  @Test
  void createMakesFreshEmptyFiles() throws Exception {
    FileCommands f = FileCommands.create(tmp.resolve("cmds"), "k1");
    Files.writeString(f.output(), "x=1");
    FileCommands again = FileCommands.create(tmp.resolve("cmds"), "k1");
    assertThat(Files.size(again.output())).isZero();
    assertThat(f.variables()).containsOnlyKeys("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY", "GITHUB_STATE");
  }
}
