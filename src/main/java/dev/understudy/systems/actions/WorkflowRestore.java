package dev.understudy.systems.actions;

import dev.understudy.engine.keep.GoodCopies;
import dev.understudy.engine.keep.RejectedCopies;
import dev.understudy.engine.keep.Restorer;
import dev.understudy.util.Suggestions;
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

  public static final String SUFFIX = ".yml";

  private final Path projectDir;
  private final GoodCopies backups;
  private final Restorer restorer;

  public WorkflowRestore(Path projectDir, GoodCopies backups, RejectedCopies rejected) {
    this.projectDir = projectDir;
    this.backups = backups;
    this.restorer = new Restorer(backups, rejected);
  }

  public Path workflowsDir() {
    return projectDir.resolve(WORKFLOWS_DIR);
  }

  public GoodCopies backups() {
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
    known.addAll(backups.names());
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
  public Restorer.Plan plan(String workflow, int n) throws NameException, IOException {
    try {
      return restorer.plan(workflow, n, workflowsDir().resolve(workflow), WORKFLOWS_DIR.resolve(workflow).toString(),
          "understudy backups workflow " + workflow);
    } catch (Restorer.NoCopyException e) {
      throw new NameException(e.getMessage());
    }
  }

  /** Keeps the current bytes under the rejected area, then writes the copy (atomically). */
  public Restorer.Done apply(Restorer.Plan plan) throws IOException {
    return restorer.apply(plan);
  }
}
