package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.model.ParseProblem;
import dev.understudy.systems.actions.model.WorkflowParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Checks workflow files the way actionlint does and returns every finding, sorted. Never throws
 * on bad content: a broken file is a finding, not an exception.
 */
public final class WorkflowLinter {

  /** Lints {@code text}, naming it {@code path} in the findings. */
  public List<Finding> lint(String path, String text) {
    List<Finding> out = new ArrayList<>();
    WorkflowParser.Result parsed = WorkflowParser.parse(text);
    for (ParseProblem p : parsed.problems()) {
      out.add(new Finding(path, p.pos().line(), p.pos().column(), p.message(), "syntax-check"));
    }
    if (parsed.workflow() != null) {
      out.addAll(new Rules(path, parsed.workflow()).check());
    }
    Collections.sort(out);
    return out;
  }

  /** Reads and lints one file; an unreadable file is an {@link IOException}, not a finding. */
  public List<Finding> lint(Path file) throws IOException {
    return lint(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }
}
