package dev.understudy.systems.actions;

import dev.understudy.util.Suggestions;
import dev.understudy.util.UnifiedDiff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a good copy of a workflow back into the project. The bytes it replaces go to the
 * rejected area first, so nothing is lost. Plain file work: the CLI uses it without a daemon, the
 * daemon for {@code githubActions.autoRestore}.
 */
public final class WorkflowRestore {
  /** The workflows directory, relative to the project. */
  public static final Path WORKFLOWS_DIR = Path.of(".github", "workflows");

  /** A name the user gave that matches no workflow, or several. */
  public static final class NameException extends Exception {
    public NameException(String message) {
      super(message);
    }
  }

  /**
   * What a restore would do: {@code current} is empty when the file is missing; {@code diff} is
   * empty when the file already holds the chosen copy.
   */
  public record Plan(String workflow, Path file, Optional<byte[]> current, WorkflowBackups.Copy copy, byte[] bytes, String diff) {
    public boolean changes() {
      return current.isEmpty() || !java.util.Arrays.equals(current.get(), bytes);
    }
  }

  /** What a restore did: the file written, and where the bytes it replaced were kept (if any). */
  public record Done(Plan plan, Optional<Path> kept) {}

  private final Path projectDir;
  private final WorkflowBackups backups;
  private final RejectedWorkflows rejected;

  public WorkflowRestore(Path projectDir, WorkflowBackups backups, RejectedWorkflows rejected) {
    this.projectDir = projectDir;
    this.backups = backups;
    this.rejected = rejected;
  }

  public Path workflowsDir() {
    return projectDir.resolve(WORKFLOWS_DIR);
  }

  public WorkflowBackups backups() {
    return backups;
  }

  /** Workflow files in the project now ({@code *.yml}, {@code *.yaml}, not hidden), sorted. */
  public static List<String> present(Path workflowsDir) {
    TreeSet<String> out = new TreeSet<>();
    if (!Files.isDirectory(workflowsDir)) return List.of();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(workflowsDir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (isWorkflowFileName(n) && Files.isRegularFile(p)) out.add(n);
      }
    } catch (IOException e) {
      return List.of();
    }
    return List.copyOf(out);
  }

  public static boolean isWorkflowFileName(String n) {
    return !n.startsWith(".") && (n.endsWith(".yml") || n.endsWith(".yaml"));
  }

  /**
   * The workflow file {@code name} means: a file name ({@code ci.yml}) or one without its
   * extension ({@code ci}), among the files present and those with good copies.
   */
  public String resolve(String name) throws NameException {
    TreeSet<String> known = new TreeSet<>(present(workflowsDir()));
    known.addAll(backups.workflows());
    String[] problem = new String[1];
    Optional<String> found = WorkflowNames.resolve(known, name, problem);
    if (found.isPresent()) return found.get();
    if (problem[0] != null && problem[0].contains("matches")) throw new NameException(problem[0]);
    String hint = problem[0] != null ? ": " + problem[0]
        : known.isEmpty() ? ": there are none in " + workflowsDir() + " and no good copies are stored"
            : ": known workflows: " + String.join(", ", known);
    throw new NameException("no workflow '" + name + "'" + hint);
  }

  /** Plans restoring copy {@code n} (1 = newest) of {@code workflow}. */
  public Plan plan(String workflow, int n) throws NameException, IOException {
    List<WorkflowBackups.Copy> history = backups.history(workflow);
    if (history.isEmpty()) {
      throw new NameException("no good copy of " + workflow + " is stored (in " + backups.root()
          + "): a copy is kept each time the daemon sees the file valid");
    }
    if (n < 1 || n > history.size()) {
      throw new NameException("--to " + n + " is out of range: " + workflow + " has " + history.size()
          + " good cop" + (history.size() == 1 ? "y" : "ies") + " (1 = newest); list them with 'understudy backups workflow "
          + workflow + "'");
    }
    WorkflowBackups.Copy copy = history.get(n - 1);
    byte[] bytes = backups.read(copy);
    Path file = workflowsDir().resolve(workflow);
    Optional<byte[]> current;
    try {
      current = Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      current = Optional.empty();
    }
    String rel = WORKFLOWS_DIR.resolve(workflow).toString();
    String diff = UnifiedDiff.diff(
        "a/" + rel + (current.isEmpty() ? " (missing)" : " (current)"),
        "b/" + rel + " (good copy #" + copy.number() + ", " + copy.shortSha() + ", saved " + copy.savedAt() + ")",
        current.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(""),
        new String(bytes, StandardCharsets.UTF_8), 3);
    return new Plan(workflow, file, current, copy, bytes, diff);
  }

  /** Keeps the current bytes under the rejected area, then writes the copy (atomically). */
  public Done apply(Plan plan) throws IOException {
    Optional<Path> kept = Optional.empty();
    if (!plan.changes()) return new Done(plan, kept);
    // re-read: what is replaced is what is there now, not what was there when planned
    Set<PosixFilePermission> mode = null;
    try {
      byte[] now = Files.readAllBytes(plan.file());
      kept = Optional.of(rejected.keep(plan.workflow(), now));
      mode = Files.getPosixFilePermissions(plan.file());
    } catch (NoSuchFileException e) {
      // nothing to keep
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the new file gets the default mode
    }
    Files.createDirectories(plan.file().getParent());
    WorkflowBackups.writeAtomically(plan.file(), plan.bytes());
    if (mode != null) Files.setPosixFilePermissions(plan.file(), mode);
    return new Done(plan, kept);
  }
}
