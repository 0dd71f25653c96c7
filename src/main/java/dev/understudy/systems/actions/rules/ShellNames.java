package dev.understudy.systems.actions.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks {@code shell:} of a step or of {@code defaults.run}: one of GitHub's shells (case-insensitive)
 * available on the job's platform, or a custom command template holding {@code {0}}. Values holding
 * {@code ${{ }}} are left alone.
 *
 * <pre>{@code
 * ShellNames.check("sh", ShellNames.Platform.of(List.of("windows-latest")))
 *   // Optional[shell name "sh" is invalid on Windows. available names are "bash", "cmd", "powershell", "pwsh", "python"]
 * }</pre>
 */
public final class ShellNames {

  /** Where a job runs, as far as its {@code runs-on} labels tell. */
  public enum Platform {
    ANY(List.of("bash", "pwsh", "python", "sh", "cmd", "powershell"), ""),
    WINDOWS(List.of("bash", "pwsh", "python", "cmd", "powershell"), " on Windows"),
    MAC_OR_LINUX(List.of("bash", "pwsh", "python", "sh"), " on macOS or Linux");

    private final List<String> shells;
    private final String where;

    Platform(List<String> shells, String where) {
      this.shells = shells;
      this.where = where;
    }

    /** The shells available here. */
    public List<String> shells() {
      return shells;
    }

    /**
     * The platform the labels of one {@code runs-on} name ({@code windows*}, {@code ubuntu-*},
     * {@code macos*}, {@code linux}); {@link #ANY} when they name none, or disagree.
     */
    public static Platform of(List<String> labels) {
      Platform found = ANY;
      for (String label : labels) {
        String l = label.toLowerCase(Locale.ROOT);
        Platform p = l.equals("windows") || l.startsWith("windows-") ? WINDOWS
            : l.equals("macos") || l.equals("linux") || l.startsWith("macos-") || l.startsWith("ubuntu-") ? MAC_OR_LINUX
            : ANY;
        if (p == ANY) continue;
        if (found != ANY && found != p) return ANY;
        found = p;
      }
      return found;
    }
  }

  private ShellNames() {}

  /** The message for a shell not available on {@code platform}, or empty. */
  public static Optional<String> check(String shell, Platform platform) {
    if (shell.contains("{0}") || shell.contains("${{")) return Optional.empty();
    String name = shell.toLowerCase(Locale.ROOT);
    if (platform.shells.contains(name)) return Optional.empty();
    String where = Platform.ANY.shells.contains(name) ? platform.where : "";
    return Optional.of("shell name " + Quoting.quote(shell) + " is invalid" + where + ". available names are "
        + Quoting.quoteSorted(platform.shells));
  }
}
