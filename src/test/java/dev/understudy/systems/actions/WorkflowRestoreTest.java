package dev.understudy.systems.actions;

import dev.understudy.engine.keep.GoodCopies;
import dev.understudy.engine.keep.RejectedCopies;
import dev.understudy.engine.keep.Restorer;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowRestoreTest {
  @TempDir Path tmp;

  @Test
  void namesResolveWithOrWithoutTheExtension() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("p"));
    Path wf = Files.createDirectories(project.resolve(".github/workflows"));
    Files.writeString(wf.resolve("ci.yml"), "a: 1\n");
    Files.writeString(wf.resolve("both.yml"), "a: 1\n");
    Files.writeString(wf.resolve("both.yaml"), "a: 1\n");
    GoodCopies backups = GoodCopies.forProject(tmp.resolve("b"), project, "workflows", ".yml", 5);
    backups.save("gone.yaml", "a: 2\n".getBytes(UTF_8));
    WorkflowRestore r = new WorkflowRestore(project, backups, RejectedCopies.forProject(tmp.resolve("r"), project, "workflows", ".yml"));
    assertThat(r.resolve("ci")).isEqualTo("ci.yml");
    assertThat(r.resolve("ci.yml")).isEqualTo("ci.yml");
    assertThat(r.resolve("gone")).isEqualTo("gone.yaml"); // known from its good copies only
    assertThat(r.resolve("both.yaml")).isEqualTo("both.yaml");
    assertThatThrownBy(() -> r.resolve("both")).hasMessage("'both' matches both.yml and both.yaml: name the file with its extension");
    assertThatThrownBy(() -> r.resolve("cj")).hasMessageContaining("did you mean 'ci.yml'?");
    assertThatThrownBy(() -> r.plan("ci.yml", 1)).hasMessageContaining("no good copy of ci.yml is stored");
  }

  @Test
  void applyKeepsWhatItReplacesAndRecreatesAMissingFile() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("p"));
    GoodCopies backups = GoodCopies.forProject(tmp.resolve("b"), project, "workflows", ".yml", 5);
    backups.save("ci.yml", "v1\n".getBytes(UTF_8));
    backups.save("ci.yml", "v2\n".getBytes(UTF_8));
    RejectedCopies rejected = RejectedCopies.forProject(tmp.resolve("r"), project, "workflows", ".yml");
    WorkflowRestore r = new WorkflowRestore(project, backups, rejected);

    Restorer.Plan missing = r.plan("ci.yml", 1); // not even the directory exists
    assertThat(missing.current()).isEmpty();
    assertThat(r.apply(missing).kept()).isEmpty();
    Path file = project.resolve(".github/workflows/ci.yml");
    assertThat(Files.readString(file)).isEqualTo("v2\n");

    Files.writeString(file, "broken: [\n");
    Restorer.Plan older = r.plan("ci.yml", 2);
    assertThat(older.diff()).contains("-broken: [\n").contains("+v1\n");
    Restorer.Done done = r.apply(older);
    assertThat(Files.readString(file)).isEqualTo("v1\n");
    assertThat(Files.readString(done.kept().orElseThrow())).isEqualTo("broken: [\n");
    assertThat(done.kept().orElseThrow()).startsWith(rejected.root().resolve("ci.yml"));

    Restorer.Plan same = r.plan("ci.yml", 2);
    assertThat(same.changes()).isFalse();
    assertThat(same.diff()).isEmpty();
    assertThatThrownBy(() -> r.plan("ci.yml", 3)).hasMessageContaining("--to 3 is out of range: ci.yml has 2 good copies");
  }
}
