package dev.understudy.bench;

import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.systems.netlify.NetlifyFunction.ApiVersion;
import dev.understudy.systems.netlify.serve.FunctionServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves bench/functions/site's hello functions (v1 hello.js, v2 hello-v2.mjs) on a port for wrk
 * (bench/functions/bench.sh). Arguments: SITE_DIR PORT [WORKERS]; BENCH_NODE_ARGS adds Node flags. Prints "READY port=N" once
 * listening; stops on SIGTERM.
 */
public final class FunctionsServeBench {
  public static void main(String[] args) throws Exception {
    Path site = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    Path dir = site.resolve("netlify/functions");
    List<NetlifyFunction> functions = List.of(fn(dir, "hello", "hello.js", ApiVersion.V1), fn(dir, "hello-v2", "hello-v2.mjs", ApiVersion.V2));
    FunctionServer.Builder b = FunctionServer.builder(() -> functions).workingDir(site).environment(Map.of())
        .logs((f, id, level, text) -> System.err.println("[" + f + "] " + text));
    if (workers > 0) b.workers(workers);
    String nodeArgs = System.getenv("BENCH_NODE_ARGS");
    if (nodeArgs != null && !nodeArgs.isBlank()) b.nodeArgs(List.of(nodeArgs.trim().split("\\s+")));
    FunctionServer server = b.build();
    server.start("127.0.0.1", port);
    System.out.println("READY port=" + server.port() + " jvm-uptime-ms=" + ManagementFactory.getRuntimeMXBean().getUptime());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join(); // until SIGTERM
  }

  private static NetlifyFunction fn(Path dir, String name, String file, ApiVersion api) {
    Path main = dir.resolve(file);
    return new NetlifyFunction(name, main, main, api, Optional.empty(), false, List.of(), List.of(), List.of(), List.of());
  }
}
