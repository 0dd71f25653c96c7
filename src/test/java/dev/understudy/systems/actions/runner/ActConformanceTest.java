package dev.understudy.systems.actions.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.actions.model.Workflow;
import dev.understudy.systems.actions.model.WorkflowParser;
import dev.understudy.testing.Conformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner against act's own test workflows (../shared/conformance/act): every directory of
 * EXPECTATIONS.tsv run as act's TestRunEventHostEnvironment runs it: its workflow files for the
 * named event, the testdata folder as the workspace (here a fresh copy per directory), no secrets,
 * and the setting act brings that Understudy gives through its own options: act's default actor
 * ({@code nektos/act}), the {@code ACT=true} variable act sets, and act's own checkout as the git
 * repository (origin {@code github.com/nektos/act}).
 *
 * <p>A directory expected to succeed whose workflow uses a local action missing from the corpus
 * cannot be judged; it is counted apart, by name.
 */
class ActConformanceTest {
  @TempDir Path tmp;

  @Test
  void everyActTestdataDirectoryEndsAsActExpects() throws IOException {
    Path corpus = Conformance.dir("act");
    List<String> lines = Files.readAllLines(corpus.resolve("EXPECTATIONS.tsv"));
    int passed = 0;
    List<String> failures = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) continue;
      String[] f = line.split("\t");
      String dir = f[0], event = f[1];
      boolean expectOk = f[2].equals("ok");
      // Each directory gets its own copy of testdata: some workflows write into the workspace.
      Path workspace = tmp.resolve(dir.replace('/', '_'));
      copy(corpus.resolve("testdata"), workspace);
      git(workspace, "init", "-q");
      git(workspace, "remote", "add", "origin", "https://github.com/nektos/act.git");
      // A missing action is the point of a directory that must fail; elsewhere the corpus lacks it.
      String missing = expectOk ? missingLocalAction(workspace, workspace.resolve(dir)) : null;
      if (missing != null) {
        incomplete.add(dir + " (uses " + missing + ", which the corpus does not hold)");
        continue;
      }
      StringBuilder log = new StringBuilder();
      boolean ok = true;
      for (Path wf : workflows(workspace.resolve(dir))) {
        WorkflowParser.Result parsed = WorkflowParser.parse(Files.readString(wf));
        Workflow w = parsed.workflow();
        if (w == null) {
          ok = false;
          log.append("unreadable: ").append(parsed.problems()).append('\n');
          continue;
        }
        RunRequest req = new RunRequest(wf, event, Map.of(), Map.of(), Map.of(), Map.of(), workspace, null,
            l -> log.append(l).append('\n'), Map.of("ACT", "true"), "nektos/act");
        ok &= new WorkflowRunner().run(w, wf.getFileName().toString(), req).success();
      }
      if (ok == expectOk) passed++;
      else failures.add(dir + ": expected " + f[2] + ", got " + (ok ? "ok" : "fail") + "\n" + indent(log.toString()));
    }
    int total = passed + failures.size();
    System.out.printf("act testdata: %d of %d directories end as act expects; %d apart (corpus incomplete)%n",
        passed, total, incomplete.size());
    incomplete.forEach(s -> System.out.println("  apart: " + s));
    failures.forEach(s -> System.out.println("  FAILED " + s));
    assertThat(failures).isEmpty();
  }

  /** The first {@code uses: ./x} of the directory's workflows whose folder is not in the workspace. */
  private static String missingLocalAction(Path workspace, Path dir) throws IOException {
    java.util.regex.Pattern uses = java.util.regex.Pattern.compile("uses:\\s*(\\./[^\\s'\"]+)");
    for (Path wf : workflows(dir)) {
      var m = uses.matcher(Files.readString(wf));
      while (m.find()) {
        String path = m.group(1);
        if (path.endsWith(".yml") || path.endsWith(".yaml")) continue;
        if (!Files.exists(workspace.resolve(path))) return path;
      }
    }
    return null;
  }

  private static void git(Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static String indent(String log) {
    return log.lines().map(l -> "      " + l).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  private static List<Path> workflows(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")))
          .sorted().toList();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
          target.toFile().setWritable(true);
        }
      }
    }
    try (Stream<Path> s = Files.walk(to)) {
      s.filter(Files::isDirectory).forEach(d -> d.toFile().setWritable(true));
    }
  }
}
