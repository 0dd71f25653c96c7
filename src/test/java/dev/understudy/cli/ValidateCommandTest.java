package dev.understudy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path tmp;

  @Test
  void theProjectIsTheNearestFolderWithWorkflowsOrANetlifySite() throws IOException {
    Path deep = Files.createDirectories(tmp.resolve("site/src/lib"));
    assertThat(ValidateCommand.project(deep)).isNull();
    Files.writeString(tmp.resolve("site/netlify.toml"), "");
    assertThat(ValidateCommand.project(deep)).isEqualTo(tmp.resolve("site"));
    Files.createDirectories(tmp.resolve("site/src/netlify/functions"));
    assertThat(ValidateCommand.project(deep)).isEqualTo(tmp.resolve("site/src"));
    Files.createDirectories(tmp.resolve("site/src/lib/.github/workflows"));
    assertThat(ValidateCommand.project(deep)).isEqualTo(deep);
  }
}
