package dev.understudy.systems.actions;

import dev.understudy.engine.keep.GoodCopies;
import dev.understudy.engine.keep.RejectedCopies;
import dev.understudy.engine.keep.FolderWatcher;
import dev.understudy.engine.keep.Restorer;
import dev.understudy.systems.actions.lint.Finding;
import dev.understudy.systems.actions.lint.WorkflowLinter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GitHub Actions system, as far as it goes today: it knows every workflow of the project,
 * checks each with {@link WorkflowLinter} whenever the file changes, keeps a last-known-good copy
 * of every valid version ({@link GoodCopies}), and answers the source to schedule from: the
 * file while it is valid, else its newest good copy. With {@code autoRestore} it also writes that
 * copy back over a broken or deleted file (the replaced bytes go to {@link RejectedCopies}).
 */
public final class ActionsSystem implements AutoCloseable {
  public static final Duration SAFETY_INTERVAL = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(ActionsSystem.class);

  public enum State {
    VALID, INVALID, MISSING;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public enum Origin {
    FILE, BACKUP;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The bytes a workflow is scheduled from, and where they came from. */
  public record EffectiveSource(String workflow, Origin origin, byte[] bytes, String sha256, Optional<GoodCopies.Copy> copy) {}

  /** One workflow as the faces show it. */
  public record Workflow(
      String name,
      String file,
      State state,
      List<Finding> findings,
      int backups,
      Optional<EffectiveSource> effective,
      Instant checkedAt,
      Optional<String> lastAction) {
    public Optional<Finding> firstFinding() {
      return findings.isEmpty() ? Optional.empty() : Optional.of(findings.get(0));
    }
  }

  private final Path projectDir;
  private final GoodCopies backups;
  private final WorkflowRestore restore;
  private final boolean autoRestore;
  private final WorkflowLinter linter = new WorkflowLinter();
  private final Map<String, Workflow> state = new LinkedHashMap<>();
  private final Map<String, String> lastSha = new LinkedHashMap<>();
  private volatile Map<String, Workflow> snapshot = Map.of();
  private volatile FolderWatcher watcher;
  private volatile Runnable onChange = () -> {};

  public ActionsSystem(Path projectDir, GoodCopies backups, RejectedCopies rejected, boolean autoRestore) {
    this.projectDir = projectDir;
    this.backups = backups;
    this.restore = new WorkflowRestore(projectDir, backups, rejected);
    this.autoRestore = autoRestore;
  }

  /** Checks every workflow now, then watches the directory for changes. */
  public void start() throws IOException {
    check();
    watcher = new FolderWatcher(projectDir, WorkflowRestore.WORKFLOWS_DIR, 0, java.util.Set.of(), "workflows", this::check, SAFETY_INTERVAL);
    watcher.start();
    LOG.info("githubActions: watching {} ({} workflows, good copies in {}, autoRestore {})",
        restore.workflowsDir(), snapshot.size(), backups.root(), autoRestore ? "on" : "off");
  }

  /** Every workflow: present in the project, or known from its good copies. Sorted by name. */
  public List<Workflow> workflows() {
    return List.copyOf(snapshot.values());
  }

  public Optional<Workflow> workflow(String name) {
    return Optional.ofNullable(snapshot.get(name));
  }

  /** The source to schedule {@code name} from: its file when valid, else its newest good copy. */
  public Optional<EffectiveSource> effectiveSource(String name) {
    return workflow(name).flatMap(Workflow::effective);
  }

  /** Checks the workflows directory: files that changed are linted, valid ones backed up. */
  public synchronized void check() {
    Path dir = restore.workflowsDir();
    TreeSet<String> names = new TreeSet<>(WorkflowRestore.present(dir));
    names.addAll(backups.names());
    names.addAll(state.keySet());
    for (String name : names) {
      try {
        checkOne(name, dir.resolve(name), autoRestore);
      } catch (RuntimeException e) {
        LOG.error("checking workflow {} failed", name, e);
      }
    }
    state.keySet().retainAll(names);
    Map<String, Workflow> before = snapshot;
    snapshot = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(state));
    if (!sameSources(before, snapshot)) {
      try {
        onChange.run();
      } catch (RuntimeException e) {
        LOG.error("updating the workflows' schedules failed", e);
      }
    }
  }

  /** Called after a check that changed which workflows exist or what they would run from. */
  public void onChange(Runnable listener) {
    onChange = listener;
  }

  private static boolean sameSources(Map<String, Workflow> a, Map<String, Workflow> b) {
    if (!a.keySet().equals(b.keySet())) return false;
    for (String k : a.keySet()) {
      String x = a.get(k).effective().map(EffectiveSource::sha256).orElse("");
      String y = b.get(k).effective().map(EffectiveSource::sha256).orElse("");
      if (!x.equals(y)) return false;
    }
    return true;
  }

