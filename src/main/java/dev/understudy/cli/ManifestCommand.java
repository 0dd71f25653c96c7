package dev.understudy.cli;

import dev.understudy.orchestrator.FunctionManifests;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "manifest",
    description = {
      "Write the site's Netlify functions as Netlify's functions manifest (manifest.json, version 1: names,",
      "main files, schedules, invocation modes, routes), read from the sources and netlify.toml without",
      "running them. Prints where it went. No daemon needed."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:written", "1:written, but the site has findings (see understudy validate)",
        "2:the project cannot be read or the file cannot be written"})
final class ManifestCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT", description = "The project folder (default: --project, else the current folder).")
  Path project;

  @Option(names = "--project", paramLabel = "DIR", description = "The project folder, as other commands take it.")
  Path projectOption;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Where to write it (default: PROJECT/" + "${DEFAULT-VALUE}" + ").", defaultValue = ".netlify/understudy/manifest.json")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (project != null && projectOption != null && !project.equals(projectOption)) {
      err.println("understudy: give the project once: PROJECT " + project + " and --project " + projectOption + " differ");
      return Main.BAD_INPUT;
    }
    Path dir = project != null ? project : projectOption != null ? projectOption : Path.of("");
    if (!Files.isDirectory(dir.toAbsolutePath())) {
      err.println("understudy: " + dir + ": no such folder; give the project folder");
      return Main.BAD_INPUT;
    }
    boolean defaultOut = spec.commandLine().getParseResult().matchedOption("--out") == null;
    Optional<Path> target = defaultOut ? Optional.empty() : Optional.of(out);
    FunctionManifests.Written written;
    try {
      written = FunctionManifests.write(dir.toAbsolutePath(), target);
    } catch (IOException e) {
      err.println("understudy: cannot write the manifest: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    if (!written.functionsDirectory()) {
      err.println("understudy: " + dir.toAbsolutePath() + " has no functions directory (netlify.toml [functions] directory,"
          + " or netlify/functions): the manifest lists no function");
    }
    written.findings().forEach(err::println);
    stdout.println(written.file() + " (" + written.functions() + (written.functions() == 1 ? " function)" : " functions)"));
    stdout.flush();
    return written.findings().isEmpty() ? Main.OK : Main.FAILED;
  }
}
