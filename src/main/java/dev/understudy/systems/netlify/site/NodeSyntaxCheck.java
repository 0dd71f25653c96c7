package dev.understudy.systems.netlify.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.systems.netlify.Site.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Checks function files' syntax with Node, all of them in one Node process
 * ({@code node/understudy-syntax-check.js}): Node parses each file as it would load it, never
 * running it. {@code .mjs}/{@code .mts} are ES modules, {@code .cjs}/{@code .cts} CommonJS, and
 * {@code .js}/{@code .ts} CommonJS unless ES module syntax says otherwise (Node's own detection).
 * TypeScript is checked only by a Node that can strip types (22.13+); {@code .tsx} never (Node reads
 * no JSX). Start it, do other work, then {@link Pending#problems()}.
 */
public final class NodeSyntaxCheck {
  static final String SCRIPT = "/node/understudy-syntax-check.js";
  private static final Map<String, String> MODES = Map.of(".js", "detect", ".mjs", "module", ".cjs", "script",
      ".ts", "ts-detect", ".mts", "ts-module", ".cts", "ts-script");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 60;

  private final String node;

  /** {@code node}: the Node.js command ({@code "node"} to find it on PATH). */
  public NodeSyntaxCheck(String node) {
    this.node = node;
  }

  /** What a running check will report: a problem per file that does not parse, and the files it could not check. */
  public interface Pending {
    List<Problem> problems();

    /** Files Node did not check (TypeScript this Node cannot read, JSX), as absolute paths. */
    Set<Path> unchecked();
  }

  private record Result(List<Problem> problems, Set<Path> unchecked) implements Pending {
    Result {
      problems = List.copyOf(problems);
      unchecked = Set.copyOf(unchecked);
    }
  }

  /** Starts checking {@code files}; a failure to start Node at all is one problem on {@code where}. */
  public Pending start(List<Path> files, String where) {
    List<String> argv = new ArrayList<>(List.of(node, "--experimental-vm-modules", "--no-warnings", "-e", script(), "--"));
    Set<Path> unchecked = new java.util.HashSet<>();
    for (Path f : files) {
      String mode = MODES.get(FunctionsFolder.extension(f.getFileName().toString()).toLowerCase(Locale.ROOT));
      if (mode == null) unchecked.add(f.toAbsolutePath());
      else argv.add(mode + ":" + f.toAbsolutePath());
    }
    if (argv.size() == 6) return done(List.of(), unchecked);
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectErrorStream(false).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      return done(List.of(new Problem(where, 0, 0, "function syntax not checked: cannot run '" + node + "' (" + e.getMessage()
          + "); install Node.js 18 or newer, or set the node command", Rule.SYNTAX)),
          files.stream().map(Path::toAbsolutePath).collect(java.util.stream.Collectors.toSet()));
    }
    CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    CompletableFuture<Result> result = CompletableFuture.supplyAsync(() -> collect(process, stderr, unchecked, where));
    return new Pending() {
      @Override
      public List<Problem> problems() {
        return result.join().problems();
      }

      @Override
      public Set<Path> unchecked() {
        return result.join().unchecked();
      }
    };
  }

  private Result collect(Process process, CompletableFuture<byte[]> stderr, Set<Path> unchecked, String where) {
    List<Problem> problems = new ArrayList<>();
    Set<Path> skipped = new java.util.HashSet<>(unchecked);
    try {
      String out = new String(readAll(process.getInputStream()), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        problems.add(new Problem(where, 0, 0, "function syntax check by Node did not finish in " + TIMEOUT_SECONDS + " s",
            Rule.SYNTAX));
        return done(problems, skipped);
      }
      for (String line : out.split("\n")) {
        if (line.isBlank()) continue;
        JsonNode r = JSON.readTree(line);
        Path file = Path.of(r.path("file").asText());
        if (r.has("skipped")) {
          skipped.add(file);
        } else {
          problems.add(new Problem(file.toString(), r.path("line").asInt(), r.path("column").asInt(),
              r.path("message").asText() + "; Node cannot load the function until this is fixed", Rule.SYNTAX));
        }
      }
      if (process.exitValue() != 0) {
        String err = new String(stderr.join(), StandardCharsets.UTF_8).strip();
        problems.add(new Problem(where, 0, 0, "function syntax check by Node failed (exit " + process.exitValue() + "): "
            + err.lines().findFirst().orElse(""), Rule.SYNTAX));
      }
    } catch (IOException e) {
      problems.add(new Problem(where, 0, 0, "function syntax check by Node failed: " + e.getMessage(), Rule.SYNTAX));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    return done(problems, skipped);
  }

  private static Result done(List<Problem> problems, Set<Path> unchecked) {
    return new Result(problems, unchecked);
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String script() {
    try (InputStream in = NodeSyntaxCheck.class.getResourceAsStream(SCRIPT)) {
      if (in == null) throw new IllegalStateException(SCRIPT + " is missing from the class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
