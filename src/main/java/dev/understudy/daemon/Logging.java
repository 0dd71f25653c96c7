package dev.understudy.daemon;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Points Logback at the home's rolling log file, at the configured level. */
final class Logging {
  private Logging() {}

  static void configure(Path logsDir, String level, boolean console) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    ctx.putProperty("LOG_DIR", logsDir.toString());
    ctx.putProperty("LOG_LEVEL", level.toUpperCase(Locale.ROOT));
    JoranConfigurator jc = new JoranConfigurator();
    jc.setContext(ctx);
    try {
      jc.doConfigure(Logging.class.getResource("/understudy-logback.xml"));
    } catch (JoranException e) {
      throw new IllegalStateException("logging configuration failed: " + e.getMessage(), e);
    }
    if (console) {
      PatternLayoutEncoder enc = new PatternLayoutEncoder();
      enc.setContext(ctx);
      enc.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %maskedMsg%n%maskedEx{short}");
      enc.start();
      ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
      out.setContext(ctx);
      out.setName("CONSOLE");
      out.setEncoder(enc);
      out.start();
      ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(out);
    }
  }
}
