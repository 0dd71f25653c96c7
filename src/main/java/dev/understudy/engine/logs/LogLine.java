package dev.understudy.engine.logs;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.slf4j.event.Level;

/**
 * One log record as text: {@code [TIME ]LEVEL logger - message}, then the exception, laid out as
 * Logback's {@code %-5level %logger{20} - %msg%n%ex} printed it (the line format of the daemon's
 * log since its first version): the logger's package segments cut to their first letter, left to
 * right, until the name fits in 20 characters; the exception with one stack line per cause
 * ({@code short}) or all of them, less the frames a cause shares with the exception it caused.
 *
 * @param time how the record's time is shown
 * @param masked secrets ({@link SecretMasker}) replaced in the message and the exception
 * @param shortException one stack line per exception instead of the whole trace
 */
public record LogLine(Time time, boolean masked, boolean shortException) {
  /** The time at the start of a line. */
  public enum Time {
    /** none */
    NONE,
    /** {@code 2026-11-22T20:45:10.123Z}: the log file */
    UTC_ISO,
    /** {@code 20:45:10.123} in this machine's zone: the daemon's console */
    LOCAL_CLOCK
  }

  static final int LOGGER_WIDTH = 20;

  /** The record, ending with a newline. */
  public String format(long epochMillis, Level level, String logger, String message, Throwable thrown) {
    StringBuilder b = new StringBuilder(128);
    appendTime(b, epochMillis);
    String word = level.toString();
    b.append(word);
    for (int i = word.length(); i < 5; i++) b.append(' ');
    b.append(' ').append(abbreviate(logger)).append(" - ");
    b.append(masked ? SecretMasker.mask(String.valueOf(message)) : message).append('\n');
    if (thrown != null) {
      StringBuilder t = new StringBuilder(512);
      appendThrowable(t, thrown, null, 1, null, Collections.newSetFromMap(new IdentityHashMap<>()));
      b.append(masked ? SecretMasker.mask(t.toString()) : t);
    }
    return b.toString();
  }

  private void appendTime(StringBuilder b, long epochMillis) {
    if (time == Time.NONE) return;
    long seconds = Math.floorDiv(epochMillis, 1000);
    int millis = (int) Math.floorMod(epochMillis, 1000);
    ZoneOffset offset = time == Time.UTC_ISO ? ZoneOffset.UTC
        : ZoneId.systemDefault().getRules().getOffset(java.time.Instant.ofEpochSecond(seconds));
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, offset);
    if (time == Time.UTC_ISO) {
      pad(b, t.getYear(), 4).append('-');
      pad(b, t.getMonthValue(), 2).append('-');
      pad(b, t.getDayOfMonth(), 2).append('T');
    }
    pad(b, t.getHour(), 2).append(':');
    pad(b, t.getMinute(), 2).append(':');
    pad(b, t.getSecond(), 2).append('.');
    pad(b, millis, 3);
    if (time == Time.UTC_ISO) b.append('Z');
    b.append(' ');
  }

  private static StringBuilder pad(StringBuilder b, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) b.append('0');
    return b.append(s);
  }

  /** {@code dev.understudy.daemon.Daemon} → {@code d.u.daemon.Daemon}: Logback's {@code %logger{20}}. */
  static String abbreviate(String name) {
    if (name.length() <= LOGGER_WIDTH) return name;
    String[] parts = name.split("\\.", -1);
    int length = name.length();
    for (int i = 0; i < parts.length - 1 && length > LOGGER_WIDTH; i++) {
      if (parts[i].length() > 1) {
        length -= parts[i].length() - 1;
        parts[i] = parts[i].substring(0, 1);
      }
    }
    return String.join(".", parts);
  }

  private void appendThrowable(StringBuilder b, Throwable t, String prefix, int indent, StackTraceElement[] enclosing,
      Set<Throwable> seen) {
    tabs(b, indent - 1);
    if (prefix != null) b.append(prefix);
    if (!seen.add(t)) {
      b.append("[CIRCULAR REFERENCE: ").append(t).append("]\n");
      return;
    }
    b.append(t.getClass().getName());
    if (t.getMessage() != null) b.append(": ").append(t.getMessage());
    b.append('\n');
    StackTraceElement[] frames = t.getStackTrace();
    int common = enclosing == null ? 0 : commonFrames(frames, enclosing);
    boolean whole = !shortException || frames.length == 0;
    int shown = whole ? frames.length - common : Math.min(1, frames.length);
    for (int i = 0; i < shown; i++) {
      tabs(b, indent);
      b.append("at ").append(frames[i]).append('\n');
    }
    if (whole && common > 0) {
      tabs(b, indent);
      b.append("... ").append(common).append(" common frames omitted\n");
    }
    for (Throwable s : t.getSuppressed()) appendThrowable(b, s, "Suppressed: ", indent + 1, frames, seen);
    if (t.getCause() != null) appendThrowable(b, t.getCause(), "Caused by: ", indent, frames, seen);
  }

  private static int commonFrames(StackTraceElement[] frames, StackTraceElement[] enclosing) {
    int n = 0;
    for (int i = frames.length - 1, j = enclosing.length - 1; i >= 0 && j >= 0 && frames[i].equals(enclosing[j]); i--, j--) n++;
    return n;
  }

  private static void tabs(StringBuilder b, int n) {
    for (int i = 0; i < n; i++) b.append('\t');
  }
}
