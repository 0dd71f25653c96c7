package dev.understudy.systems.actions.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code .secrets} and {@code .vars} files, as act reads them: {@code NAME=value} lines,
 * {@code #} comments, an optional {@code export }, values optionally in single or double quotes
 * (double quotes understand {@code \n}).
 */
public final class DotEnv {
  private DotEnv() {}

  /** The variables of {@code file}, or none when it does not exist. */
  public static Map<String, String> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return Map.of();
    return parse(Files.readString(file), file.toString());
  }

  static Map<String, String> parse(String text, String where) {
    Map<String, String> out = new LinkedHashMap<>();
    int n = 0;
    for (String raw : text.split("\r?\n", -1)) {
      n++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.startsWith("export ")) line = line.substring(7).strip();
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(where + ":" + n + ": expected NAME=value, got \"" + line
            + "\"; write one variable per line");
      }
      String name = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1).replace("\\n", "\n").replace("\\\"", "\"");
      } else if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
        value = value.substring(1, value.length() - 1);
      }
      out.put(name, value);
    }
    return out;
  }
}
