package dev.understudy.cli;

import dev.understudy.orchestrator.WorkflowChecks;
import dev.understudy.orchestrator.WorkflowChecks.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "validate",
    description = {
      "Check workflow files as GitHub reads them, in the spirit of actionlint: one line per finding,",
      "path:line:column: message [rule]. Runs in this process; no daemon needed."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:no finding", "1:findings", "2:a file or folder cannot be read or checked"})
final class ValidateCommand implements Callable<Integer> {
  enum Format { text, json }

  @Parameters(paramLabel = "PATH", arity = "0..*",
      description = "Workflow files or folders (a project folder means its .github/workflows). Default: the project around the current folder.")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default) or json: an array of {\"file\", \"line\", \"column\", \"message\", \"rule\"}.")
  Format format;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = new ArrayList<>();
    if (paths.isEmpty()) {
      Path project = projectWithWorkflows(Path.of("").toAbsolutePath());
      if (project == null) {
        err.println("understudy: no .github/workflows here or above " + Path.of("").toAbsolutePath()
            + ": nothing to check; give workflow files or folders to check others");
        return Main.OK;
      }
      paths = List.of(project);
    }
    for (Path p : paths) {
      if (!Files.exists(p)) {
        err.println("understudy: " + p + ": no such file or folder; give a workflow file, a folder of them, or a project folder");
        return Main.BAD_INPUT;
      }
      try {
        files.addAll(workflowFiles(p));
      } catch (IOException e) {
        err.println("understudy: cannot read " + p + ": " + e.getMessage());
        return Main.BAD_INPUT;
      }
    }
    WorkflowChecks checks = new WorkflowChecks();
    List<Problem> findings = new ArrayList<>();
    boolean unreadable = false;
    for (Path f : files) {
      try {
        findings.addAll(checks.check(f));
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
    if (format == Format.json) {
      StringBuilder b = new StringBuilder("[");
      for (Problem f : findings) {
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

  /** The nearest folder from {@code dir} upwards that holds {@code .github/workflows}, or null. */
  static Path projectWithWorkflows(Path dir) {
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(".github/workflows"))) return d;
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
}
