package dev.understudy.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The daemon's log lines are what Logback's pattern layout printed for the same pattern. */
class LineLayoutTest {
  private final LoggerContext ctx = new LoggerContext();

  private String pattern(String pattern, LoggingEvent e) {
    PatternLayout p = new PatternLayout();
    p.setContext(ctx);
    p.setPattern(pattern);
    p.start();
    return p.doLayout(e);
  }

  private static String lines(Encoder<?> enc, LoggingEvent e) {
    @SuppressWarnings("unchecked")
    Encoder<LoggingEvent> en = (Encoder<LoggingEvent>) enc;
    return new String(en.encode(e), StandardCharsets.UTF_8);
  }

  private LoggingEvent event(String logger, Level level, String msg, Throwable t, Object... args) {
    Logger l = ctx.getLogger(logger);
    LoggingEvent e = new LoggingEvent(Logger.class.getName(), l, level, msg, t, args);
    e.setTimeStamp(1_795_000_000_123L);
    return e;
  }

  @Test
  void theFileLineIsThePatternsLineMasked() {
    SecretMasker.register("hunter2-secret");
    Throwable t = new IllegalStateException("bad hunter2-secret", new RuntimeException("cause"));
    for (LoggingEvent e : new LoggingEvent[] {
        event("dev.understudy.orchestrator.Orchestrator", Level.INFO, "pm2 started: {} app(s)", null, 3),
        event("dev.understudy.systems.netlify.serve.FunctionServer", Level.WARN, "token hunter2-secret", t),
        event("Short", Level.ERROR, "x", null)}) {
      String expected = SecretMasker.mask(pattern(
          "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level %logger{20} - %msg%n%ex{short}", e));
      assertThat(lines(LineLayout.encoder(ctx, Optional.of("yyyy-MM-dd'T'HH:mm:ss.SSSXXX"), ZoneOffset.UTC, true, true), e))
          .isEqualTo(expected);
    }
  }

  @Test
  void theDefaultLineIsThePatternsLineUnmaskedWithTheWholeTrace() {
    Throwable t = new IllegalArgumentException("no", new RuntimeException("cause"));
    LoggingEvent e = event("dev.understudy.daemon.Daemon", Level.WARN, "careful", t);
    assertThat(lines(LineLayout.encoder(ctx, Optional.empty(), ZoneId.systemDefault(), false, false), e))
        .isEqualTo(pattern("%-5level %logger{20} - %msg%n", e))
        .contains("Caused by: java.lang.RuntimeException: cause");
  }
}
