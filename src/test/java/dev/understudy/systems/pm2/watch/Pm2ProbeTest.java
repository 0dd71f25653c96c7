package dev.understudy.systems.pm2.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a kill -9 leaves behind is not a live PM2 (without running pm2; the live cases are in Pm2WatchRealTest). */
class Pm2ProbeTest {
  @TempDir Path home;

  @Test
  void noHomeNoPidFile() {
    assertThat(new Pm2Probe(home.resolve("absent")).probe().reason()).contains("pm2.pid does not exist");
  }

  @Test
  void garbageInThePidFile() throws IOException {
    Files.writeString(home.resolve("pm2.pid"), "hello");
    Pm2Probe.Result r = new Pm2Probe(home).probe();
    assertThat(r.alive()).isFalse();
    assertThat(r.reason()).contains("holds no pid");
  }

  @Test
  void aDeadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Files.writeString(home.resolve("pm2.pid"), Long.toString(p.pid()));
    assertThat(new Pm2Probe(home).probe().reason()).contains("is not running");
  }

  @Test
  void aPidReusedByAnotherProgramIsNotPm2() throws IOException {
    Files.writeString(home.resolve("pm2.pid"), Long.toString(ProcessHandle.current().pid()));
    Files.createFile(home.resolve("rpc.sock"));
    Pm2Probe.Result r = new Pm2Probe(home).probe();
    assertThat(r.alive()).isFalse();
    assertThat(r.reason()).contains("is not a PM2 daemon");
  }

  @Test
  void aLeftoverSocketFileThatNobodyListensOn() throws IOException {
    // a fake /proc that names our own pid a God daemon, and an rpc.sock that is a plain file
    long pid = ProcessHandle.current().pid();
    Path proc = home.resolve("proc");
    Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(proc.resolve(pid + "/cmdline"), "PM2 v7.0.4: God Daemon (" + home + ")\0");
    Files.writeString(home.resolve("pm2.pid"), Long.toString(pid));
    Pm2Probe probe = new Pm2Probe(home, proc);
    assertThat(probe.probe().reason()).contains("has no").contains("rpc.sock");
    Files.createFile(home.resolve("rpc.sock"));
    assertThat(probe.probe().reason()).contains("does not accept connections");
    assertThat(probe.probe().alive()).isFalse();
  }

  @Test
  void pm2sCommandLineIsRecognised() {
    assertThat(Pm2Probe.isPm2("PM2 v7.0.4: God Daemon (/root/.pm2)")).isTrue();
    assertThat(Pm2Probe.isPm2("node /usr/lib/node_modules/pm2/lib/Daemon.js")).isFalse();
  }
}
