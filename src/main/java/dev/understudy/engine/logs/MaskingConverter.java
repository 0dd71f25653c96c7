package dev.understudy.engine.logs;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback's {@code %msg} with secrets masked; wired in daemon.Logging as {@code %maskedMsg}. */
public final class MaskingConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return SecretMasker.mask(super.convert(event));
  }
}
