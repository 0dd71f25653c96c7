package dev.understudy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StartupCommandTest {
  @Test
  void theUnitStartsTheDaemonInTheForegroundAndRestartsItOnFailure() {
    String unit = StartupCommand.unit(Path.of("/srv/my site"), Path.of("/opt/understudy/understudy"), Path.of("/var/lib/us"), true);
    assertThat(unit)
        .contains("ExecStart=/opt/understudy/understudy start --foreground --project \"/srv/my site\"\n")
        .contains("Environment=UNDERSTUDY_HOME=/var/lib/us\n")
        .contains("Restart=on-failure\n")
        .contains("WantedBy=multi-user.target\n");
    assertThat(StartupCommand.unit(Path.of("/p"), Path.of("/u"), Path.of("/h"), false))
        .contains("WantedBy=default.target").doesNotContain("User=");
  }
}
