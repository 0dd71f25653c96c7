package dev.understudy.systems.actions.runner;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one step ended and what it left for the steps after it.
 *
 * @param outcome how it ended
 * @param exitCode the script's exit code; {@code null} when it was stopped (timeout, cancel) or never started
 * @param outputs {@code $GITHUB_OUTPUT} and {@code ::set-output} values ({@code steps.<id>.outputs}), unmasked
 * @param env variables for the later steps ({@code $GITHUB_ENV}), unmasked
 * @param path directories for the later steps' PATH ({@code $GITHUB_PATH}), in the order written;
 *     see {@link FileCommands#prependPath}
 * @param state {@code $GITHUB_STATE} and {@code ::save-state} values
 * @param summary the {@code $GITHUB_STEP_SUMMARY} markdown, masked
 * @param annotations errors, warnings and notices, the runner's own included, masked
 * @param duration from start to end
 */
public record StepResult(Outcome outcome, Integer exitCode, Map<String, String> outputs, Map<String, String> env,
    List<String> path, Map<String, String> state, String summary, List<Annotation> annotations, Duration duration) {

  /** How a step ended. */
  public enum Outcome {
    SUCCESS("success"),
    FAILURE("failure"),
    CANCELLED("cancelled"),
    TIMED_OUT("timed out");

    private final String word;

    Outcome(String word) {
      this.word = word;
    }

    /** {@code success}, {@code failure}, {@code cancelled}, {@code timed out}. */
    public String word() {
      return word;
    }

    /**
     * The value of {@code steps.<id>.outcome} in expressions, where GitHub knows no timeout: a
     * timed-out step is a {@code failure}.
     */
    public String contextValue() {
      return this == TIMED_OUT ? "failure" : word;
    }

    @Override
    public String toString() {
      return word;
    }
  }

  public boolean succeeded() {
    return outcome == Outcome.SUCCESS;
  }
}
