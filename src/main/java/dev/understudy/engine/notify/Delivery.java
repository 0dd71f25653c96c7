package dev.understudy.engine.notify;

/** One notification for one notifier, and which attempt this is (1 for the first). */
public record Delivery(String notifier, Notification notification, int attempt) {
  public Delivery next() {
    return new Delivery(notifier, notification, attempt + 1);
  }
}
