package dev.understudy.engine.queue;

/** The queue could not do what was asked; the message says why. */
public final class QueueException extends RuntimeException {
  public QueueException(String message) {
    super(message);
  }

  public QueueException(String message, Throwable cause) {
    super(message, cause);
  }
}
