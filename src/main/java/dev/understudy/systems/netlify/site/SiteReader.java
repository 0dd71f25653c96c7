package dev.understudy.systems.netlify.site;

import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.systems.netlify.Site;
import dev.understudy.systems.netlify.Site.Problem;
import dev.understudy.systems.netlify.site.FunctionsFolder.Found;
import dev.understudy.systems.netlify.site.js.JsTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a Netlify site as Netlify's build would find it, without running any of it: netlify.toml,
 * the functions directory ({@code [functions] directory}, else {@code [build] functions}, else
 * {@code netlify/functions} when it exists, relative to the {@code [build] base} directory), each
 * function in it, and every problem on the way. With a {@link NodeSyntaxCheck} the function files'
 * syntax is checked too, by Node, while the rest is read.
 *
 * <pre>{@code
 * Site site = new SiteReader(Optional.of(new NodeSyntaxCheck("node"))).read(Path.of("examples/site"));
 * site.function("hello").map(NetlifyFunction::routes);
 * site.problems().forEach(System.out::println);   // path:line:column: message [rule]
 * }</pre>
 */
public final class SiteReader {
  static final String DEFAULT_DIRECTORY = "netlify/functions";
  /** Netlify's first default, still honoured when {@code netlify/functions} does not exist. */
  static final String LEGACY_DEFAULT_DIRECTORY = "netlify-automatic-functions";

  private final Optional<NodeSyntaxCheck> syntax;

  public SiteReader(Optional<NodeSyntaxCheck> syntax) {
    this.syntax = syntax;
  }

  /** Every function of the site in {@code projectDir}; an {@link IOException} when a directory cannot be listed. */
  public Site read(Path projectDir) throws IOException {
    NetlifyToml toml = NetlifyTomlReader.read(projectDir);
    List<Problem> problems = new ArrayList<>(toml.problems());
    Path base = baseDir(projectDir, toml, problems);
    Optional<Path> dir = functionsDir(base, toml, problems);
    if (dir.isEmpty()) return new Site(projectDir, Optional.empty(), List.of(), sorted(problems));
    List<Found> found = FunctionsFolder.list(dir.get());
    return readFound(projectDir, dir, found, toml, base, problems);
  }

  /**
   * The functions of {@code functionsDir}, whatever netlify.toml names as the functions directory,
   * with the netlify.toml settings of {@code projectDir}.
   */
  public Site readFolder(Path projectDir, Path functionsDir) throws IOException {
    NetlifyToml toml = NetlifyTomlReader.read(projectDir);
    List<Problem> problems = new ArrayList<>(toml.problems());
    Path base = baseDir(projectDir, toml, problems);
    return readFound(projectDir, Optional.of(functionsDir), FunctionsFolder.list(functionsDir), toml, base, problems);
  }

  /** The directory netlify.toml (or Netlify's default) makes the functions directory of {@code projectDir}, if any. */
  public static Optional<Path> functionsDir(Path projectDir) throws IOException {
    NetlifyToml toml = NetlifyTomlReader.read(projectDir);
    List<Problem> ignored = new ArrayList<>();
    return functionsDir(baseDir(projectDir, toml, ignored), toml, ignored);
  }

  /** Whether {@code path} is a function by itself: a function file, or a directory holding a main file. */
  public static boolean isFunction(Path path) {
    return FunctionsFolder.at(path).filter(f -> !f.prebuiltZip()).isPresent();
  }

  /**
   * Only the functions at {@code srcPaths} (function files, or function directories), with the
   * netlify.toml settings of {@code projectDir}. A path that is no function is a problem.
   */
  public Site readFunctions(Path projectDir, List<Path> srcPaths) throws IOException {
    NetlifyToml toml = NetlifyTomlReader.read(projectDir);
    List<Problem> problems = new ArrayList<>(toml.problems());
    Path base = baseDir(projectDir, toml, problems);
    List<Found> found = new ArrayList<>();
    for (Path p : srcPaths) {
      Optional<Found> f = FunctionsFolder.at(p);
      if (f.isPresent()) {
        found.add(f.get());
      } else {
        problems.add(new Problem(p.toString(), 0, 0, "not a function: a function is a .js, .mjs, .cjs, .ts, .tsx, .mts or"
            + " .cts file, or a directory holding NAME.js or index.js (or .ts, .mjs...)", Rule.DIRECTORY));
      }
    }
    return readFound(projectDir, Optional.empty(), found, toml, base, problems);
  }

