package dev.understudy.systems.actions.expr;

import java.nio.file.Path;
import java.util.Set;

/**
 * What an expression can see while it is evaluated: the contexts by name, the status of the
 * current job or step for the status functions, and the workspace for {@code hashFiles}.
 *
 * <p>Values are the plain Java values of {@link Values}. A name outside {@link #knows} is an error
 * ("Unrecognized named-value"), as on GitHub; a known name whose value is absent is {@code null}.
 */
public interface EvalContext {

  /** The contexts GitHub defines, lower case. */
  Set<String> STANDARD_CONTEXTS = Set.of(
      "github", "env", "vars", "secrets", "inputs", "matrix", "strategy", "steps", "needs", "job",
      "jobs", "runner");

  /** The value of a context such as {@code github}; {@code lowerCaseName} is lower case. Null when absent. */
  Object context(String lowerCaseName);

  /** True when {@code lowerCaseName} names a context here (its value may still be null). */
  default boolean knows(String lowerCaseName) {
    return STANDARD_CONTEXTS.contains(lowerCaseName);
  }

  /** Answers {@code success() failure() cancelled()}. */
  default JobStatus status() {
    return JobStatus.SUCCESS;
  }

  /** The directory {@code hashFiles} searches ({@code github.workspace}); null when there is none. */
  default Path workspace() {
    return null;
  }

  static MapEvalContext.Builder builder() {
    return MapEvalContext.builder();
  }
}
