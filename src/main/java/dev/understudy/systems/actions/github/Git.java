package dev.understudy.systems.actions.github;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Reads what the project's git knows, with the {@code git} command line (an argument list, no shell). */
public final class Git {
  private static final long TIMEOUT_SECONDS = 10;

  private Git() {}

  /** The URL of {@code remote} ({@code git remote get-url}); empty when there is none, or no git, or no repository. */
  public static Optional<String> remoteUrl(Path dir, String remote) {
    return run(dir, "remote", "get-url", "--", remote);
  }

  /** The branch checked out; empty on a detached HEAD or outside a repository. */
  public static Optional<String> currentBranch(Path dir) {
    return run(dir, "symbolic-ref", "--quiet", "--short", "HEAD");
  }

  private static Optional<String> run(Path dir, String... args) {
    List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("LC_ALL", "C");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return Optional.empty(); // no git on the PATH
    }
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      String out = buf.toString(StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
