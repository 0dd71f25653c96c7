package dev.understudy.engine.keep;

import dev.understudy.util.UnifiedDiff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a good copy of a file back into the project. The bytes it replaces go to the rejected
 * area first, so nothing is lost. Plain file work: the CLI uses it without a daemon, the daemon
 * for {@code autoRestore}.
 */
public final class Restorer {

  /** No copy to restore: none stored, or the number asked for is out of range. The message says which. */
  public static final class NoCopyException extends Exception {
    public NoCopyException(String message) {
      super(message);
    }
  }

  /**
   * What a restore would do: {@code current} is empty when the file is missing; {@code diff} is
   * empty when the file already holds the chosen copy.
   */
  public record Plan(String name, Path file, Optional<byte[]> current, GoodCopies.Copy copy, byte[] bytes, String diff) {
    public boolean changes() {
      return current.isEmpty() || !java.util.Arrays.equals(current.get(), bytes);
    }
  }

  /** What a restore did: the file written, and where the bytes it replaced were kept (if any). */
  public record Done(Plan plan, Optional<Path> kept) {}

  private final GoodCopies copies;
  private final RejectedCopies rejected;

  public Restorer(GoodCopies copies, RejectedCopies rejected) {
    this.copies = copies;
    this.rejected = rejected;
  }

  public GoodCopies copies() {
    return copies;
  }

  /**
   * Plans restoring copy {@code n} (1 = newest) of {@code name} into {@code file}; {@code label} is
   * the file as the diff names it (relative to the project), {@code listCommand} the command that
   * lists the copies.
   */
  public Plan plan(String name, int n, Path file, String label, String listCommand) throws NoCopyException, IOException {
    List<GoodCopies.Copy> history = copies.history(name);
    if (history.isEmpty()) {
      throw new NoCopyException("no good copy of " + name + " is stored (in " + copies.root()
          + "): a copy is kept each time the daemon sees the file valid");
    }
    if (n < 1 || n > history.size()) {
      throw new NoCopyException("--to " + n + " is out of range: " + name + " has " + history.size()
          + " good cop" + (history.size() == 1 ? "y" : "ies") + " (1 = newest); list them with '" + listCommand + "'");
    }
    GoodCopies.Copy copy = history.get(n - 1);
    byte[] bytes = copies.read(copy);
    Optional<byte[]> current;
    try {
      current = Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      current = Optional.empty();
    }
    String diff = UnifiedDiff.diff(
        "a/" + label + (current.isEmpty() ? " (missing)" : " (current)"),
        "b/" + label + " (good copy #" + copy.number() + ", " + copy.shortSha() + ", saved " + copy.savedAt() + ")",
        current.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(""),
        new String(bytes, StandardCharsets.UTF_8), 3);
    return new Plan(name, file, current, copy, bytes, diff);
  }

  /** Keeps the current bytes under the rejected area, then writes the copy (atomically). */
  public Done apply(Plan plan) throws IOException {
    Optional<Path> kept = Optional.empty();
    if (!plan.changes()) return new Done(plan, kept);
    // re-read: what is replaced is what is there now, not what was there when planned
    Set<PosixFilePermission> mode = null;
    try {
      byte[] now = Files.readAllBytes(plan.file());
      kept = Optional.of(rejected.keep(plan.name(), now));
      mode = Files.getPosixFilePermissions(plan.file());
    } catch (NoSuchFileException e) {
      // nothing to keep
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the new file gets the default mode
    }
    Files.createDirectories(plan.file().getParent());
    GoodCopies.writeAtomically(plan.file(), plan.bytes());
    if (mode != null) Files.setPosixFilePermissions(plan.file(), mode);
    return new Done(plan, kept);
  }
}
