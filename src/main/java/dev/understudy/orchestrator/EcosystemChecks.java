package dev.understudy.orchestrator;

import dev.understudy.config.UnderstudyConfig;
import dev.understudy.systems.pm2.ecosystem.Ecosystem;
import dev.understudy.systems.pm2.ecosystem.EcosystemReader;
import dev.understudy.systems.pm2.ecosystem.Problem;
import dev.understudy.systems.pm2.watch.Pm2Binary;
import java.nio.file.Path;
import java.util.Optional;

/** What {@code understudy test} asks of the pm2 system, in this process: is the ecosystem readable, is a pm2 program there. */
public final class EcosystemChecks {
  private EcosystemChecks() {}

  /** One check's outcome: {@code ok}, and what to say about it. */
  public record Outcome(boolean ok, String detail) {}

  /** The project's ecosystem file (the configured one, else the first PM2 reads), read through node; its first error fails it. */
  public static Outcome ecosystem(Path dir, UnderstudyConfig config) {
    Optional<Path> file = config != null && config.pm2().ecosystem().isPresent() ? config.pm2().ecosystem() : EcosystemReader.find(dir);
    if (file.isEmpty()) return new Outcome(true, "none in the project: nothing to supervise");
    try {
      Ecosystem e = new EcosystemReader(EcosystemReader.Options.defaults()).read(file.get());
      Optional<Problem> first = e.problems().stream().filter(Problem::isError).findFirst();
      return new Outcome(first.isEmpty(),
          first.map(Problem::toString).orElse(e.apps().size() + " app(s) in " + dir.relativize(file.get().toAbsolutePath())));
    } catch (RuntimeException e) {
      return new Outcome(false, file.get() + ": " + e.getMessage());
    }
  }

  /** The pm2 program the daemon would watch PM2 with ({@code pm2.bin}, else {@code pm2} on PATH). */
  public static Optional<Path> pm2(UnderstudyConfig config) {
    return Pm2Binary.find(config == null ? Optional.empty() : config.pm2().bin(), System.getenv().getOrDefault("PATH", ""));
  }
}
