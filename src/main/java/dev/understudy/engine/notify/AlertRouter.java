package dev.understudy.engine.notify;

import dev.understudy.engine.monitor.HealthIntervals;
import dev.understudy.engine.monitor.HealthListener;
import dev.understudy.engine.monitor.Status;
import dev.understudy.engine.monitor.Transition;
import dev.understudy.engine.monitor.TrendWarning;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns what the health loop hears into notifications: one per state change (not per sample), a
 * reminder every {@code reminder} while a check stays a warning or a failure (none when zero), one
 * per trend, one when recoveries are given up. RECOVERED → OK sends nothing: the recovery was told.
 * Never blocks: it hands each notification to {@code send} (a {@link Dispatcher#dispatch}).
 */
public final class AlertRouter implements HealthListener {
  /** A check still in trouble is told again after an hour. */
  public static final Duration DEFAULT_REMINDER = Duration.ofHours(1);

  private final Consumer<Notification> send;
  private final Duration reminder;
  private final String host;
  private final Map<String, Open> open = new LinkedHashMap<>();

  private static final class Open {
    final Transition transition;
    Instant told;

    Open(Transition t, Instant told) {
      this.transition = t;
      this.told = told;
    }
  }

  /** @param reminder zero for no reminders */
  public AlertRouter(Consumer<Notification> send, Duration reminder, String host) {
    if (reminder.isNegative()) throw new IllegalArgumentException("the reminder interval must be 0 (none) or more");
    this.send = send;
    this.reminder = reminder;
    this.host = host;
  }

  @Override
  public synchronized void onTransition(Transition t) {
    String id = t.check().id();
    if (t.to().isProblem()) {
      open.put(id, new Open(t, t.at()));
      String was = t.from() == Status.OK ? "" : " (was " + t.from().label() + ")";
      send.accept(notification(Notification.Kind.PROBLEM, t, t.to().name() + " " + id,
          id + " is " + t.to().label() + was + ": " + t.reason()));
    } else if (t.to() == Status.RECOVERED) {
      open.remove(id);
      String lasted = t.problemSince().map(s -> " after " + HealthIntervals.human(Duration.between(s, t.at()))).orElse("");
      send.accept(notification(Notification.Kind.RECOVERY, t, "RECOVERED " + id,
          id + " recovered" + lasted + " (was " + t.from().label() + "): " + t.reason()));
    }
  }

  @Override
  public void onTrend(TrendWarning w) {
    send.accept(Notification.of(Notification.Kind.TREND, w.check().id(), w.check().system(), w.check().subject(), "", "",
        "TREND " + w.check().id(), w.message() + " (rising " + round(w.perMinute()) + " a minute)", w.at(), Optional.empty(), host));
  }

  @Override
  public synchronized void onTick(Instant now) {
    if (reminder.isZero()) return;
    for (Open o : open.values()) {
      if (Duration.between(o.told, now).compareTo(reminder) < 0) continue;
      o.told = now;
      Transition t = o.transition;
      long minutes = Duration.between(t.problemSince().orElse(t.at()), now).toMinutes();
      send.accept(Notification.of(Notification.Kind.REMINDER, t.check().id(), t.check().system(), t.check().subject(), t.to().label(),
          t.to().label(), "STILL " + t.to().name() + " " + t.check().id(),
          t.check().id() + " is still " + t.to().label() + " (" + HealthIntervals.human(Duration.ofMinutes(minutes)) + "): " + t.reason(),
          now, t.problemSince().or(() -> Optional.of(t.at())), host));
    }
  }

  /** Recoveries of {@code checkId} ran out of budget ({@code message} from the budget); told once by the caller. */
  public void givenUp(String checkId, String system, String subject, String message, Instant at) {
    send.accept(Notification.of(Notification.Kind.GIVEN_UP, checkId, system, subject, "", "", "GIVEN UP " + checkId, message, at,
        Optional.empty(), host));
  }

  /** The checks in trouble now, by id, with the transition that made them so. */
  /**
   * Stops reminding of the checks whose ids start with {@code prefix}: they are no longer watched
   * (their system was stopped on purpose). Answers the ids dropped.
   */
  public synchronized java.util.List<String> forget(String prefix) {
    java.util.List<String> dropped = open.keySet().stream().filter(id -> id.startsWith(prefix)).toList();
    dropped.forEach(open::remove);
    return dropped;
  }

  public synchronized Map<String, Transition> open() {
    Map<String, Transition> m = new LinkedHashMap<>();
    open.forEach((k, v) -> m.put(k, v.transition));
    return m;
  }

  private Notification notification(Notification.Kind kind, Transition t, String title, String text) {
    return Notification.of(kind, t.check().id(), t.check().system(), t.check().subject(), t.to().label(), t.from().label(), title, text,
        t.at(), t.problemSince(), host);
  }

  private static String round(double v) {
    return Math.round(v * 100) / 100.0 + "";
  }
}
