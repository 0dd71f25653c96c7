package dev.understudy.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.understudy.engine.logs.LineLayout;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Points Logback at the home's rolling log file, at the configured level: {@code understudy.log},
 * rolled daily and at 10 MB into {@code understudy.<date>.<n>.log.gz}, 14 days and 200 MB kept,
 * every message and stack trace masked. Built in code, not from XML (see {@link LogDefaults}); a
 * line is what Logback's {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level %logger{20} - %msg%n%ex{short}}
 * prints, masked, written by {@link LineLayout} rather than Logback's pattern layout.
 */
final class Logging {
  private Logging() {}

  static void configure(Path logsDir, String level, boolean console) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();

    RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
    file.setContext(ctx);
    file.setName("FILE");
    file.setFile(logsDir.resolve("understudy.log").toString());
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(ctx);
    policy.setParent(file);
    policy.setFileNamePattern(logsDir.resolve("understudy.%d{yyyy-MM-dd}.%i.log.gz").toString());
    policy.setMaxFileSize(FileSize.valueOf("10MB"));
    policy.setMaxHistory(14);
    policy.setTotalSizeCap(FileSize.valueOf("200MB"));
    policy.start();
    file.setRollingPolicy(policy);
    file.setEncoder(LineLayout.encoder(ctx, Optional.of("yyyy-MM-dd'T'HH:mm:ss.SSSXXX"), ZoneOffset.UTC, true, true));
    file.start();

    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
    root.addAppender(file);
    for (String quiet : new String[] {"com.github.kagkarlsson", "com.zaxxer.hikari", "org.flywaydb"}) {
      ctx.getLogger(quiet).setLevel(Level.WARN);
    }
    if (console) {
      root.addAppender(started(new ConsoleAppender<>(), ctx, "CONSOLE",
          LineLayout.encoder(ctx, Optional.of("HH:mm:ss.SSS"), ZoneId.systemDefault(), true, true)));
    }
  }

  private static Appender<ILoggingEvent> started(ConsoleAppender<ILoggingEvent> a, LoggerContext ctx, String name, Encoder<ILoggingEvent> enc) {
    a.setContext(ctx);
    a.setName(name);
    a.setEncoder(enc);
    a.start();
    return a;
  }
}
