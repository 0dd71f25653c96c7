package dev.understudy.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.understudy.engine.logs.LineLayout;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Logback's configuration until the daemon sets up its home's log file: warnings to stderr. Found
 * by Logback through {@code META-INF/services}, in code rather than a {@code logback.xml}: reading
 * XML loads Logback's Joran and the JDK's XML parser, about 500 classes, in every CLI command and
 * in the daemon (start-up time and resident memory). The lines are Logback's
 * {@code %-5level %logger{20} - %msg%n%ex}, written by {@link LineLayout}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogDefaults extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext ctx) {
    ConsoleAppender<ILoggingEvent> err = new ConsoleAppender<>();
    err.setContext(ctx);
    err.setName("STDERR");
    err.setTarget("System.err");
    err.setEncoder(LineLayout.encoder(ctx, Optional.empty(), ZoneId.systemDefault(), false, false));
    err.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(err);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
