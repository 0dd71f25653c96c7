package dev.understudy.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Memory, CPU and disk from /proc and the home's file store. */
class MachineProbeTest {
  @TempDir Path dir;

  static Sample find(List<Sample> samples, Check c) {
    return samples.stream().filter(s -> s.check().equals(c)).findFirst().orElseThrow();
  }

  @Test
  void readsAFakeProc() throws IOException {
    Path proc = Files.createDirectories(dir.resolve("proc"));
    Files.writeString(proc.resolve("meminfo"), "MemTotal:       8000000 kB\nMemFree:         100000 kB\nMemAvailable:    2000000 kB\n");
    Files.writeString(proc.resolve("stat"), "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 1 1 1 1 1 1 1 1 1\n");
    MachineProbe p = new MachineProbe(proc, dir);
    List<Sample> first = p.sample(Instant.EPOCH);
    assertThat(find(first, MachineProbe.MEMORY).value()).hasValue(75.0);
    assertThat(find(first, MachineProbe.MEMORY).message()).isEqualTo("75% of 7.6 GB in use");
    assertThat(first).noneMatch(s -> s.check().equals(MachineProbe.CPU)); // nothing to compare with yet
    Sample disk = find(first, MachineProbe.DISK);
    assertThat(disk.ok()).isTrue();
    assertThat(disk.value().getAsDouble()).isBetween(0.0, 100.0);

    // +300 busy (user 200, system 100), +100 idle, +0 iowait: 75% busy
    Files.writeString(proc.resolve("stat"), "cpu  300 0 200 800 100 0 0 0 0 0\n");
    assertThat(find(p.sample(Instant.EPOCH), MachineProbe.CPU).value()).hasValue(75.0);
  }

  @Test
  void aMissingProcIsAFailedSampleNotAnException() {
    List<Sample> s = new MachineProbe(dir.resolve("nowhere"), dir).sample(Instant.EPOCH);
    assertThat(find(s, MachineProbe.MEMORY).ok()).isFalse();
    assertThat(find(s, MachineProbe.MEMORY).message()).startsWith("cannot read " + dir.resolve("nowhere/meminfo"));
    assertThat(find(s, MachineProbe.CPU).ok()).isFalse();
    assertThat(find(s, MachineProbe.DISK).ok()).isTrue();
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void readsThisMachine() {
    MachineProbe p = new MachineProbe(dir);
    p.sample(Instant.EPOCH);
    List<Sample> s = p.sample(Instant.EPOCH);
    assertThat(find(s, MachineProbe.MEMORY).value().getAsDouble()).isBetween(0.0, 100.0);
    assertThat(find(s, MachineProbe.DISK).value().getAsDouble()).isBetween(0.0, 100.0);
    s.stream().filter(x -> x.check().equals(MachineProbe.CPU)).forEach(x -> assertThat(x.value().getAsDouble()).isCloseTo(50, within(50.0)));
  }
}
