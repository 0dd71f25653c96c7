package dev.understudy.orchestrator;

import dev.understudy.config.ConfigLoader;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.systems.netlify.FunctionInvoker;
import dev.understudy.systems.netlify.FunctionJobs;
import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.systems.netlify.NetlifySystem;
import dev.understudy.systems.netlify.Site;
import dev.understudy.systems.netlify.serve.FunctionLogSink;
import dev.understudy.systems.netlify.serve.NodeWorkerPool;
import dev.understudy.systems.netlify.site.NodeSyntaxCheck;
import dev.understudy.systems.netlify.site.SiteReader;
import dev.understudy.util.Suggestions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code understudy run function} does without a daemon: reads the site, starts one Node
 * worker, runs the function once as an HTTP request to it would, and stops. The daemon runs the
 * same call through its warm pool.
 */
public final class FunctionRuns {
  /** The origin a call's URL names when no server listens: what {@code netlify dev} serves on. */
  static final String LOCAL_ORIGIN = "http://localhost:8888";

  private FunctionRuns() {}

  /** One run: what to call, and how. {@code path} null means the function's first path. */
  public record Request(Path project, String name, String method, String path, Map<String, List<String>> headers, byte[] body) {}

  /**
   * Runs it and answers what the function answered; an {@link IllegalArgumentException} names an
   * unknown or invalid function; {@code logs} gets the function's console output.
   */
  public static FunctionInvoker.Result run(Request r, Consumer<String> logs) throws IOException {
    Path project = r.project().toAbsolutePath().normalize();
    UnderstudyConfig config = ConfigLoader.load(project);
    Site site = new SiteReader(Optional.of(new NodeSyntaxCheck("node"))).read(project);
    NetlifyFunction f = valid(site, r.name());
    FunctionLogSink sink = (function, requestId, level, text) -> logs.accept("[" + function + "] " + text);
    NodeWorkerPool.Options o = NodeWorkerPool.Options.defaults().withSize(1).withWorkingDir(project)
        .withEnvironment(FunctionsRuntime.environment(config)).withLogs(sink);
    try (NodeWorkerPool pool = new NodeWorkerPool(o)) {
      return pool.invoke(f, call(LOCAL_ORIGIN, f, r.method(), r.path(), r.headers(), r.body()), timeout(f, config));
    }
  }

  static Duration timeout(NetlifyFunction f, UnderstudyConfig config) {
    return f.background() ? FunctionJobs.BACKGROUND_TIMEOUT : f.scheduled() ? FunctionJobs.SCHEDULED_TIMEOUT : config.netlifyFunctions().timeout();
  }

  /** The call to {@code origin}: at {@code path}, else the function's first path (its own for a v2 route). */
  static FunctionInvoker.Call call(String origin, NetlifyFunction f, String method, String path, Map<String, List<String>> headers,
      byte[] body) {
    String p = path == null || path.isBlank() ? f.paths().isEmpty() ? f.defaultPath() : f.paths().get(0) : path;
    return new FunctionInvoker.Call(method, origin + (p.startsWith("/") ? p : "/" + p), headers, body);
  }

  /** Function {@code name} of the site when it has no problem; else what is wrong, as an {@link IllegalArgumentException}. */
  static NetlifyFunction valid(Site site, String name) {
    Optional<NetlifyFunction> f = site.function(name);
    if (f.isEmpty()) {
      List<String> names = site.functions().stream().map(NetlifyFunction::name).toList();
      throw new IllegalArgumentException("no function '" + name + "'" + Suggestions.closest(name, names).map(c -> ": did you mean '" + c + "'?")
          .orElse(names.isEmpty() ? ": the site has no functions" + site.functionsDir().map(d -> " in " + d).orElse("")
              : ": the site's functions are " + String.join(", ", names)));
    }
    Optional<Site.Problem> problem = NetlifySystem.problemsOf(site, f.get()).stream().findFirst();
    if (problem.isPresent()) {
      throw new IllegalArgumentException("function " + name + " is invalid: " + problem.get() + "; fix it (or 'understudy restore function "
          + name + "') to run it");
    }
    return f.get();
  }
}
