package dev.understudy.systems.netlify.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.netlify.site.FunctionsFolder.Found;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionsFolderTest {
  @TempDir Path dir;

  private void touch(String... paths) throws IOException {
    for (String p : paths) {
      Path f = dir.resolve(p);
      Files.createDirectories(f.getParent());
      Files.writeString(f, "export default () => {}\n");
    }
  }

  private String mainOf(List<Found> found, String name) {
    return found.stream().filter(f -> f.name().equals(name)).findFirst().map(f -> dir.relativize(f.mainFile()).toString())
        .orElse(null);
  }

  @Test
  void filesWithFunctionExtensionsAreFunctionsNamedWithoutTheExtension() throws IOException {
    touch("a.js", "b.mjs", "c.cjs", "d.ts", "e.tsx", "f.mts", "g.cts", "README.md", "data.json", "main.go", "binary");
    assertThat(FunctionsFolder.list(dir)).extracting(Found::name).containsExactly("a", "b", "c", "d", "e", "f", "g");
  }

  @Test
  void aDirectorysMainFileIsTheFirstOfNetlifysOrder() throws IOException {
    touch("one/one.js", "one/index.js", "two/index.js", "two/two.mjs", "three/index.ts", "three/three.mjs",
        "four/four.cts", "four/index.tsx", "five/lib.js", "five/package.json");
    List<Found> found = FunctionsFolder.list(dir);
    assertThat(mainOf(found, "one")).isEqualTo("one/one.js");
    assertThat(mainOf(found, "two")).isEqualTo("two/index.js");
    assertThat(mainOf(found, "three")).isEqualTo("three/index.ts");
    assertThat(mainOf(found, "four")).isEqualTo("four/index.tsx");
    assertThat(mainOf(found, "five")).as("a directory without a main file is no function").isNull();
    assertThat(found).filteredOn(Found::directory).extracting(f -> f.srcPath().getFileName().toString())
        .containsExactly("four", "one", "three", "two");
  }

  @Test
  void aDirectoryWinsOverAFileOfTheSameNameAndTheFirstExtensionWinsAmongFiles() throws IOException {
    touch("tie.js", "tie/index.mjs", "ext.ts", "ext.mjs", "ext.js", "ext2.cjs", "ext2.mjs", "ext3.cts", "ext3.mts",
        "ext4.tsx", "ext4.ts");
    List<Found> found = FunctionsFolder.list(dir);
    assertThat(found).extracting(Found::name).containsExactly("ext", "ext2", "ext3", "ext4", "tie");
    assertThat(mainOf(found, "tie")).isEqualTo("tie/index.mjs");
    assertThat(mainOf(found, "ext")).isEqualTo("ext.js");
    assertThat(mainOf(found, "ext2")).isEqualTo("ext2.mjs");
    assertThat(mainOf(found, "ext3")).isEqualTo("ext3.mts");
    assertThat(mainOf(found, "ext4")).isEqualTo("ext4.ts");
  }

  @Test
  void aPrebuiltZipTakesPartInThePrecedenceButIsMarked() throws IOException {
    touch("zipped.zip", "zipped.mjs");
    List<Found> found = FunctionsFolder.list(dir);
    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("zipped");
      assertThat(f.prebuiltZip()).isTrue();
    });
  }

  @Test
  void nodeModulesIsSkippedButDotfilesAreNot() throws IOException {
    touch("node_modules/index.js", "node_modules/x.js", ".hidden.js", ".eslintrc", "_shared/helpers.js");
    assertThat(FunctionsFolder.list(dir)).extracting(Found::name).containsExactly(".hidden");
  }

  @Test
  void extensionsAreReadAsNodeReadsThem() {
    assertThat(FunctionsFolder.extension(".hidden")).isEmpty();
    assertThat(FunctionsFolder.extension(".hidden.js")).isEqualTo(".js");
    assertThat(FunctionsFolder.extension("my.func")).isEqualTo(".func");
    assertThat(FunctionsFolder.extension("..")).isEmpty();
  }
}
