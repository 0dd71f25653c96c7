package dev.understudy.engine.logs;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * The JDK's own loggers ({@code System.getLogger}: the HTTP server's, among others) write through
 * {@link Logs} too, found through {@code META-INF/services}. Without it the JDK starts
 * {@code java.util.logging} for them: its own configuration, handlers and about 40 classes more in
 * every daemon, and lines that never reach {@code understudy.log}.
 */
public final class JdkLoggerFinder extends System.LoggerFinder {
  @Override
  public System.Logger getLogger(String name, Module module) {
    return new JdkLogger(name);
  }

  private record JdkLogger(String name) implements System.Logger {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isLoggable(System.Logger.Level level) {
      org.slf4j.event.Level l = ours(level);
      return l != null && Logs.enabled(name, l);
    }

    @Override
    public void log(System.Logger.Level level, ResourceBundle bundle, String message, Throwable thrown) {
      if (isLoggable(level)) Logs.write(name, ours(level), message, thrown);
    }

    @Override
    public void log(System.Logger.Level level, ResourceBundle bundle, String format, Object... params) {
      if (!isLoggable(level)) return;
      Logs.write(name, ours(level), format(format, params), null);
    }

    /** As java.util.logging formats: only a message with {0} to {3} in it, and as it is when that fails. */
    private static String format(String format, Object... params) {
      if (params == null || params.length == 0 || format == null) return format;
      if (!(format.contains("{0") || format.contains("{1") || format.contains("{2") || format.contains("{3"))) return format;
      try {
        return MessageFormat.format(format, params);
      } catch (IllegalArgumentException e) {
        return format;
      }
    }

    private static org.slf4j.event.Level ours(System.Logger.Level level) {
      return switch (level) {
        case ALL, TRACE -> org.slf4j.event.Level.TRACE;
        case DEBUG -> org.slf4j.event.Level.DEBUG;
        case INFO -> org.slf4j.event.Level.INFO;
        case WARNING -> org.slf4j.event.Level.WARN;
        case ERROR -> org.slf4j.event.Level.ERROR;
        case OFF -> null;
      };
    }
  }
}
