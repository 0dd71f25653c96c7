package dev.understudy.engine.logs;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The log line, written out in code rather than by Logback's {@code PatternLayout}: the pattern
 * layout's table of converters is about 150 classes (68 of them lambdas), loaded by every CLI
 * command and daemon (resident memory, docs/BENCHMARKS.md section 7). Prints what the pattern
 * {@code [%d{TIME}] %-5level %logger{20} - %msg%n%ex} would: the time when a format is given, the
 * message and the exception masked ({@link SecretMasker}) when asked, the exception's first stack
 * line only ({@code %ex{short}}) or all of it.
 */
public final class LineLayout extends LayoutBase<ILoggingEvent> {
  private final DateTimeFormatter time; // null: no time
  private final boolean masked;
  private final ThrowableProxyConverter exception;
  private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(20);
  private final Map<String, String> names = new ConcurrentHashMap<>();

  private LineLayout(DateTimeFormatter time, boolean masked, boolean shortException) {
    this.time = time;
    this.masked = masked;
    this.exception = masked ? new MaskingThrowableConverter() : new ThrowableProxyConverter();
    if (shortException) exception.setOptionList(List.of("short"));
  }

  /**
   * A started encoder of these lines: {@code time} as a {@link DateTimeFormatter} pattern in
   * {@code zone} (none: no time), {@code masked} message and exception, {@code shortException}.
   */
  public static Encoder<ILoggingEvent> encoder(Context ctx, Optional<String> time, ZoneId zone, boolean masked,
      boolean shortException) {
    LineLayout layout = new LineLayout(time.map(p -> DateTimeFormatter.ofPattern(p).withZone(zone)).orElse(null), masked, shortException);
    layout.setContext(ctx);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> enc = new LayoutWrappingEncoder<>();
    enc.setContext(ctx);
    enc.setLayout(layout);
    enc.start();
    return enc;
  }

  @Override
  public void start() {
    exception.setContext(getContext());
    exception.start();
    super.start();
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder b = new StringBuilder(128);
    if (time != null) b.append(time.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ');
    String level = event.getLevel().toString();
    b.append(level);
    for (int i = level.length(); i < 5; i++) b.append(' ');
    b.append(' ').append(names.computeIfAbsent(event.getLoggerName(), abbreviator::abbreviate)).append(" - ");
    String msg = event.getFormattedMessage();
    b.append(masked ? SecretMasker.mask(msg) : msg).append(CoreConstants.LINE_SEPARATOR);
    b.append(exception.convert(event));
    return b.toString();
  }
}
