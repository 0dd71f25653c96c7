package dev.understudy.systems.actions;

import dev.understudy.engine.keep.GoodCopies;
import dev.understudy.engine.keep.RejectedCopies;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system in-process against real files and the real WatchService. */
class ActionsSystemTest {
  static final String GOOD = "name: ci\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n";
  static final String BROKEN = "name: ci\non: [push\n";

  @TempDir Path tmp;
  ActionsSystem system;

  @AfterEach
  void close() {
    if (system != null) system.close();
  }

  ActionsSystem start(Path project, boolean autoRestore) throws Exception {
    system = new ActionsSystem(project, GoodCopies.forProject(tmp.resolve("home/backups"), project, "workflows", ".yml", 20),
        RejectedCopies.forProject(tmp.resolve("home/rejected"), project, "workflows", ".yml"), autoRestore);
    system.start();
    return system;
  }

  Optional<ActionsSystem.State> state(String name) {
    return system.workflow(name).map(ActionsSystem.Workflow::state);
  }

  @Test
  void aBrokenFileIsScheduledFromItsGoodCopyAndAMissingOneToo() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("p"));
    Path wf = Files.createDirectories(project.resolve(".github/workflows"));
    Files.writeString(wf.resolve("ci.yml"), GOOD);
    start(project, false);
    assertThat(state("ci.yml")).contains(ActionsSystem.State.VALID);
    assertThat(system.effectiveSource("ci.yml").orElseThrow().origin()).isEqualTo(ActionsSystem.Origin.FILE);

    Files.writeString(wf.resolve("ci.yml"), BROKEN);
    await().atMost(Duration.ofSeconds(5)).until(() -> state("ci.yml").equals(Optional.of(ActionsSystem.State.INVALID)));
    ActionsSystem.Workflow w = system.workflow("ci.yml").orElseThrow();
    assertThat(w.firstFinding().orElseThrow().toString()).startsWith(".github/workflows/ci.yml:3:1: could not parse as YAML");
    ActionsSystem.EffectiveSource eff = system.effectiveSource("ci.yml").orElseThrow();
    assertThat(eff.origin()).isEqualTo(ActionsSystem.Origin.BACKUP);
    assertThat(new String(eff.bytes(), UTF_8)).isEqualTo(GOOD);
    assertThat(Files.readString(wf.resolve("ci.yml"))).isEqualTo(BROKEN); // nothing written without autoRestore

    Files.delete(wf.resolve("ci.yml"));
    await().atMost(Duration.ofSeconds(5)).until(() -> state("ci.yml").equals(Optional.of(ActionsSystem.State.MISSING)));
    assertThat(new String(system.effectiveSource("ci.yml").orElseThrow().bytes(), UTF_8)).isEqualTo(GOOD);
  }

  @Test
  void theDirectoryMayAppearLaterAndANeverValidFileHasNoSource() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("p"));
    start(project, false);
    assertThat(system.workflows()).isEmpty();
    Path wf = Files.createDirectories(project.resolve(".github/workflows"));
    Files.writeString(wf.resolve("new.yaml"), GOOD);
    Files.writeString(wf.resolve("bad.yml"), BROKEN);
    Files.writeString(wf.resolve("notes.txt"), "not a workflow");
    await().atMost(Duration.ofSeconds(5)).until(() -> state("new.yaml").equals(Optional.of(ActionsSystem.State.VALID))
        && state("bad.yml").isPresent());
    assertThat(state("bad.yml")).contains(ActionsSystem.State.INVALID);
    assertThat(system.effectiveSource("bad.yml")).isEmpty();
    assertThat(system.workflows()).extracting(ActionsSystem.Workflow::name).containsExactly("bad.yml", "new.yaml");
  }

  @Test
  void autoRestoreWritesTheGoodCopyBackAndKeepsTheBrokenOne() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("p"));
    Path wf = Files.createDirectories(project.resolve(".github/workflows"));
    Files.writeString(wf.resolve("ci.yml"), GOOD);
    start(project, true);

    Files.writeString(wf.resolve("ci.yml"), BROKEN);
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(wf.resolve("ci.yml")).equals(GOOD)
        && state("ci.yml").equals(Optional.of(ActionsSystem.State.VALID)));
    assertThat(system.workflow("ci.yml").orElseThrow().lastAction()).hasValueSatisfying(a -> assertThat(a).contains("auto-restored"));
    try (var kept = Files.walk(tmp.resolve("home/rejected"))) {
      assertThat(kept.filter(Files::isRegularFile).map(p -> {
        try {
          return Files.readString(p);
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      })).containsExactly(BROKEN);
    }

    Files.delete(wf.resolve("ci.yml"));
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(wf.resolve("ci.yml")) && Files.readString(wf.resolve("ci.yml")).equals(GOOD));
  }
}
