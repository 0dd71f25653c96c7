package dev.understudy.systems.netlify;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A Netlify site as discovery reads it: where its functions live (empty when it has none), the
 * functions found there, and every problem found on the way, one line each.
 */
public record Site(Path projectDir, Optional<Path> functionsDir, List<NetlifyFunction> functions, List<Problem> problems) {

  /** {@link #toString()} is {@code path:line:column: message [rule]}; line and column 0 when unknown. */
  public record Problem(String file, int line, int column, String message, String rule) {
    @Override
    public String toString() {
      return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + message + " [" + rule + "]";
    }
  }

  public Site {
    functions = List.copyOf(functions);
    problems = List.copyOf(problems);
  }

  public Optional<NetlifyFunction> function(String name) {
    return functions.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
