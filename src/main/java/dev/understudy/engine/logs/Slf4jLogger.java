package dev.understudy.engine.logs;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger that hands its records to {@link Logs}. */
final class Slf4jLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  Slf4jLogger(String name) {
    this.name = name;
  }

  @Override
  public boolean isTraceEnabled() {
    return Logs.enabled(name, Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return Logs.enabled(name, Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return Logs.enabled(name, Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return Logs.enabled(name, Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return Logs.enabled(name, Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable thrown) {
    // SLF4J takes a trailing Throwable out of two or more arguments only; Logback took it from one too
    if (thrown == null && arguments != null && arguments.length > 0 && arguments[arguments.length - 1] instanceof Throwable t) {
      thrown = t;
      arguments = java.util.Arrays.copyOf(arguments, arguments.length - 1);
    }
    Logs.write(name, level, MessageFormatter.basicArrayFormat(pattern, arguments), thrown);
  }
}
