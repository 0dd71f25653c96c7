package dev.understudy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DaemonLauncherTest {
  @Test
  void vforkOnlyWhereTheJdkStillHasIt() {
    assertThat(DaemonLauncher.jvmFlags(17)).contains("-Djdk.lang.Process.launchMechanism=VFORK", "-XX:+UseSerialGC", "-Xmn1536k");
    assertThat(DaemonLauncher.jvmFlags(21)).contains("-Djdk.lang.Process.launchMechanism=VFORK");
    assertThat(DaemonLauncher.jvmFlags(25)).noneMatch(f -> f.contains("launchMechanism")).contains("-XX:+UseSerialGC");
  }
}
