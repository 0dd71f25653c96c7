package dev.understudy.systems.pm2.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.config.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pm2BinaryTest {
  @TempDir Path dir;

  Path program(String rel, boolean executable) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    return p;
  }

  @Test
  void findsPm2OnPathInOrderSkippingWhatIsNotExecutable() throws IOException {
    program("a/pm2", false);
    Path b = program("b/pm2", true);
    program("c/pm2", true);
    String path = dir.resolve("a") + ":" + dir.resolve("none") + "::" + dir.resolve("b") + ":" + dir.resolve("c");
    assertThat(Pm2Binary.find(Optional.empty(), path)).contains(b);
    assertThat(Pm2Binary.find(Optional.empty(), dir.resolve("a").toString())).isEmpty();
    assertThat(Pm2Binary.find(Optional.empty(), null)).isEmpty();
  }

  @Test
  void aConfiguredPathIsUsedAsItIsAndANameIsLookedUp() throws IOException {
    Path custom = program("tools/pm2-7", true);
    assertThat(Pm2Binary.find(Optional.of(custom.toString()), "")).contains(custom);
    assertThat(Pm2Binary.find(Optional.of(dir.resolve("tools/missing").toString()), "")).isEmpty();
    assertThat(Pm2Binary.find(Optional.of("pm2-7"), dir.resolve("tools").toString())).contains(custom);
    assertThat(Pm2Binary.find(Optional.of("  "), dir.resolve("tools").toString())).as("blank means pm2").isEmpty();
  }

  @Test
  void modeIsFailoverWithPm2ReplaceWithoutUnlessSetByHand() {
    Optional<Path> found = Optional.of(Path.of("/usr/bin/pm2"));
    assertThat(Pm2Binary.mode(Optional.empty(), found)).isEqualTo(Mode.FAILOVER);
    assertThat(Pm2Binary.mode(Optional.empty(), Optional.empty())).isEqualTo(Mode.REPLACE);
    assertThat(Pm2Binary.mode(Optional.of(Mode.OFF), found)).isEqualTo(Mode.OFF);
    assertThat(Pm2Binary.mode(Optional.of(Mode.FAILOVER), Optional.empty())).isEqualTo(Mode.FAILOVER);
  }
}
