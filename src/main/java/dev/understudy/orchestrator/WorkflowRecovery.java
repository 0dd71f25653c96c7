package dev.understudy.orchestrator;

import dev.understudy.engine.keep.Restorer;
import dev.understudy.systems.actions.ActionsSystem;
import dev.understudy.engine.keep.RejectedCopies;
import dev.understudy.engine.keep.GoodCopies;
import dev.understudy.systems.actions.WorkflowRestore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The faces' door to a project's workflow backups when no daemon is needed: listing good copies
 * and restoring one is file work on the project and the home. Wires the githubActions system's
 * parts for one project, so the CLI does not. Light on purpose (no logging, no Jackson): the CLI
 * loads it.
 */
public final class WorkflowRecovery implements Recovery {
  /** Where a home keeps good copies and rejected files ({@code DaemonHome} names them). */
  public record Places(Path backupsDir, Path rejectedDir, Path secretsFile) {}

  private final Path projectDir;
  private final GoodCopies backups;
  private final RejectedCopies rejected;
  private final WorkflowRestore restore;

  private WorkflowRecovery(Path projectDir, GoodCopies backups, RejectedCopies rejected) {
    this.projectDir = projectDir;
    this.backups = backups;
    this.rejected = rejected;
    this.restore = new WorkflowRestore(projectDir, backups, rejected);
  }

  public static WorkflowRecovery open(Path projectDir, Places places, int keep) {
    Path dir = projectDir.toAbsolutePath().normalize();
    return new WorkflowRecovery(dir, GoodCopies.forProject(places.backupsDir(), dir, "workflows", WorkflowRestore.SUFFIX, keep),
        RejectedCopies.forProject(places.rejectedDir(), dir, "workflows", WorkflowRestore.SUFFIX));
  }

  @Override
  public String kind() {
    return "workflow";
  }

  /** The file name {@code name} stands for ({@code ci} or {@code ci.yml}). */
  @Override
  public String resolve(String name) throws NotFound {
    try {
      return restore.resolve(name);
    } catch (WorkflowRestore.NameException e) {
      throw new NotFound(e.getMessage());
    }
  }

  /** Good copies of {@code workflow}, newest (number 1) first. */
  @Override
  public List<GoodCopies.Copy> copies(String workflow) {
    return backups.history(workflow);
  }

  @Override
  public Restorer.Plan plan(String workflow, int n) throws NotFound, IOException {
    try {
      return restore.plan(workflow, n);
    } catch (WorkflowRestore.NameException e) {
      throw new NotFound(e.getMessage());
    }
  }

  @Override
  public Restorer.Done restore(Restorer.Plan plan) throws IOException {
    return restore.apply(plan);
  }

  @Override
  public String currentSha(String workflow) {
    return Recovery.shaOf(workflowsDir().resolve(workflow));
  }

  public Path workflowsDir() {
    return restore.workflowsDir();
  }

  @Override
  public Path backupsRoot() {
    return backups.root();
  }

  public Path rejectedRoot() {
    return rejected.root();
  }

  /** The running system for the daemon. */
  ActionsSystem system(boolean autoRestore) {
    return new ActionsSystem(projectDir, backups, rejected, autoRestore);
  }
}
