package dev.understudy.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the conformance corpora are: {@code UNDERSTUDY_CONFORMANCE_DIR} or ../shared/conformance.
 * Under {@code CI=true} a missing corpus fails the run; elsewhere the test is skipped, saying where
 * to put it.
 */
public final class Conformance {
  private Conformance() {}

  public static Path dir(String name) {
    String configured = System.getenv("UNDERSTUDY_CONFORMANCE_DIR");
    Path root = configured != null ? Path.of(configured) : Path.of("..", "shared", "conformance");
    Path dir = root.resolve(name).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      String message = "the conformance corpus is missing: put it at " + dir
          + " or set UNDERSTUDY_CONFORMANCE_DIR to the folder that holds " + name + "/";
      if ("true".equals(System.getenv("CI"))) throw new AssertionError(message);
      Assumptions.abort(message);
    }
    return dir;
  }
}
