package dev.understudy.engine.store;

/** The store could not be reached or read; the message says which and how to fix it. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
