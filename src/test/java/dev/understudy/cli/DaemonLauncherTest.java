package dev.understudy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonLauncherTest {
  @Test
  void vforkOnlyWhereTheJdkStillHasIt() {
    assertThat(DaemonLauncher.jvmFlags(17)).contains("-Djdk.lang.Process.launchMechanism=VFORK", "-XX:+UseSerialGC");
    assertThat(DaemonLauncher.jvmFlags(21)).contains("-Djdk.lang.Process.launchMechanism=VFORK");
    assertThat(DaemonLauncher.jvmFlags(25)).noneMatch(f -> f.contains("launchMechanism")).contains("-XX:+UseSerialGC");
  }

  @Test
  void aSupervisorOnlyDaemonGetsTheLeanFlags(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("understudy.yml"), "githubActions: {enabled: false}\n");
    assertThat(DaemonLauncher.lean(ConfigLoader.load(dir))).isFalse(); // netlifyFunctions is on by default
    Files.writeString(dir.resolve("understudy.yml"), "githubActions: {enabled: false}\nnetlifyFunctions: {enabled: false}\n");
    assertThat(DaemonLauncher.lean(ConfigLoader.load(dir))).isTrue();
    Files.writeString(dir.resolve("understudy.yml"), "netlifyFunctions: {enabled: false}\n");
    assertThat(DaemonLauncher.lean(ConfigLoader.load(dir))).isFalse();

    assertThat(DaemonLauncher.jvmFlags(17, true)).contains("-Xint", "-XX:+UseSerialGC", "-Xmx64m")
        .noneMatch(f -> f.startsWith("-XX:TieredStopAtLevel"));
    assertThat(DaemonLauncher.jvmFlags(17, false)).contains("-XX:TieredStopAtLevel=1", "-Xmx64m")
        .doesNotContain("-Xint", "-Xmn1m");
    assertThat(DaemonLauncher.jvmFlags(17)).isEqualTo(DaemonLauncher.jvmFlags(17, false));
  }

  @Test
  void theDaemonsCommandLineForTheBackgroundAndForTheLauncherToExec(@TempDir Path dir) {
    dev.understudy.daemon.DaemonHome home = new dev.understudy.daemon.DaemonHome(dir.resolve("home"));
    java.util.List<String> lean = DaemonLauncher.command(home, dir, true);
    assertThat(lean.subList(lean.size() - 3, lean.size())).containsExactly("dev.understudy.daemon.DaemonMain", "--project", dir.toString());
    assertThat(lean).contains("-Xint").anyMatch(a -> a.contains(DaemonLauncher.LEAN_ARCHIVE));
    assertThat(DaemonLauncher.command(home, dir, false)).doesNotContain("-Xint").contains("-Dsun.net.httpserver.nodelay=true");
  }

  @Test
  void theClassArchiveIsReadWhenNewerThanTheJarAndWrittenOtherwise(@TempDir Path dir) throws Exception {
    Path jar = Files.writeString(dir.resolve("understudy.jar"), "jar");
    Path jsa = dir.resolve("daemon.jsa");
    assertThat(DaemonLauncher.classArchiveFlag(jsa, Optional.of(jar))).isEqualTo("-XX:ArchiveClassesAtExit=" + jsa);
    Files.writeString(jsa, "archive");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
    Files.setLastModifiedTime(jsa, FileTime.fromMillis(2_000_000));
    assertThat(DaemonLauncher.classArchiveFlag(jsa, Optional.of(jar))).isEqualTo("-XX:SharedArchiveFile=" + jsa);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(3_000_000)); // a new build
    assertThat(DaemonLauncher.classArchiveFlag(jsa, Optional.of(jar))).isEqualTo("-XX:ArchiveClassesAtExit=" + jsa);
    assertThat(DaemonLauncher.classArchiveFlag(jsa, Optional.empty())).startsWith("-XX:ArchiveClassesAtExit=");
  }
}
