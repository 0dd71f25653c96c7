package dev.understudy.orchestrator;

import dev.understudy.systems.netlify.Site;
import dev.understudy.systems.netlify.site.ManifestWriter;
import dev.understudy.systems.netlify.site.SiteReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What {@code understudy manifest} does, in this process: the site's functions written as Netlify's manifest. */
public final class FunctionManifests {
  private FunctionManifests() {}

  /** Where it went, how many functions it holds, whether the site has a functions directory, and what is wrong with the site. */
  public record Written(Path file, int functions, boolean functionsDirectory, List<Finding> findings) {}

  /** Writes the manifest of the site in {@code projectDir} to {@code out} (default: {@link #defaultPath}). */
  public static Written write(Path projectDir, Optional<Path> out) throws IOException {
    Site site = new SiteReader(Optional.empty()).read(projectDir);
    Path file = ManifestWriter.write(site, out.orElse(defaultPath(projectDir)), Instant.now());
    return new Written(file, site.functions().size(), site.functionsDir().isPresent(), FunctionChecks.findings(site));
  }

  public static Path defaultPath(Path projectDir) {
    return ManifestWriter.defaultPath(projectDir);
  }
}
