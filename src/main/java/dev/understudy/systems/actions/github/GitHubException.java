package dev.understudy.systems.actions.github;

import dev.understudy.engine.logs.SecretMasker;
import java.util.Optional;

/**
 * GitHub did not give what was asked. {@link Kind} says why, so a caller can tell "GitHub said no"
 * (a status and GitHub's own {@code message}) from "GitHub could not be asked". The message never
 * holds the token: it goes through {@link SecretMasker}.
 */
public final class GitHubException extends Exception {
  public enum Kind {
    /** GitHub answered with an error status (401, 404, 422, ...): {@link #status()} and {@link #githubMessage()}. */
    HTTP,
    /** Connection errors or 5xx answers on every attempt. */
    UNREACHABLE,
    /** The rate limit resets later than the client may wait. */
    RATE_LIMITED,
    /** GitHub answered 2xx with a body this client cannot read. */
    BAD_ANSWER,
    /** A POST whose outcome is unknown (5xx or a broken connection after it was sent): not retried, it may have happened. */
    UNCERTAIN,
  }

  private final Kind kind;
  private final int status;
  private final String githubMessage;

  public GitHubException(Kind kind, int status, String githubMessage, String message, Throwable cause) {
    super(SecretMasker.mask(message), cause);
    this.kind = kind;
    this.status = status;
    this.githubMessage = SecretMasker.mask(githubMessage);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status of GitHub's last answer, 0 when there was none. */
  public int status() {
    return status;
  }

  /** GitHub's {@code message} field, when it answered with one. */
  public Optional<String> githubMessage() {
    return Optional.ofNullable(githubMessage);
  }
}
