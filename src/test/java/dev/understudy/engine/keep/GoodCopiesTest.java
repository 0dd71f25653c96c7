package dev.understudy.engine.keep;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.understudy.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoodCopiesTest {
  static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(T0);

  GoodCopies store(int keep) {
    return new GoodCopies(dir.resolve("workflows"), keep, ".yml", clock);
  }

  GoodCopies.Saved save(GoodCopies s, String workflow, String text) throws IOException {
    clock.advance(Duration.ofSeconds(1));
    return s.save(workflow, text.getBytes(UTF_8));
  }

  static List<String> texts(GoodCopies s, String workflow) {
    return s.history(workflow).stream().map(c -> {
      try {
        return new String(s.read(c), UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  @Test
  void copiesAreNamedByTheirSha256AndKeepTheExactBytes() throws IOException {
    GoodCopies s = store(20);
    byte[] bytes = "name: ci\r\non: push\n\u00e9\t \n".getBytes(UTF_8);
    GoodCopies.Copy c = s.save("ci.yml", bytes).copy();
    String sha = GoodCopies.sha256(bytes);
    assertThat(c.sha256()).isEqualTo(sha).hasSize(64);
    assertThat(c.file()).isEqualTo(dir.resolve("workflows/ci.yml/" + sha + ".yml"));
    assertThat(Files.readAllBytes(c.file())).isEqualTo(bytes);
    assertThat(s.read(c)).isEqualTo(bytes);
    assertThat(c.number()).isEqualTo(1);
    assertThat(c.size()).isEqualTo(bytes.length);
    assertThat(c.savedAt()).isEqualTo(T0);
    assertThat(dir.resolve("workflows/ci.yml/index")).exists();
  }

  @Test
  void historyIsNewestFirstAndPerWorkflow() throws IOException {
    GoodCopies s = store(20);
    save(s, "ci.yml", "v1");
    save(s, "ci.yml", "v2");
    save(s, "deploy.yaml", "d1");
    save(s, "ci.yml", "v3");
    assertThat(texts(s, "ci.yml")).containsExactly("v3", "v2", "v1");
    assertThat(s.history("ci.yml")).extracting(GoodCopies.Copy::number).containsExactly(1, 2, 3);
    assertThat(s.history("ci.yml").get(0).savedAt()).isAfter(s.history("ci.yml").get(1).savedAt());
    assertThat(texts(s, "deploy.yaml")).containsExactly("d1");
    assertThat(s.names()).containsExactly("ci.yml", "deploy.yaml");
    assertThat(s.copy("ci.yml", 2).map(GoodCopies.Copy::sha256)).contains(GoodCopies.sha256("v2".getBytes(UTF_8)));
    assertThat(s.copy("ci.yml", 4)).isEmpty();
    assertThat(s.copy("ci.yml", 0)).isEmpty();
    assertThat(s.history("never.yml")).isEmpty();
  }

  @Test
  void identicalBytesAreStoredOnceAndMoveToNewest() throws IOException {
    GoodCopies s = store(20);
    assertThat(save(s, "ci.yml", "a").stored()).isTrue();
    assertThat(save(s, "ci.yml", "a").stored()).isFalse(); // unchanged: nothing new
    assertThat(s.history("ci.yml")).hasSize(1);
    assertThat(s.history("ci.yml").get(0).savedAt()).isEqualTo(T0.plusSeconds(1)); // first seen, not re-stamped
    save(s, "ci.yml", "b");
    GoodCopies.Saved again = save(s, "ci.yml", "a"); // reverted to a
    assertThat(again.stored()).isFalse();
    assertThat(texts(s, "ci.yml")).containsExactly("a", "b");
    try (var files = Files.list(dir.resolve("workflows/ci.yml"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".yml"))).hasSize(2);
    }
  }

  @Test
  void retentionKeepsTheNewestAndDeletesTheRest() throws IOException {
    GoodCopies s = store(3);
    for (int i = 1; i <= 5; i++) save(s, "ci.yml", "v" + i);
    assertThat(texts(s, "ci.yml")).containsExactly("v5", "v4", "v3");
    assertThat(dir.resolve("workflows/ci.yml/" + GoodCopies.sha256("v1".getBytes(UTF_8)) + ".yml")).doesNotExist();
    assertThat(dir.resolve("workflows/ci.yml/" + GoodCopies.sha256("v2".getBytes(UTF_8)) + ".yml")).doesNotExist();
    // a smaller keep applies at the next save
    GoodCopies smaller = store(1);
    save(smaller, "ci.yml", "v6");
    assertThat(texts(smaller, "ci.yml")).containsExactly("v6");
    assertThatThrownBy(() -> store(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDamagedIndexIsTolerated() throws IOException {
    GoodCopies s = store(20);
    save(s, "ci.yml", "v1");
    save(s, "ci.yml", "v2");
    save(s, "ci.yml", "v3");
    Path index = dir.resolve("workflows/ci.yml/index");
    List<String> lines = Files.readAllLines(index);
    // garbage lines, a truncated last line, an entry whose file is gone
    Files.write(index, List.of("garbage \u0000\u0001", lines.get(1), "12 nothex 3",
        "99 " + "0".repeat(64) + " 5", lines.get(3), lines.get(2).substring(0, 20)));
    // v3 (the line at index 3), then v1; v2 lost its line: it is an unindexed copy, listed as older
    assertThat(texts(s, "ci.yml")).containsExactly("v3", "v1", "v2");
    // saving rewrites a clean index and keeps everything
    save(s, "ci.yml", "v4");
    assertThat(texts(s, "ci.yml")).containsExactly("v4", "v3", "v1", "v2");
    assertThat(Files.readString(index)).doesNotContain("garbage");
  }

  @Test
  void aLostIndexFallsBackToTheCopiesByTime() throws IOException {
    GoodCopies s = store(20);
    GoodCopies.Copy c1 = save(s, "ci.yml", "v1").copy();
    GoodCopies.Copy c2 = save(s, "ci.yml", "v2").copy();
    Files.setLastModifiedTime(c1.file(), java.nio.file.attribute.FileTime.from(T0));
    Files.setLastModifiedTime(c2.file(), java.nio.file.attribute.FileTime.from(T0.plusSeconds(60)));
    Files.delete(dir.resolve("workflows/ci.yml/index"));
    assertThat(texts(s, "ci.yml")).containsExactly("v2", "v1");
    Files.writeString(dir.resolve("workflows/ci.yml/index"), "\u00ff\u00fe not an index at all");
    assertThat(texts(s, "ci.yml")).containsExactly("v2", "v1");
  }

  @Test
  void aDamagedCopyIsDetectedAndSkipped() throws IOException {
    GoodCopies s = store(20);
    save(s, "ci.yml", "good old");
    GoodCopies.Copy newest = save(s, "ci.yml", "good new").copy();
    Files.writeString(newest.file(), "bit rot");
    assertThatThrownBy(() -> s.read(newest)).isInstanceOf(IOException.class).hasMessageContaining("damaged");
    assertThat(s.newestIntact("ci.yml").map(e -> new String(e.getValue(), UTF_8))).contains("good old");
  }

  @Test
  void namesThatWouldLeaveTheStoreAreRefused() {
    GoodCopies s = store(20);
    assertThatThrownBy(() -> s.save("../evil.yml", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.save("..", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.save(".hidden.yml", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    assertThat(s.history("../x")).isEmpty();
  }

  @Test
  void projectsGetStoresOfTheirOwn() throws IOException {
    Path a = Files.createDirectories(dir.resolve("one/site"));
    Path b = Files.createDirectories(dir.resolve("two/site"));
    assertThat(GoodCopies.projectKey(a)).startsWith("site-").isNotEqualTo(GoodCopies.projectKey(b));
    assertThat(GoodCopies.projectKey(a)).isEqualTo(GoodCopies.projectKey(dir.resolve("one/./site")));
    GoodCopies.forProject(dir.resolve("backups"), a, "workflows", ".yml", 5).save("ci.yml", "a".getBytes(UTF_8));
    assertThat(GoodCopies.forProject(dir.resolve("backups"), b, "workflows", ".yml", 5).history("ci.yml")).isEmpty();
  }

  @Test
  void aPathInsideTheKindsFolderIsOneNameAndKeepsItsSuffix() throws IOException {
    GoodCopies s = new GoodCopies(dir.resolve("functions"), 3, ".src", clock);
    save(s, "billing/index.js", "export default () => new Response('a')");
    save(s, "hello.mjs", "export default () => new Response('b')");
    assertThat(s.names()).containsExactly("billing/index.js", "hello.mjs");
    assertThat(s.history("billing/index.js").get(0).file().getFileName().toString()).endsWith(".src");
    assertThat(s.history("billing/index.js").get(0).file().getParent().getFileName().toString()).isEqualTo("billing%2Findex.js");
    assertThat(texts(s, "billing/index.js")).containsExactly("export default () => new Response('a')");
    assertThatThrownBy(() -> s.save("billing/../../x.js", new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.save("billing/.hidden", new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
  }
}