  private Site readFound(Path projectDir, Optional<Path> dir, List<Found> found, NetlifyToml toml, Path base,
      List<Problem> problems) throws IOException {
    List<Path> sources = found.stream().filter(f -> !f.prebuiltZip()).map(Found::mainFile).toList();
    String where = dir.orElse(projectDir).toString();
    Optional<NodeSyntaxCheck.Pending> check = syntax.map(s -> s.start(sources, where));
    List<NetlifyFunction> functions = new ArrayList<>();
    List<FunctionReader.Result> results = new ArrayList<>();
    for (Found f : found) {
      FunctionReader.Result r = FunctionReader.read(f, toml.settingsFor(f.name()), base);
      r.function().ifPresent(functions::add);
      problems.addAll(r.problems());
      results.add(r);
    }
    if (check.isPresent()) problems.addAll(check.get().problems());
    for (FunctionReader.Result r : results) {
      boolean nodeChecked = check.isPresent() && r.function().isPresent()
          && !check.get().unchecked().contains(r.function().get().mainFile().toAbsolutePath());
      if (nodeChecked || r.unreadable().isEmpty() || r.function().isEmpty()) continue;
      // Node did not check this file (TypeScript, JSX, or no Node): what our tokenizer could not read is the finding.
      JsTokenizer.Issue issue = r.unreadable().get(0);
      problems.add(new Problem(r.function().get().mainFile().toString(), issue.line(), issue.column(),
          "cannot read the file: " + issue.message(), Rule.SYNTAX));
    }
    return new Site(projectDir, dir, functions, sorted(problems));
  }

  /** {@code [build] base}, relative to the project (a leading '/' too, as Netlify reads it). */
  private static Path baseDir(Path projectDir, NetlifyToml toml, List<Problem> problems) {
    if (toml.base().isEmpty()) return projectDir;
    NetlifyToml.Located base = toml.base().get();
    Path dir = projectDir.resolve(stripLeadingSlashes(base.value())).normalize();
    if (!Files.isDirectory(dir)) {
      problems.add(new Problem(toml.file().orElseThrow().toString(), base.line(), base.column(), base.key() + " \""
          + base.value() + "\": the base directory " + dir + " does not exist; Netlify's build stops on it", Rule.TOML));
      return projectDir;
    }
    return dir;
  }

  private static Optional<Path> functionsDir(Path base, NetlifyToml toml, List<Problem> problems) {
    if (toml.functionsDirectory().isPresent()) {
      NetlifyToml.Located d = toml.functionsDirectory().get();
      Path dir = base.resolve(stripLeadingSlashes(d.value())).normalize();
      String file = toml.file().orElseThrow().toString();
      if (Files.isDirectory(dir)) return Optional.of(dir);
      if (Files.exists(dir)) {
        problems.add(new Problem(file, d.line(), d.column(), d.key() + " \"" + d.value() + "\" is a file, not a directory:"
            + " Netlify's build stops on it; name the directory holding the functions", Rule.DIRECTORY));
      } else {
        problems.add(new Problem(file, d.line(), d.column(), d.key() + " \"" + d.value() + "\": " + dir + " does not exist,"
            + " so the site has no functions; create it or fix the path", Rule.DIRECTORY));
      }
      return Optional.empty();
    }
    for (String fallback : List.of(DEFAULT_DIRECTORY, LEGACY_DEFAULT_DIRECTORY)) {
      if (Files.isDirectory(base.resolve(fallback))) return Optional.of(base.resolve(fallback));
    }
    return Optional.empty();
  }

  private static String stripLeadingSlashes(String path) {
    return path.replaceFirst("^/+", "");
  }

  private static List<Problem> sorted(List<Problem> problems) {
    List<Problem> out = new ArrayList<>(problems);
    out.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line).thenComparingInt(Problem::column));
    return out;
  }
}
