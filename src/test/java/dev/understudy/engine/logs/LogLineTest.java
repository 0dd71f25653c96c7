package dev.understudy.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The daemon's log lines keep the layout Logback's pattern gave them, so readers and greps still work. */
class LogLineTest {
  private static final long AT = 1_795_000_000_123L; // 2026-11-18T11:06:40.123Z

  private static <T extends Throwable> T at(T t, StackTraceElement... frames) {
    t.setStackTrace(frames);
    return t;
  }

  private static StackTraceElement frame(String cls, String method, int line) {
    return new StackTraceElement(cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", line);
  }

  @Test
  void theFileLineHasUtcTimePaddedLevelShortLoggerAndMaskedMessage() {
    SecretMasker.register("hunter2-secret");
    String line = new LogLine(LogLine.Time.UTC_ISO, true, true)
        .format(AT, Level.INFO, "dev.understudy.orchestrator.Orchestrator", "token hunter2-secret here", null);
    assertThat(line).isEqualTo("2026-11-18T11:06:40.123Z INFO  d.u.o.Orchestrator - token *** here\n");
  }

  @Test
  void loggerNamesAreCutLeftToRightToTwentyCharactersAsLogbackDid() {
    assertThat(LogLine.abbreviate("Short")).isEqualTo("Short");
    assertThat(LogLine.abbreviate("dev.understudy.daemon.Daemon")).isEqualTo("d.u.daemon.Daemon");
    assertThat(LogLine.abbreviate("dev.understudy.systems.netlify.serve.FunctionServer")).isEqualTo("d.u.s.n.s.FunctionServer");
    assertThat(LogLine.abbreviate("com.zaxxer.hikari.HikariDataSource")).isEqualTo("c.z.h.HikariDataSource");
  }

  @Test
  void aShortExceptionShowsOneStackLinePerCauseMasked() {
    SecretMasker.register("hunter2-secret");
    StackTraceElement main = frame("dev.understudy.Main", "main", 10);
    Throwable cause = at(new RuntimeException("disk hunter2-secret full"), frame("java.io.File", "write", 3), main);
    Throwable t = at(new IllegalStateException("cannot save", cause), frame("dev.understudy.Store", "save", 42), main);
    String line = new LogLine(LogLine.Time.NONE, true, true).format(AT, Level.ERROR, "Short", "failed", t);
    assertThat(line).isEqualTo("""
        ERROR Short - failed
        java.lang.IllegalStateException: cannot save
        \tat dev.understudy.Store.save(Store.java:42)
        Caused by: java.lang.RuntimeException: disk *** full
        \tat java.io.File.write(File.java:3)
        """);
  }

  @Test
  void aWholeExceptionLeavesOutTheFramesACauseSharesWithItsEffect() {
    StackTraceElement main = frame("dev.understudy.Main", "main", 10);
    StackTraceElement run = frame("dev.understudy.Main", "run", 20);
    Throwable cause = at(new RuntimeException("cause"), frame("java.io.File", "write", 3), run, main);
    Throwable t = at(new IllegalArgumentException("no", cause), frame("dev.understudy.Store", "save", 42), run, main);
    t.addSuppressed(at(new IllegalStateException("also"), frame("dev.understudy.Store", "close", 50), main));
    String line = new LogLine(LogLine.Time.NONE, false, false).format(AT, Level.WARN, "dev.understudy.daemon.Daemon", "careful", t);
    assertThat(line).isEqualTo("""
        WARN  d.u.daemon.Daemon - careful
        java.lang.IllegalArgumentException: no
        \tat dev.understudy.Store.save(Store.java:42)
        \tat dev.understudy.Main.run(Main.java:20)
        \tat dev.understudy.Main.main(Main.java:10)
        \tSuppressed: java.lang.IllegalStateException: also
        \t\tat dev.understudy.Store.close(Store.java:50)
        \t\t... 1 common frames omitted
        Caused by: java.lang.RuntimeException: cause
        \tat java.io.File.write(File.java:3)
        \t... 2 common frames omitted
        """);
  }

  @Test
  void aCauseThatLoopsBackIsCutNotFollowedForever() {
    RuntimeException a = at(new RuntimeException("a"));
    RuntimeException b = at(new RuntimeException("b", a));
    a.initCause(b);
    String line = new LogLine(LogLine.Time.NONE, false, true).format(AT, Level.ERROR, "x", "loop", a);
    assertThat(line).contains("Caused by: java.lang.RuntimeException: b").contains("[CIRCULAR REFERENCE: java.lang.RuntimeException: a]");
  }

  @Test
  void theConsoleLineHasTheLocalClock() {
    String line = new LogLine(LogLine.Time.LOCAL_CLOCK, true, true).format(AT, Level.DEBUG, "x", "m", null);
    assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.123 DEBUG x - m\\n");
  }
}
