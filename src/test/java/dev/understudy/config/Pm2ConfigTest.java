package dev.understudy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pm2.home, pm2.takeoverAfter, pm2.watchInterval, pm2.bin, pm2.warmSpare and how pm2.mode is left to discovery. */
class Pm2ConfigTest {
  @TempDir Path dir;

  UnderstudyConfig.Pm2 load(String yaml, Map<String, String> env) throws IOException {
    if (yaml != null) Files.writeString(dir.resolve("understudy.yml"), yaml);
    return new ConfigLoader(env).read(dir).pm2();
  }

  @Test
  void defaults() throws IOException {
    UnderstudyConfig.Pm2 p = load(null, Map.of());
    assertThat(p.home()).isEqualTo(Path.of(System.getProperty("user.home"), ".pm2"));
    assertThat(p.takeoverAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.watchInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.bin()).isEmpty();
    assertThat(p.mode()).as("left to discovery").isEmpty();
    assertThat(p.warmSpare()).isEqualTo(UnderstudyConfig.Pm2.WarmSpare.CRASHED);
  }

  @Test
  void homeComesFromPm2HomeWhenTheFileSaysNothing() throws IOException {
    assertThat(load(null, Map.of("PM2_HOME", "/srv/pm2")).home()).isEqualTo(Path.of("/srv/pm2"));
    assertThat(load("pm2: {home: /opt/pm2}\n", Map.of("PM2_HOME", "/srv/pm2")).home()).isEqualTo(Path.of("/opt/pm2"));
  }

  @Test
  void readsEveryKey() throws IOException {
    Path bin = dir.resolve("bin/pm2");
    Files.createDirectories(bin.getParent());
    Files.writeString(bin, "#!/bin/sh\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    UnderstudyConfig.Pm2 p = load("""
        pm2:
          mode: replace
          home: pm2-home
          takeoverAfter: 30s
          watchInterval: 500ms
          bin: bin/pm2
          warmSpare: always
        """, Map.of());
    assertThat(p.warmSpare()).isEqualTo(UnderstudyConfig.Pm2.WarmSpare.ALWAYS);
    assertThat(load("pm2: {warmSpare: never}\n", Map.of()).warmSpare()).isEqualTo(UnderstudyConfig.Pm2.WarmSpare.NEVER);
    assertThat(p.home()).isEqualTo(dir.toAbsolutePath().normalize().resolve("pm2-home"));
    assertThat(p.takeoverAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.watchInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(p.bin()).contains(bin.toAbsolutePath().normalize().toString());
    assertThat(p.mode()).contains(Mode.REPLACE);
    assertThat(load("pm2: {bin: pm2-7}\n", Map.of()).bin()).contains("pm2-7");
  }

  @Test
  void aWrittenTopLevelModeCountsForPm2() throws IOException {
    assertThat(load("mode: off\n", Map.of()).mode()).contains(Mode.OFF);
    assertThat(load(null, Map.of("REDUNDANCY_MODE", "replace")).mode()).contains(Mode.REPLACE);
    assertThat(load("mode: off\npm2: {mode: failover}\n", Map.of()).mode()).contains(Mode.FAILOVER);
  }

  @Test
  void badValuesSayWhereAndHowToFix() {
    String f = dir.resolve("understudy.yml").toString();
    assertThatThrownBy(() -> load("pm2:\n  takeoverAftr: 5s\n", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage(f + ":2:3: unknown key 'takeoverAftr' in 'pm2': did you mean 'takeoverAfter'?");
    assertThatThrownBy(() -> load("pm2:\n  takeoverAfter: soon\n", Map.of()))
        .hasMessageStartingWith(f + ":2:18: 'pm2.takeoverAfter': 'soon' is not a duration");
    assertThatThrownBy(() -> load("pm2:\n  takeoverAfter: 2h\n", Map.of())).hasMessageContaining("use at most 1h");
    assertThatThrownBy(() -> load("pm2:\n  watchInterval: 10ms\n", Map.of())).hasMessageContaining("use 100ms to 10m");
    assertThatThrownBy(() -> load("pm2:\n  bin: ./nowhere/pm2\n", Map.of()))
        .hasMessageStartingWith(f + ":2:8: 'pm2.bin' is ").hasMessageContaining("not an executable file")
        .hasMessageContaining("leave it out for pm2 on PATH");
    assertThatThrownBy(() -> load("pm2:\n  mode: sometimes\n", Map.of())).hasMessageContaining("not a mode");
    assertThatThrownBy(() -> load("pm2:\n  warmSpare: yes\n", Map.of()))
        .hasMessageStartingWith(f + ":2:14: 'pm2.warmSpare' is 'yes'").hasMessageContaining("use crashed");
  }
}
