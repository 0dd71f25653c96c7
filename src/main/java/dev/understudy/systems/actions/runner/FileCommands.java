package dev.understudy.systems.actions.runner;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The environment files of one step ({@code $GITHUB_OUTPUT}, {@code $GITHUB_ENV},
 * {@code $GITHUB_PATH}, {@code $GITHUB_STEP_SUMMARY}, {@code $GITHUB_STATE}): created empty
 * before the run, read after it.
 *
 * <p>{@code $GITHUB_OUTPUT}, {@code $GITHUB_ENV} and {@code $GITHUB_STATE} hold {@code name=value}
 * lines and heredocs ({@code name<<DELIM}, value lines, a line that is exactly {@code DELIM}); the
 * first of {@code =} and {@code <<} on a line decides which; empty lines between entries are
 * skipped; a later entry with the same name wins. {@code $GITHUB_PATH} holds one directory a line.
 *
 * @param output {@code $GITHUB_OUTPUT}
 * @param env {@code $GITHUB_ENV}
 * @param path {@code $GITHUB_PATH}
 * @param summary {@code $GITHUB_STEP_SUMMARY}
 * @param state {@code $GITHUB_STATE}
 */
public record FileCommands(Path output, Path env, Path path, Path summary, Path state) {
  /** GitHub refuses a step summary above 1 MiB. */
  public static final int SUMMARY_LIMIT = 1024 * 1024;

  /** Fresh empty files in {@code dir} (created if missing), named after {@code stepKey}. */
  public static FileCommands create(Path dir, String stepKey) throws IOException {
    Files.createDirectories(dir);
    FileCommands f = new FileCommands(dir.resolve("set_output_" + stepKey), dir.resolve("set_env_" + stepKey),
        dir.resolve("add_path_" + stepKey), dir.resolve("step_summary_" + stepKey), dir.resolve("save_state_" + stepKey));
    for (Path p : List.of(f.output, f.env, f.path, f.summary, f.state)) Files.write(p, new byte[0]);
    return f;
  }

  /** The variables that point a step at these files. */
  public Map<String, String> variables() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("GITHUB_OUTPUT", output.toString());
    m.put("GITHUB_ENV", env.toString());
    m.put("GITHUB_PATH", path.toString());
    m.put("GITHUB_STEP_SUMMARY", summary.toString());
    m.put("GITHUB_STATE", state.toString());
    return m;
  }

  /**
   * The entries of a {@code name=value} / heredoc file, in order of first appearance.
   *
   * @param variable the file's variable name, for messages ({@code GITHUB_OUTPUT})
   * @throws StepException for a line that is neither form, an empty name or delimiter, or a heredoc without its closing line
   */
  public static Map<String, String> readEntries(Path file, String variable) throws IOException {
    return parseEntries(read(file), variable);
  }

  /** As {@link #readEntries}, from text. */
  public static Map<String, String> parseEntries(String text, String variable) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> lines = lines(text);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) continue;
      int eq = line.indexOf('=');
      int heredoc = line.indexOf("<<");
      String where = "$" + variable + " line " + (i + 1);
      if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
        String name = line.substring(0, eq);
        if (name.isEmpty()) throw new StepException(where + ": the entry has no name before '='; write name=value");
        out.put(name, line.substring(eq + 1));
      } else if (heredoc >= 0) {
        String name = line.substring(0, heredoc);
        String delimiter = line.substring(heredoc + 2);
        if (name.isEmpty()) throw new StepException(where + ": the heredoc has no name before '<<'; write name<<DELIMITER");
        if (delimiter.isEmpty()) {
          throw new StepException(where + ": the heredoc for '" + name + "' has no delimiter after '<<'; write " + name + "<<EOF");
        }
        List<String> value = new ArrayList<>();
        int j = i + 1;
        while (j < lines.size() && !lines.get(j).equals(delimiter)) value.add(lines.get(j++));
        if (j >= lines.size()) {
          throw new StepException(where + ": the heredoc '" + name + "<<" + delimiter + "' is never closed; end the value"
              + " with a line holding exactly " + delimiter);
        }
        out.put(name, String.join("\n", value));
        i = j;
      } else {
        throw new StepException(where + ": expected name=value or name<<DELIMITER, found a line with neither");
      }
    }
    return out;
  }

  /** The directories of a {@code $GITHUB_PATH} file, in the order written; blank lines skipped, repeats kept once (last). */
  public static List<String> readPath(Path file) throws IOException {
    LinkedHashSet<String> dirs = new LinkedHashSet<>();
    for (String line : lines(read(file))) {
      String dir = line.strip();
      if (dir.isEmpty()) continue;
      dirs.remove(dir);
      dirs.add(dir);
    }
    return List.copyOf(dirs);
  }

  /**
   * {@code path} with {@code added} in front, the last added first (as GitHub does: a directory
   * added later wins); {@code added} is in the order the steps wrote them.
   */
  public static String prependPath(String path, List<String> added) {
    List<String> parts = new ArrayList<>();
    for (int i = added.size() - 1; i >= 0; i--) {
      if (!parts.contains(added.get(i))) parts.add(added.get(i));
    }
    if (path != null && !path.isEmpty()) parts.add(path);
    return String.join(File.pathSeparator, parts);
  }

  static String read(Path file) throws IOException {
    return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>(List.of(text.split("\r?\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
    return out;
  }
}
