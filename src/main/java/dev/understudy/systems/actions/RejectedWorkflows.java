package dev.understudy.systems.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where the bytes a restore replaces are kept, so a restore never loses anything:
 * {@code $UNDERSTUDY_HOME/rejected/<project>/workflows/<file>/<UTC time>-<sha12>.yml}. Nothing
 * here is ever deleted by Understudy.
 */
public final class RejectedWorkflows {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path root;
  private final Clock clock;

  public RejectedWorkflows(Path root) {
    this(root, Clock.systemUTC());
  }

  public RejectedWorkflows(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  public static RejectedWorkflows forProject(Path rejectedDir, Path projectDir) {
    return new RejectedWorkflows(rejectedDir.resolve(WorkflowBackups.projectKey(projectDir)).resolve("workflows"));
  }

  public Path root() {
    return root;
  }

  /** Keeps {@code bytes}, once replaced in {@code workflow}; returns where. */
  public Path keep(String workflow, byte[] bytes) throws IOException {
    if (workflow.contains("/") || workflow.startsWith(".")) throw new IllegalArgumentException("'" + workflow + "' is not a workflow file name");
    Path dir = Files.createDirectories(root.resolve(workflow));
    String base = STAMP.format(clock.instant()) + "-" + WorkflowBackups.sha256(bytes).substring(0, 12);
    Path file = dir.resolve(base + ".yml");
    for (int i = 2; Files.exists(file); i++) {
      if (java.util.Arrays.equals(Files.readAllBytes(file), bytes)) return file; // the same bytes, the same instant
      file = dir.resolve(base + "-" + i + ".yml");
    }
    WorkflowBackups.writeAtomically(file, bytes);
    return file;
  }
}
