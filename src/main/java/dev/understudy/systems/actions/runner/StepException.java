package dev.understudy.systems.actions.runner;

/**
 * A step that cannot run, or whose results cannot be read, for a reason other than its own exit
 * code: an unknown or missing shell, a malformed {@code $GITHUB_OUTPUT} file. The message says
 * what and how to fix it; {@link ScriptStep} turns it into a failed step with an error annotation.
 */
public final class StepException extends RuntimeException {
  public StepException(String message) {
    super(message);
  }

  public StepException(String message, Throwable cause) {
    super(message, cause);
  }
}
