package dev.understudy.systems.netlify.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.systems.netlify.FunctionInvoker;
import dev.understudy.systems.netlify.NetlifyFunction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TypeScript function compiled with the project's esbuild (.ci/run installs one in .ci/tools). */
class TypeScriptTest {
  @TempDir Path project;

  static Path nodeModules() {
    String dir = System.getProperty("understudy.node_modules", "");
    Path p = dir.isBlank() ? null : Path.of(dir);
    if (p != null && Files.isDirectory(p.resolve("esbuild"))) return p;
    String message = "esbuild is missing (looked in -Dunderstudy.node_modules=" + dir + "): install it with "
        + "'npm install --prefix .ci/tools esbuild@0.25.12 --no-audit --no-fund' (.ci/run does)";
    if ("true".equals(System.getenv("CI"))) throw new AssertionError(message);
    Assumptions.abort(message);
    throw new IllegalStateException("unreachable");
  }

  @Test
  void aTypeScriptFunctionAndItsTypeScriptImportRunAndReload() throws Exception {
    Path modules = nodeModules();
    Files.createSymbolicLink(project.resolve("node_modules"), modules);
    Path dir = project.resolve("netlify/functions");
    Files.createDirectories(dir.resolve("_lib"));
    for (String f : List.of("typed-esbuild.ts", "_lib/shout.ts")) {
      Files.copy(Path.of(getClass().getResource("/netlify/serve/typescript/" + f).toURI()), dir.resolve(f));
    }
    Path main = dir.resolve("typed-esbuild.ts");
    NetlifyFunction f = new NetlifyFunction("typed-esbuild", main, main, NetlifyFunction.ApiVersion.V2, Optional.empty(), false,
        List.of(), List.of(), List.of(), List.of());
    FunctionInvoker.Call call = new FunctionInvoker.Call("GET", "http://localhost/.netlify/functions/typed-esbuild?word=hey", Map.of(), null);
    try (NodeWorkerPool pool = new NodeWorkerPool(NodeWorkerPool.Options.defaults().withSize(1).withWorkingDir(project))) {
      FunctionInvoker.Result r = pool.invoke(f, call, Duration.ofSeconds(30));
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("HEY");
      assertThat(r.status()).isEqualTo(200);
      Path helper = dir.resolve("_lib/shout.ts");
      Files.writeString(helper, "export const shout = (s: string): string => `${s}!`;\n");
      Files.setLastModifiedTime(helper, FileTime.from(Instant.now().plusSeconds(10)));
      await().atMost(Duration.ofSeconds(20)).until(() ->
          new String(pool.invoke(f, call, Duration.ofSeconds(30)).body(), StandardCharsets.UTF_8).equals("hey!"));
    }
  }
}
