package dev.understudy.orchestrator;

import dev.understudy.engine.keep.GoodCopies;
import dev.understudy.engine.keep.RejectedCopies;
import dev.understudy.engine.keep.Restorer;
import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.systems.netlify.NetlifySystem;
import dev.understudy.systems.netlify.Site;
import dev.understudy.systems.netlify.site.NodeSyntaxCheck;
import dev.understudy.systems.netlify.site.SiteReader;
import dev.understudy.util.Suggestions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The faces' door to a site's function backups: the good copies of each function's main file
 * (named by its path in the functions folder) and restoring one, with no daemon. Wires the
 * netlifyFunctions system's parts for one project, so the CLI does not.
 */
public final class FunctionRecovery implements Recovery {
  public static final String KIND = "functions";

  private final Path projectDir;
  private final GoodCopies copies;
  private final RejectedCopies rejected;
  private final Restorer restorer;

  private FunctionRecovery(Path projectDir, GoodCopies copies, RejectedCopies rejected) {
    this.projectDir = projectDir;
    this.copies = copies;
    this.rejected = rejected;
    this.restorer = new Restorer(copies, rejected);
  }

  public static FunctionRecovery open(Path projectDir, WorkflowRecovery.Places places, int keep) {
    Path dir = projectDir.toAbsolutePath().normalize();
    return new FunctionRecovery(dir, GoodCopies.forProject(places.backupsDir(), dir, KIND, NetlifySystem.SUFFIX, keep),
        RejectedCopies.forProject(places.rejectedDir(), dir, KIND, NetlifySystem.SUFFIX));
  }

  @Override
  public String kind() {
    return "function";
  }

  /** A function's name ({@code hello}) or its file in the functions folder ({@code hello.mjs}, {@code billing/index.js}). */
  @Override
  public String resolve(String name) throws NotFound {
    TreeMap<String, String> known = new TreeMap<>(); // function name -> its file
    for (String file : copies.names()) known.put(NetlifySystem.nameOf(file), file);
    try {
      Site site = new SiteReader(Optional.empty()).read(projectDir);
      for (NetlifyFunction f : site.functions()) known.put(f.name(), NetlifySystem.key(site, f));
    } catch (IOException e) {
      // the folder cannot be listed: the copies are what we know
    }
    if (known.containsKey(name)) return known.get(name);
    if (known.containsValue(name)) return name;
    String hint = Suggestions.closest(name, known.keySet()).map(s -> ": did you mean '" + s + "'?")
        .orElse(known.isEmpty() ? ": the site has no functions and no good copies are stored" : ": known functions: " + String.join(", ", known.keySet()));
    throw new NotFound("no function '" + name + "'" + hint);
  }

  @Override
  public List<GoodCopies.Copy> copies(String file) {
    return copies.history(file);
  }

  @Override
  public String currentSha(String file) {
    return functionsDir().map(d -> Recovery.shaOf(d.resolve(file))).orElse("missing");
  }

  @Override
  public Path backupsRoot() {
    return copies.root();
  }

  @Override
  public Restorer.Plan plan(String file, int n) throws NotFound, IOException {
    Path dir = functionsDir().orElseThrow(() -> new NotFound("the site in " + projectDir + " has no functions folder to restore into"
        + ": set [functions] directory in netlify.toml or create netlify/functions"));
    try {
      return restorer.plan(file, n, dir.resolve(file), projectDir.relativize(dir.resolve(file)).toString(),
          "understudy backups function " + NetlifySystem.nameOf(file));
    } catch (Restorer.NoCopyException e) {
      throw new NotFound(e.getMessage());
    }
  }

  @Override
  public Restorer.Done restore(Restorer.Plan plan) throws IOException {
    return restorer.apply(plan);
  }

  private Optional<Path> functionsDir() {
    try {
      return SiteReader.functionsDir(projectDir);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The running system for the daemon: reads with a Node syntax check through {@code node}. */
  NetlifySystem system(boolean autoRestore, String node) {
    return new NetlifySystem(projectDir, reading(new SiteReader(Optional.of(new NodeSyntaxCheck(node)))),
        reading(new SiteReader(Optional.empty())), copies, rejected, autoRestore);
  }

  private static java.util.function.Function<Path, Site> reading(SiteReader reader) {
    return p -> {
      try {
        return reader.read(p);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }
}
