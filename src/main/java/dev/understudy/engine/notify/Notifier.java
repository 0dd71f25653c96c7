package dev.understudy.engine.notify;

/** Sends a notification somewhere: a webhook, Slack, Discord, e-mail. */
public interface Notifier {
  /** The name in messages and in {@code alerts.NAME}: {@code webhook}, {@code slack}, {@code discord}, {@code email}. */
  String name();

  /**
   * Sends {@code n} once, on the caller's thread, within the notifier's own timeout.
   *
   * @throws NotifyException when it was not delivered, saying whether trying again may help
   */
  void send(Notification n) throws NotifyException;
}
