package dev.understudy.systems.actions.runner;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a {@code run:} script is started, after GitHub's table for {@code shell:} on Linux and macOS.
 *
 * <table>
 *   <tr><th>{@code shell:}</th><th>argv</th><th>file</th></tr>
 *   <tr><td>(none)</td><td>{@code bash -e {0}} where bash is on PATH, else {@code sh -e {0}}</td><td>.sh</td></tr>
 *   <tr><td>bash</td><td>{@code bash --noprofile --norc -eo pipefail {0}}</td><td>.sh</td></tr>
 *   <tr><td>sh</td><td>{@code sh -e {0}}</td><td>.sh</td></tr>
 *   <tr><td>python</td><td>{@code python {0}} ({@code python3} when there is no {@code python})</td><td>.py</td></tr>
 *   <tr><td>pwsh</td><td>{@code pwsh -command ". '{0}'"}</td><td>.ps1</td></tr>
 *   <tr><td>anything with {@code {0}}</td><td>split at whitespace, {@code {0}} replaced by the script path</td><td>by the command's name</td></tr>
 * </table>
 *
 * <p>The program is looked up on the step's own {@code PATH} (so a directory a former step added
 * through {@code $GITHUB_PATH} counts) and started by its absolute path. No shell string is ever
 * built from the workflow's text: a custom template is split into separate arguments.
 *
 * <pre>{@code
 * Shell s = Shell.resolve("bash", System.getenv("PATH"));
 * s.argv(Path.of("/tmp/x.sh")); // [/usr/bin/bash, --noprofile, --norc, -eo, pipefail, /tmp/x.sh]
 * }</pre>
 *
 * @param name the {@code shell:} value as written, or {@code "default"}
 * @param template argv with the {@code {0}} placeholder; the first element is an absolute path
 * @param extension script file extension with its dot, or empty
 */
public record Shell(String name, List<String> template, String extension) {
  static final String PLACEHOLDER = "{0}";

  public Shell {
    template = List.copyOf(template);
  }

  /**
   * The shell for a step's {@code shell:} value ({@code null} or blank: the default).
   *
   * @param pathVariable the step's {@code PATH}
   * @throws StepException for a Windows-only shell, a shell not on PATH, or a custom value without {@code {0}}
   */
  public static Shell resolve(String shell, String pathVariable) {
    String path = pathVariable == null ? "" : pathVariable;
    if (shell == null || shell.isBlank()) {
      Optional<Path> bash = which("bash", path);
      if (bash.isPresent()) return new Shell("default", List.of(bash.get().toString(), "-e", PLACEHOLDER), ".sh");
      return new Shell("default", List.of(require("sh", path, "the default shell").toString(), "-e", PLACEHOLDER), ".sh");
    }
    String trimmed = shell.trim();
    switch (trimmed.toLowerCase(Locale.ROOT)) {
      case "bash":
        return new Shell(trimmed, List.of(require("bash", path, "shell: bash").toString(),
            "--noprofile", "--norc", "-eo", "pipefail", PLACEHOLDER), ".sh");
      case "sh":
        return new Shell(trimmed, List.of(require("sh", path, "shell: sh").toString(), "-e", PLACEHOLDER), ".sh");
      case "python": {
        Path python = which("python", path).or(() -> which("python3", path)).orElseThrow(() -> new StepException(
            "shell: python needs python or python3 on PATH; neither was found in " + describe(path)));
        return new Shell(trimmed, List.of(python.toString(), PLACEHOLDER), ".py");
      }
      case "pwsh":
        return new Shell(trimmed, List.of(require("pwsh", path, "shell: pwsh").toString(),
            "-command", ". '" + PLACEHOLDER + "'"), ".ps1");
      case "cmd":
      case "powershell":
        throw new StepException("shell: " + trimmed + " runs only on Windows; use bash, sh, pwsh or python here,"
            + " or a command template such as \"perl {0}\"");
      default:
        return custom(trimmed, path);
    }
  }

  private static Shell custom(String value, String path) {
    if (!value.contains(PLACEHOLDER)) {
      throw new StepException("shell: " + value + " is neither bash, sh, pwsh nor python, and is not a command template:"
          + " a custom shell must hold {0} where the script's path goes, as in \"perl {0}\"");
    }
    List<String> parts = new ArrayList<>(List.of(value.split("\\s+")));
    String command = parts.get(0);
    if (command.equals(PLACEHOLDER)) {
      throw new StepException("shell: " + value + " must start with the program to run, as in \"perl {0}\"");
    }
    Path exe = command.contains("/") ? Path.of(command) : require(command, path, "shell: " + value);
    parts.set(0, exe.toString());
    String base = exe.getFileName().toString().toLowerCase(Locale.ROOT);
    String ext = base.startsWith("python") ? ".py"
        : base.equals("pwsh") || base.equals("powershell") ? ".ps1"
        : base.equals("bash") || base.equals("sh") || base.equals("dash") || base.equals("zsh") || base.equals("ksh") ? ".sh"
        : "";
    return new Shell(value, parts, ext);
  }

  /** The argv for the script at {@code script}. */
  public List<String> argv(Path script) {
    List<String> out = new ArrayList<>(template.size());
    for (String t : template) out.add(t.replace(PLACEHOLDER, script.toString()));
    return out;
  }

  /**
   * The file content for a script body: line ends made {@code \n}; for pwsh, GitHub's wrapper
   * (stop on the first error, exit with the last native command's code).
   */
  public String scriptContent(String body) {
    String text = body.replace("\r\n", "\n");
    if (extension.equals(".ps1")) {
      return "$ErrorActionPreference = 'stop'\n" + text
          + "\nif ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }\n";
    }
    return text;
  }

  /** The first executable named {@code program} in the directories of {@code pathVariable}. */
  public static Optional<Path> which(String program, String pathVariable) {
    if (pathVariable == null) return Optional.empty();
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir).resolve(program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate.toAbsolutePath());
    }
    return Optional.empty();
  }

  private static Path require(String program, String path, String who) {
    return which(program, path).orElseThrow(() -> new StepException(
        who + " needs " + program + " on PATH, and it was not found in " + describe(path)
            + "; install it or add its directory to PATH (through env: or $GITHUB_PATH)"));
  }

  private static String describe(String path) {
    return path.isEmpty() ? "an empty PATH" : "PATH=" + path;
  }
}
