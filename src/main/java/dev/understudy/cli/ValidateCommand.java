package dev.understudy.cli;

import dev.understudy.orchestrator.Finding;
import dev.understudy.orchestrator.FunctionChecks;
import dev.understudy.orchestrator.WorkflowChecks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "validate",
    description = {
      "Check workflow files as GitHub reads them, in the spirit of actionlint, and Netlify functions as",
      "Netlify's build reads them (netlify.toml, exports, in-source config, syntax by Node): one line per",
      "finding, path:line:column: message [rule]. Runs in this process; no daemon needed."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:no finding", "1:findings", "2:a file or folder cannot be read or checked"})
final class ValidateCommand implements Callable<Integer> {
  enum Format { text, json }

  private static final Set<String> FUNCTION_EXTENSIONS = Set.of(".js", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts");

  @Parameters(paramLabel = "PATH", arity = "0..*",
      description = {
        "Workflow files, function files or folders: a project folder (or its netlify.toml) means its",
        ".github/workflows and its Netlify functions; a functions folder (or one function's folder) means",
        "those functions.",
        "Default: the project around the current folder."})
  List<Path> paths = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default) or json: an array of {\"file\", \"line\", \"column\", \"message\", \"rule\"}.")
  Format format;

  @Option(names = "--node", paramLabel = "COMMAND", defaultValue = "node",
      description = "The Node.js that checks function syntax (default: node on PATH).")
  String node;

  @Spec CommandSpec spec;

  /** What to check: workflow files, whole sites, and function paths. */
  private final List<Path> workflowFiles = new ArrayList<>();
  private final List<Path> sites = new ArrayList<>();
  private final List<Path> functionPaths = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (paths.isEmpty()) {
      Path project = project(Path.of("").toAbsolutePath());
      if (project == null) {
        err.println("understudy: no .github/workflows, netlify.toml or netlify/functions here or above "
            + Path.of("").toAbsolutePath() + ": nothing to check; give workflow or function files or folders to check others");
        return Main.OK;
      }
      paths = List.of(project);
    }
    for (Path p : paths) {
      if (!Files.exists(p)) {
        err.println("understudy: " + p + ": no such file or folder; give a workflow file, a function, a folder of them, or a project folder");
        return Main.BAD_INPUT;
      }
      try {
        sort(p);
      } catch (IOException e) {
        err.println("understudy: cannot read " + p + ": " + e.getMessage());
        return Main.BAD_INPUT;
      }
    }
    List<Finding> findings = new ArrayList<>();
    boolean unreadable = checkWorkflows(findings, err);
    unreadable |= checkFunctions(findings, err);
    if (format == Format.json) {
      StringBuilder b = new StringBuilder("[");
      for (Finding f : findings) {
        if (b.length() > 1) b.append(",\n ");
        b.append("{\"file\": ").append(Json.quote(f.file())).append(", \"line\": ").append(f.line())
            .append(", \"column\": ").append(f.column()).append(", \"message\": ").append(Json.quote(f.message()))
            .append(", \"rule\": ").append(Json.quote(f.rule())).append('}');
      }
      out.println(b.append(']'));
    } else {
      findings.forEach(out::println);
    }
    out.flush();
    if (unreadable) return Main.BAD_INPUT;
    return findings.isEmpty() ? Main.OK : Main.FAILED;
  }

  /** Files by kind; a project folder is its workflows and its site; another folder its workflows and functions. */
  private void sort(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      if (p.getFileName().toString().equals("netlify.toml")) sites.add(p.toAbsolutePath().getParent());
      else if (FUNCTION_EXTENSIONS.contains(extension(p))) functionPaths.add(p);
      else workflowFiles.add(p);
      return;
    }
    workflowFiles.addAll(workflowFiles(p));
    if (FunctionChecks.isSite(p)) sites.add(p);
    else if (!Files.isDirectory(p.resolve(".github/workflows")) && holdsFunctions(p)) functionPaths.add(p);
  }

  private boolean checkWorkflows(List<Finding> findings, PrintWriter err) {
    WorkflowChecks checks = new WorkflowChecks();
    boolean unreadable = false;
    for (Path f : workflowFiles) {
      try {
        checks.check(f).forEach(p -> findings.add(new Finding(p.file(), p.line(), p.column(), p.message(), p.rule())));
      } catch (java.nio.charset.CharacterCodingException e) {
        err.println("understudy: cannot read " + f + ": it is not UTF-8 text (GitHub reads workflows as UTF-8)");
        unreadable = true;
      } catch (IOException e) {
        err.println("understudy: cannot read " + f + ": " + e.getMessage());
        unreadable = true;
      } catch (RuntimeException | StackOverflowError e) {
        // A bug of ours must not hide the findings of the other files.
        err.println("understudy: checking " + f + " failed: " + e + "; please report it with the file");
        unreadable = true;
      }
    }
    return unreadable;
  }

  private boolean checkFunctions(List<Finding> findings, PrintWriter err) {
    if (sites.isEmpty() && functionPaths.isEmpty()) return false;
    FunctionChecks checks = new FunctionChecks(node);
    try {
      for (Path site : sites) findings.addAll(checks.checkSite(site).findings());
      if (!functionPaths.isEmpty()) findings.addAll(checks.checkPaths(functionPaths).findings());
      return false;
    } catch (IOException e) {
      err.println("understudy: cannot read the functions: " + e.getMessage());
      return true;
    } catch (RuntimeException | StackOverflowError e) {
      err.println("understudy: checking the functions failed: " + e + "; please report it with the files");
      return true;
    }
  }

  /** The nearest folder from {@code dir} upwards that holds workflows or a Netlify site, or null. */
  static Path project(Path dir) {
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(".github/workflows")) || FunctionChecks.isSite(d)) return d;
      if (d.getFileName() != null && d.getFileName().toString().equals("workflows")
          && d.getParent() != null && d.getParent().getFileName() != null
          && d.getParent().getFileName().toString().equals(".github")) return d.getParent().getParent();
    }
    return null;
  }

  /**
   * A file as itself; a folder holding {@code .github/workflows} as that folder's workflows;
   * any other folder as the workflow files directly in it.
   */
  static List<Path> workflowFiles(Path p) throws IOException {
    if (!Files.isDirectory(p)) return List.of(p);
    Path dir = Files.isDirectory(p.resolve(".github/workflows")) ? p.resolve(".github/workflows") : p;
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")))
          .sorted().toList();
    }
  }

  /** A function's own folder, or a folder with a function file or function folder directly in it. */
  private static boolean holdsFunctions(Path dir) throws IOException {
    if (FunctionChecks.isFunction(dir)) return true;
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(FunctionChecks::isFunction);
    }
  }

  private static String extension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
  }
}
