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

  /** Lints {@code text}, naming it {@code path} in the findings; local calls are not followed. */
  public List<Finding> lint(String path, String text) {
    return lint(path, text, null);
  }

  /**
   * Lints {@code text}; {@code projectRoot} (the folder that holds {@code .github}) resolves
   * local reusable workflows, or is {@code null}.
   */
  public List<Finding> lint(String path, String text, Path projectRoot) {
    List<Finding> out = new ArrayList<>();
    WorkflowParser.Result parsed = WorkflowParser.parse(text);
    for (ParseProblem p : parsed.problems()) {
      out.add(new Finding(path, p.pos().line(), p.pos().column(), p.message(), "syntax-check"));
    }
    if (parsed.workflow() != null) {
      out.addAll(new Rules(projectRoot).check(path, parsed.workflow()));
    }
    Collections.sort(out);
    return out;
  }

  /** Reads and lints one file; an unreadable file is an {@link IOException}, not a finding. */
  public List<Finding> lint(Path file) throws IOException {
    return lint(file.toString(), Files.readString(file, StandardCharsets.UTF_8), projectRoot(file));
  }

  /** The nearest folder above {@code file} that holds a {@code .github} folder, or {@code null}. */
  static Path projectRoot(Path file) {
    for (Path d = file.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(".github"))) return d;
    }
    return null;
  }
}
