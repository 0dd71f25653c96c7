package dev.understudy.daemon;

/** The daemon cannot start; the message says why and how to fix it. */
public final class DaemonException extends RuntimeException {
  public DaemonException(String message) {
    super(message);
  }

  public DaemonException(String message, Throwable cause) {
    super(message, cause);
  }
}
