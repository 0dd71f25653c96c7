package dev.understudy.orchestrator;

import dev.understudy.engine.keep.GoodCopies;
import dev.understudy.engine.keep.Restorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The faces' door to one kind of a project's good copies (workflows, functions) when no daemon is
 * needed: listing them and restoring one is file work on the project and the home.
 */
public interface Recovery {

  /** A name that matches nothing (or several), or a copy that is not there; the message says which and what exists. */
  final class NotFound extends Exception {
    public NotFound(String message) {
      super(message);
    }
  }

  /** What is kept: {@code workflow} or {@code function}, as the commands name it. */
  String kind();

  /** The file the user's {@code name} stands for, as its copies are kept. */
  String resolve(String name) throws NotFound;

  /** Good copies of {@code file}, newest (number 1) first. */
  List<GoodCopies.Copy> copies(String file);

  /** The SHA-256 of the file as it is now, {@code missing} or {@code unreadable}: how copies are named. */
  String currentSha(String file);

  Path backupsRoot();

  Restorer.Plan plan(String file, int n) throws NotFound, IOException;

  Restorer.Done restore(Restorer.Plan plan) throws IOException;

  /** The SHA-256 of a file's bytes, {@code missing} or {@code unreadable}. */
  static String shaOf(Path file) {
    try {
      return GoodCopies.sha256(java.nio.file.Files.readAllBytes(file));
    } catch (java.nio.file.NoSuchFileException e) {
      return "missing";
    } catch (IOException e) {
      return "unreadable";
    }
  }
}
