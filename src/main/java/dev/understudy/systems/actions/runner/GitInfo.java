package dev.understudy.systems.actions.runner;

import dev.understudy.engine.process.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sha, ref and repository of a local checkout, read with the {@code git} command line.
 *
 * <ul>
 *   <li>sha: {@code HEAD}'s commit; 40 zeros when there is none (no repository, no commit yet);
 *   <li>ref: the branch checked out ({@code refs/heads/main}); on a detached HEAD the first tag
 *       that points at it ({@code refs/tags/v1}), else empty; empty outside a repository;
 *   <li>repository: {@code owner/name} from the {@code origin} remote (https, {@code ssh://} or
 *       scp-like {@code git@host:owner/name.git}); {@code local/<folder name>} without one.
 * </ul>
 *
 * <pre>{@code
 * GitInfo.read(Path.of("."))  // GitInfo[sha=3f2a..., ref=refs/heads/main, repository=octo/site]
 * }</pre>
 */
public record GitInfo(String sha, String ref, String repository) {
  public static final String NO_SHA = "0".repeat(40);

  private static final Pattern REMOTE = Pattern.compile(
      "^(?:[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/]+@)?[^/]+/|(?:[^@/]+@)?[^/:]+:)/?(?<path>.+?)(?:\\.git)?/?$");

  /** What {@code dir}'s checkout says; never fails (see the class comment for the fallbacks). */
  public static GitInfo read(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    String fallbackRepo = "local/" + (abs.getFileName() == null ? "workspace" : abs.getFileName().toString());
    if (!Files.isDirectory(abs)) return new GitInfo(NO_SHA, "", fallbackRepo);
    Optional<String> inside = git(abs, "rev-parse", "--is-inside-work-tree");
    if (inside.isEmpty() || !inside.get().equals("true")) return new GitInfo(NO_SHA, "", fallbackRepo);
    String sha = git(abs, "rev-parse", "--verify", "-q", "HEAD^{commit}").filter(s -> s.matches("[0-9a-f]{40,64}")).orElse(NO_SHA);
    String ref = git(abs, "symbolic-ref", "-q", "HEAD").filter(s -> s.startsWith("refs/"))
        .or(() -> sha.equals(NO_SHA) ? Optional.empty()
            : git(abs, "tag", "--points-at", "HEAD").map(s -> s.lines().findFirst().orElse("")).filter(s -> !s.isEmpty())
                .map(t -> "refs/tags/" + t))
        .orElse("");
    String repo = git(abs, "config", "--get", "remote.origin.url").flatMap(GitInfo::repositoryOf).orElse(fallbackRepo);
    return new GitInfo(sha, ref, repo);
  }

  /** {@code owner/name} from a remote URL ({@code https://github.com/o/n.git}, {@code git@github.com:o/n.git}...). */
  public static Optional<String> repositoryOf(String url) {
    if (url == null) return Optional.empty();
    Matcher m = REMOTE.matcher(url.strip());
    if (!m.matches()) return Optional.empty();
    String[] parts = m.group("path").split("/");
    if (parts.length < 2) return Optional.empty();
    String owner = parts[parts.length - 2];
    String name = parts[parts.length - 1];
    if (owner.isEmpty() || name.isEmpty()) return Optional.empty();
    return Optional.of(owner + "/" + name);
  }

  /** The first line of git's output when it exits 0. */
  private static Optional<String> git(Path dir, String... args) {
    List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
    argv.addAll(List.of(args));
    List<String> out = new ArrayList<>();
    try {
      int code = CommandRunner.run(argv, dir, Map.of("GIT_TERMINAL_PROMPT", "0", "LC_ALL", "C"), out::add);
      if (code != 0 || out.isEmpty()) return Optional.empty();
      return Optional.of(String.join("\n", out).strip());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
