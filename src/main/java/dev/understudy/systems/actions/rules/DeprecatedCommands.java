package dev.understudy.systems.actions.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the workflow commands GitHub disabled in a {@code run:} script: {@code ::set-output},
 * {@code ::save-state}, {@code ::set-env} (each with {@code name=...::value}) and
 * {@code ::add-path::dir}. Other workflow commands ({@code ::debug::}, {@code ::group::}...) pass.
 *
 * <pre>{@code
 * DeprecatedCommands.check("echo '::set-output name=foo::bar'")
 *   // [Problem[offset=6, message=workflow command "set-output" was deprecated. use `echo "{name}={value}" >> $GITHUB_OUTPUT` ...]]
 * }</pre>
 *
 * <p>The offset is that of the command's leading {@code ::}. actionlint reports these at the start
 * of the {@code run:} value; a caller matching its output uses the value's position instead.
 */
public final class DeprecatedCommands {

  private static final Pattern COMMAND = Pattern.compile(
      "::(?:(?<named>set-output|save-state|set-env)\\s+name=[A-Za-z][A-Za-z_-]*|(?<path>add-path))::\\S");

  private static final Map<String, String> REPLACEMENT = Map.of(
      "set-output", "echo \"{name}={value}\" >> $GITHUB_OUTPUT",
      "save-state", "echo \"{name}={value}\" >> $GITHUB_STATE",
      "set-env", "echo \"{name}={value}\" >> $GITHUB_ENV",
      "add-path", "echo \"{path}\" >> $GITHUB_PATH");

  private DeprecatedCommands() {}

  /** Each deprecated command in {@code script}, in order. */
  public static List<Problem> check(String script) {
    List<Problem> problems = new ArrayList<>();
    Matcher m = COMMAND.matcher(script);
    while (m.find()) {
      String command = m.group("named") != null ? m.group("named") : m.group("path");
      problems.add(new Problem(m.start(), "workflow command " + Quoting.quote(command) + " was deprecated. use `"
          + REPLACEMENT.get(command)
          + "` instead: https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions"));
    }
    return problems;
  }
}
