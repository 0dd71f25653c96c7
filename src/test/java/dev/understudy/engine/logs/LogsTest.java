package dev.understudy.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** SLF4J, as every library in the daemon calls it, writes through Logs to the home's log file. */
class LogsTest {
  @TempDir Path logs;

  @AfterEach
  void backToStderr() {
    Logs.reset();
  }

  @Test
  void slf4jFindsUsAndWritesTheFileAtTheConfiguredLevel() throws Exception {
    Logs.toFile(logs, "debug", false, Runnable::run);
    org.slf4j.Logger log = LoggerFactory.getLogger("dev.understudy.test.Writer");
    log.debug("debug {} of {}", 1, 2);
    log.trace("not shown");
    log.error("with a cause", new IllegalStateException("boom"));
    String text = Files.readString(logs.resolve("understudy.log"));
    assertThat(text).containsPattern("Z DEBUG d.u.test.Writer - debug 1 of 2\\n")
        .doesNotContain("not shown")
        .contains("ERROR d.u.test.Writer - with a cause\njava.lang.IllegalStateException: boom\n\tat ");
  }

  @Test
  void aLoneThrowableArgumentIsTheExceptionWithItsTraceAsLogbackTookIt() throws Exception {
    Logs.toFile(logs, "info", false, Runnable::run);
    LoggerFactory.getLogger("dev.understudy.test.Writer").warn("failed {}", new java.io.IOException("disk"));
    assertThat(Files.readString(logs.resolve("understudy.log")))
        .contains("WARN  d.u.test.Writer - failed {}\njava.io.IOException: disk\n\tat ");
  }

  @Test
  void chattyLibrariesAreKeptToWarningsWhateverTheLevel() throws Exception {
    Logs.toFile(logs, "debug", false, Runnable::run);
    LoggerFactory.getLogger("com.zaxxer.hikari.pool.HikariPool").info("pool stats");
    LoggerFactory.getLogger("com.zaxxer.hikari.pool.HikariPool").warn("pool trouble");
    assertThat(Files.readString(logs.resolve("understudy.log"))).doesNotContain("pool stats").contains("pool trouble");
  }

  @Test
  void theJdksOwnLoggersWriteTheFileTooWithoutJavaUtilLogging() throws Exception {
    Logs.toFile(logs, "info", false, Runnable::run);
    System.Logger jdk = System.getLogger("com.sun.net.httpserver");
    jdk.log(System.Logger.Level.DEBUG, "not shown");
    jdk.log(System.Logger.Level.WARNING, "connection {0} closed", 7);
    jdk.log(System.Logger.Level.WARNING, "a brace { alone, and it's kept", 7);
    assertThat(Files.readString(logs.resolve("understudy.log"))).doesNotContain("not shown")
        .contains("WARN  c.sun.net.httpserver - connection 7 closed")
        .contains("WARN  c.sun.net.httpserver - a brace { alone, and it's kept");
    assertThat(System.LoggerFinder.getLoggerFinder()).isInstanceOf(JdkLoggerFinder.class);
  }

  @Test
  void levelsAreReadAsLogbackReadThemWithInfoForAnUnknownWord() {
    assertThat(Logs.parse("debug")).isEqualTo(Level.DEBUG);
    assertThat(Logs.parse(" WARN ")).isEqualTo(Level.WARN);
    assertThat(Logs.parse("loud")).isEqualTo(Level.INFO);
  }
}
