package dev.understudy.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sink another thread closed (the daemon's log set up again) takes no more lines and moves nothing. */
class LogSinkTest {
  @TempDir Path dir;

  @Test
  void aClosedSinkDropsLinesAndNeverRotatesTheLiveFile() throws Exception {
    Path log = dir.resolve("understudy.log");
    LogSink sink = new LogSink(log, new LogRotation(20, 3, false), Clock.systemUTC(), Runnable::run);
    sink.line("first line", null);
    sink.close();
    sink.line("a line long enough to rotate the file", null);
    sink.rotate();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("understudy.log");
    }
    assertThat(Files.readString(log)).isEqualTo("first line\n");
  }
}
