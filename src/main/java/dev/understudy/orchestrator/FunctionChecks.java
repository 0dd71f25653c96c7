package dev.understudy.orchestrator;

import dev.understudy.systems.netlify.Site;
import dev.understudy.systems.netlify.site.NodeSyntaxCheck;
import dev.understudy.systems.netlify.site.SiteReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code understudy validate} does for Netlify functions, in this process: reads them as
 * Netlify's build would (netlify.toml, the functions directory, each function's exports and
 * in-source config) and has Node check their syntax, all without running them.
 */
public final class FunctionChecks {
  private final SiteReader reader;

  /** {@code node}: the Node.js command that checks syntax ({@code "node"}: the one on PATH). */
  public FunctionChecks(String node) {
    this.reader = new SiteReader(Optional.of(new NodeSyntaxCheck(node)));
  }

  /** How many functions were read, and what is wrong with them. */
  public record Checked(int functions, List<Finding> findings) {}

  /** Whether {@code dir} is a Netlify site: it has netlify.toml or a netlify/functions directory. */
  public static boolean isSite(Path dir) {
    return Files.isRegularFile(dir.resolve("netlify.toml")) || Files.isDirectory(dir.resolve("netlify/functions"));
  }

  /** Whether {@code path} is a function file or a function directory by itself. */
  public static boolean isFunction(Path path) {
    return SiteReader.isFunction(path);
  }

  /** The site in {@code projectDir}: netlify.toml and every function of its functions directory. */
  public Checked checkSite(Path projectDir) throws IOException {
    return checked(reader.read(projectDir));
  }

  /**
   * Function files, function directories and functions directories, each with the netlify.toml of
   * the site around it (the nearest folder above holding one). A directory that a site names as
   * its functions directory, or that holds no function main file of its own, is read as a
   * functions directory; another directory holding a main file is one function.
   */
  public Checked checkPaths(List<Path> paths) throws IOException {
    Map<Path, List<Path>> functionsBySite = new LinkedHashMap<>();
    int count = 0;
    List<Finding> findings = new ArrayList<>();
    for (Path p : paths) {
      Path abs = p.toAbsolutePath().normalize();
      Path site = siteAround(abs);
      boolean folder = Files.isDirectory(abs) && (!isFunction(abs)
          || SiteReader.functionsDir(site).map(d -> d.toAbsolutePath().normalize().equals(abs)).orElse(false));
      if (folder) {
        Checked c = checked(reader.readFolder(site, abs));
        count += c.functions();
        findings.addAll(c.findings());
      } else {
        functionsBySite.computeIfAbsent(site, k -> new ArrayList<>()).add(abs);
      }
    }
    for (Map.Entry<Path, List<Path>> e : functionsBySite.entrySet()) {
      Checked c = checked(reader.readFunctions(e.getKey(), e.getValue()));
      count += c.functions();
      findings.addAll(c.findings());
    }
    return new Checked(count, findings);
  }

  /** The nearest folder above {@code path} that holds netlify.toml, else the one above its functions folder. */
  static Path siteAround(Path path) {
    for (Path d = path.getParent(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("netlify.toml"))) return d;
    }
    Path parent = path.getParent();
    return parent == null ? path : parent.getParent() == null ? parent : parent.getParent();
  }

  private static Checked checked(Site site) {
    return new Checked(site.functions().size(), findings(site));
  }

  static List<Finding> findings(Site site) {
    return site.problems().stream().map(p -> new Finding(p.file(), p.line(), p.column(), p.message(), p.rule())).toList();
  }
}