  private void checkOne(String name, Path file, boolean mayRestore) {
    String rel = WorkflowRestore.WORKFLOWS_DIR.resolve(name).toString();
    byte[] bytes;
    try {
      bytes = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    } catch (NoSuchFileException e) {
      bytes = null;
    } catch (IOException e) {
      Finding f = new Finding(rel, 1, 1, "cannot be read (" + e.getMessage() + "): check its permissions", "io");
      update(name, rel, State.INVALID, List.of(f), null, Optional.empty());
      return;
    }
    String sha = bytes == null ? "missing" : GoodCopies.sha256(bytes);
    Workflow before = state.get(name);
    if (before != null && sha.equals(lastSha.get(name))) {
      // unchanged; only the number of copies may have moved (a restore from the CLI, retention)
      if (before.backups() != backups.history(name).size()) {
        update(name, rel, before.state(), before.findings(), before.state() == State.VALID ? bytes : null, before.lastAction());
      }
      return;
    }
    lastSha.put(name, sha);
    if (bytes == null) {
      if (backups.history(name).isEmpty()) {
        state.remove(name);
        return;
      }
      Workflow w = update(name, rel, State.MISSING, List.of(), null, Optional.empty());
      LOG.warn("workflow {} is missing: {}", rel, fallback(w));
      if (mayRestore) autoRestore(name, rel, "it was deleted");
      return;
    }
    List<Finding> findings = lint(rel, bytes);
    if (findings.isEmpty()) {
      Optional<String> action = Optional.empty();
      try {
        GoodCopies.Saved saved = backups.save(name, bytes);
        if (saved.stored()) {
          LOG.info("workflow {} is valid: good copy {} kept ({} bytes)", rel, saved.copy().shortSha(), bytes.length);
        }
      } catch (IOException e) {
        LOG.error("workflow {} is valid but its good copy could not be kept in {}: {}", rel, backups.root(), e.getMessage());
        action = Optional.of("good copy not kept: " + e.getMessage());
      }
      Workflow w = update(name, rel, State.VALID, List.of(), bytes, action);
      if (before != null && before.state() != State.VALID) LOG.info("workflow {} is valid again", w.file());
      return;
    }
    Workflow w = update(name, rel, State.INVALID, findings, null, Optional.empty());
    LOG.warn("workflow {} is invalid ({} finding{}): {}: {}", rel, findings.size(), findings.size() == 1 ? "" : "s",
        findings.get(0), fallback(w));
    if (mayRestore) autoRestore(name, rel, "it was invalid: " + findings.get(0));
  }

  private String fallback(Workflow w) {
    return w.effective()
        .flatMap(EffectiveSource::copy)
        .map(c -> "scheduling from its good copy " + c.shortSha() + " saved " + c.savedAt()
            + (autoRestore ? "" : "; " + (w.state() == State.MISSING ? "bring it back" : "fix the file")
                + " or run 'understudy restore workflow " + w.name() + "'"))
        .orElse("no good copy is stored: it is not scheduled until the file is fixed");
  }

  private void autoRestore(String name, String rel, String why) {
    try {
      Restorer.Plan plan = restore.plan(name, 1);
      Restorer.Done done = restore.apply(plan);
      String msg = "auto-restored from good copy " + plan.copy().shortSha() + " saved " + plan.copy().savedAt() + " (" + why + ")"
          + done.kept().map(p -> "; the replaced file is kept at " + p).orElse("");
      LOG.warn("workflow {} {}", rel, msg);
      // check the written file now rather than wait for the watcher; never restore twice in a row
      lastSha.remove(name);
      checkOne(name, restore.workflowsDir().resolve(name), false);
      Workflow w = state.get(name);
      if (w != null) state.put(name, new Workflow(w.name(), w.file(), w.state(), w.findings(), w.backups(), w.effective(), w.checkedAt(),
          Optional.of(msg)));
    } catch (WorkflowRestore.NameException | IOException e) {
      LOG.error("workflow {}: auto-restore failed: {}", rel, e.getMessage());
    }
  }

  private Workflow update(String name, String rel, State s, List<Finding> findings, byte[] validBytes, Optional<String> action) {
    int count = backups.history(name).size();
    Optional<EffectiveSource> eff;
    if (validBytes != null) {
      eff = Optional.of(new EffectiveSource(name, Origin.FILE, validBytes, GoodCopies.sha256(validBytes), Optional.empty()));
    } else {
      eff = backups.newestIntact(name).map(e -> new EffectiveSource(name, Origin.BACKUP, e.getValue(), e.getKey().sha256(),
          Optional.of(e.getKey())));
    }
    Workflow w = new Workflow(name, rel, s, List.copyOf(findings), count, eff, Instant.now(), action);
    state.put(name, w);
    return w;
  }

  private List<Finding> lint(String rel, byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return List.of(new Finding(rel, 1, 1, "is not valid UTF-8: save it as UTF-8", "encoding"));
    }
    List<Finding> out = new ArrayList<>(linter.lint(rel, text, projectDir));
    java.util.Collections.sort(out);
    return out;
  }

  @Override
  public void close() {
    if (watcher != null) watcher.close();
  }
}
