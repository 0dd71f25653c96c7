package dev.understudy.systems.actions.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {
  @TempDir Path tmp;
  final String path = System.getenv("PATH");

  @Test
  void table() {
    Path script = Path.of("/t/s");
    assertThat(Shell.resolve(null, path).argv(script)).endsWith("-e", "/t/s").first().asString().endsWith("/bash");
    assertThat(Shell.resolve("BASH", path).argv(script)).endsWith("--noprofile", "--norc", "-eo", "pipefail", "/t/s");
    assertThat(Shell.resolve("sh", path).argv(script)).endsWith("-e", "/t/s").first().asString().endsWith("/sh");
    Shell py = Shell.resolve("python", path);
    assertThat(py.extension()).isEqualTo(".py");
    assertThat(py.template().get(0)).matches(".*/python3?");
    assertThat(Shell.resolve("python3 -u {0}", path).extension()).isEqualTo(".py");
    assertThat(Shell.resolve("perl {0}", path + ":/usr/bin").extension()).isEmpty();
  }

  @Test
  void defaultFallsBackToShWithoutBash() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path sh = bin.resolve("sh");
    Files.writeString(sh, "#!/bin/true\n");
    Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(Shell.resolve("", bin.toString()).template()).containsExactly(sh.toString(), "-e", "{0}");
  }

  @Test
  void pwshWhenPresentOtherwiseAClearError() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    assertThatThrownBy(() -> Shell.resolve("pwsh", bin.toString())).isInstanceOf(StepException.class)
        .hasMessageContaining("shell: pwsh needs pwsh on PATH");
    Path pwsh = bin.resolve("pwsh");
    Files.writeString(pwsh, "#!/bin/true\n");
    Files.setPosixFilePermissions(pwsh, PosixFilePermissions.fromString("rwxr-xr-x"));
    Shell s = Shell.resolve("pwsh", bin.toString());
    assertThat(s.argv(Path.of("/t/a.ps1"))).containsExactly(pwsh.toString(), "-command", ". '/t/a.ps1'");
    assertThat(s.scriptContent("Write-Output 1")).startsWith("$ErrorActionPreference = 'stop'\n")
        .contains("exit $LASTEXITCODE");
  }

  @Test
  void customTemplates() {
    assertThatThrownBy(() -> Shell.resolve("fish", path)).hasMessageContaining("must hold {0}");
    assertThatThrownBy(() -> Shell.resolve("{0} x", path)).hasMessageContaining("must start with the program");
    assertThatThrownBy(() -> Shell.resolve("no-such-program-xyz {0}", path)).hasMessageContaining("no-such-program-xyz on PATH");
    assertThat(Shell.resolve("/bin/sh -x {0} --", path).argv(Path.of("/s"))).containsExactly("/bin/sh", "-x", "/s", "--");
    assertThat(Shell.resolve("bash", path).scriptContent("a\r\nb")).isEqualTo("a\nb");
  }
}
