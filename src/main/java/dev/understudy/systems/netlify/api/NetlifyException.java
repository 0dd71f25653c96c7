package dev.understudy.systems.netlify.api;

/** A Netlify API call that did not give an answer to use; the message says what to do. */
public final class NetlifyException extends Exception {
  public enum Kind {
    /** No answer after the retries, or 5xx on every attempt. */
    UNREACHABLE,
    /** A 4xx answer: the token, the site id or the request is wrong. */
    HTTP,
    /** An answer that is not the JSON expected. */
    BAD_ANSWER,
  }

  private final Kind kind;
  private final int status;

  public NetlifyException(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return status;
  }
}
