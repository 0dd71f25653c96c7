package dev.understudy.engine.notify;

import dev.understudy.engine.monitor.HealthIntervals;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Shared wording of the notifiers. */
final class Texts {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Texts() {}

  /** {@code s} cut to {@code max} characters, ending with an ellipsis when cut (never inside a surrogate pair). */
  static String cut(String s, int max) {
    if (s.length() <= max) return s;
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
    return s.substring(0, end) + "…";
  }

  static String time(Instant t) {
    return TIME.format(t);
  }

  /** "understudy on host-1 · 2026-11-02 10:00:00 UTC · since 09:58 (2 min)". */
  static String footer(Notification n) {
    StringBuilder b = new StringBuilder("understudy");
    if (!n.host().isEmpty()) b.append(" on ").append(n.host());
    b.append(" · ").append(time(n.at()));
    n.since().ifPresent(s -> b.append(" · since ").append(time(s)).append(" (").append(HealthIntervals.human(Duration.between(s, n.at()))).append(')'));
    return b.toString();
  }

  /** The mark before a title: Slack's emoji code and the Unicode character Discord shows. */
  enum Mark {
    FAILING(":red_circle:", "\uD83D\uDD34"),
    WARNING(":warning:", "\u26A0\uFE0F"),
    RECOVERY(":white_check_mark:", "\u2705"),
    TREND(":chart_with_upwards_trend:", "\uD83D\uDCC8"),
    GIVEN_UP(":octagonal_sign:", "\uD83D\uDED1"),
    TEST(":bell:", "\uD83D\uDD14");

    final String slack;
    final String unicode;

    Mark(String slack, String unicode) {
      this.slack = slack;
      this.unicode = unicode;
    }

    static Mark of(Notification n) {
      return switch (n.kind()) {
        case RECOVERY -> RECOVERY;
        case TREND -> TREND;
        case GIVEN_UP -> GIVEN_UP;
        case TEST -> TEST;
        default -> n.status().equals("failing") ? FAILING : WARNING;
      };
    }
  }
}
