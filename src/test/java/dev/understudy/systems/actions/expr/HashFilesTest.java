package dev.understudy.systems.actions.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashFilesTest {

  @TempDir Path ws;
  private EvalContext ctx;

  @BeforeEach
  void files() throws IOException {
    write("package-lock.json", "lock");
    write("src/a.js", "A");
    write("src/lib/b.js", "B");
    write("src/lib/c.ts", "C");
    write("node_modules/x/index.js", "X");
    write(".github/workflows/ci.yml", "on: push");
    ctx = EvalContext.builder().workspace(ws).build();
  }

  private void write(String rel, String content) throws IOException {
    Path p = ws.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private String hash(String args) {
    return (String) ExprEvaluator.evaluate("hashFiles(" + args + ")", ctx);
  }

  /** The runner's algorithm, written out independently: sha256 of the files' sha256 digests in path order. */
  private static String expected(String... contentsInPathOrder) throws Exception {
    ByteArrayOutputStream digests = new ByteArrayOutputStream();
    for (String c : contentsInPathOrder) {
      digests.write(MessageDigest.getInstance("SHA-256").digest(c.getBytes(StandardCharsets.UTF_8)));
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(digests.toByteArray()));
  }

  @Test
  void oneFile() throws Exception {
    assertThat(hash("'package-lock.json'")).isEqualTo(expected("lock"));
    assertThat(hash("'**/package-lock.json'")).isEqualTo(expected("lock"));
    assertThat(hash("'./package-lock.json'")).isEqualTo(expected("lock"));
  }

  @Test
  void globstarMatchesAllDepthsSortedByPath() throws Exception {
    // node_modules/x/index.js < src/a.js < src/lib/b.js (ordinal)
    assertThat(hash("'**/*.js'")).isEqualTo(expected("X", "A", "B"));
    assertThat(hash("'src/**/*.js'")).isEqualTo(expected("A", "B"));
    assertThat(hash("'src/*.js'")).isEqualTo(expected("A"));
    assertThat(hash("'src/lib/?.ts'")).isEqualTo(expected("C"));
    assertThat(hash("'src/lib/[bc].*'")).isEqualTo(expected("B", "C"));
    assertThat(hash("'src/lib/[!b].*'")).isEqualTo(expected("C"));
  }

  @Test
  void patternOrderAndArgumentOrderDoNotChangeTheHash() {
    String one = hash("'src/a.js', 'src/lib/b.js'");
    assertThat(one).isEqualTo(hash("'src/lib/b.js', 'src/a.js'"));
    assertThat(one).isEqualTo(hash("'src/lib/b.js\nsrc/a.js'"));
    assertThat(one).isNotEqualTo(hash("'src/a.js'"));
  }

  @Test
  void equalInputsGiveEqualHashesAndContentMatters() throws IOException {
    String before = hash("'src/**'");
    assertThat(hash("'src/**'")).isEqualTo(before);
    write("src/a.js", "changed");
    assertThat(hash("'src/**'")).isNotEqualTo(before).hasSize(64);
  }

  @Test
  void exclusions() throws Exception {
    assertThat(hash("'**/*.js', '!node_modules/**'")).isEqualTo(expected("A", "B"));
    assertThat(hash("'**/*.js', '!**/lib/**'")).isEqualTo(expected("X", "A"));
    // A directory pattern covers what is under it, both ways.
    assertThat(hash("'**/*.js', '!node_modules'")).isEqualTo(expected("A", "B"));
    assertThat(hash("'src'")).isEqualTo(expected("A", "B", "C"));
    // The last matching pattern decides.
    assertThat(hash("'!src/a.js', 'src/*.js'")).isEqualTo(expected("A"));
  }

  @Test
  void dotFilesMatch() throws Exception {
    assertThat(hash("'**/*.yml'")).isEqualTo(expected("on: push"));
    assertThat(hash("'.github/**'")).isEqualTo(expected("on: push"));
  }

  @Test
  void absolutePatternsInsideTheWorkspace() throws Exception {
    assertThat(hash("'" + ws.toAbsolutePath() + "/src/a.js'")).isEqualTo(expected("A"));
    assertThat(hash("'/definitely/elsewhere/**'")).isEmpty();
  }

  @Test
  void nothingMatchedIsEmpty() {
    assertThat(hash("'**/*.rb'")).isEmpty();
    assertThat(hash("'src/lib'  , '!src/**'")).isEmpty();
    assertThat(hash("'# only a comment'")).isEmpty();
  }

  @Test
  void aMatchedDirectoryBringsItsFilesNotItself() throws Exception {
    // As @actions/glob does (implicit descendants): src/* matches the directory src/lib too.
    assertThat(hash("'src/*'")).isEqualTo(expected("A", "B", "C"));
    assertThat(hash("'src/*'")).isEqualTo(hash("'src/**'"));
    // A trailing slash matches directories only: src/a.js stays, src/lib goes.
    assertThat(hash("'src/*', '!src/*/'")).isEqualTo(expected("A"));
    assertThat(hash("'src/lib/'")).isEqualTo(expected("B", "C"));
    assertThat(hash("'src/a.js/'")).isEmpty();
  }

  @Test
  void needsAWorkspace() {
    assertThatThrownBy(() -> ExprEvaluator.evaluate("hashFiles('x')", EvalContext.builder().build()))
        .isInstanceOf(ExprEvaluationException.class)
        .hasMessageContaining("workspace");
  }

  @Test
  void globTranslation() {
    assertThat("a/b/c.js").matches(HashFiles.toRegex("**/*.js"));
    assertThat("c.js").matches(HashFiles.toRegex("**/*.js"));
    assertThat("a/c.js").matches(HashFiles.toRegex("a/**/c.js"));
    assertThat("a/x/y/c.js").matches(HashFiles.toRegex("a/**/c.js"));
    assertThat("ab/c.js").doesNotMatch(HashFiles.toRegex("a/**/c.js"));
    assertThat("a/b").doesNotMatch(HashFiles.toRegex("*"));
    assertThat("a+b(1).js").matches(HashFiles.toRegex("a+b(1).js"));
    assertThat("axb(1).js").doesNotMatch(HashFiles.toRegex("a.b(1).js"));
  }
}
