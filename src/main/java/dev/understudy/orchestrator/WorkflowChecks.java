package dev.understudy.orchestrator;

import dev.understudy.systems.actions.lint.Finding;
import dev.understudy.systems.actions.lint.WorkflowLinter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What {@code understudy validate} does, in this process: the validator's findings for a file. */
public final class WorkflowChecks {
  private final WorkflowLinter linter = new WorkflowLinter();

  /** One finding; {@link #toString()} is {@code path:line:column: message [rule]}. */
  public record Problem(String file, int line, int column, String message, String rule) {
    @Override
    public String toString() {
      return file + ":" + line + ":" + column + ": " + message + " [" + rule + "]";
    }
  }

  /** The findings of one workflow file, sorted; an unreadable file is an {@link IOException}. */
  public List<Problem> check(Path file) throws IOException {
    return linter.lint(file).stream().map(WorkflowChecks::problem).toList();
  }

  private static Problem problem(Finding f) {
    return new Problem(f.file(), f.line(), f.column(), f.message(), f.rule());
  }
}
