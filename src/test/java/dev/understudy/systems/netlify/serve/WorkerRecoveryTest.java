package dev.understudy.systems.netlify.serve;

import static dev.understudy.systems.netlify.serve.ServeFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.systems.netlify.FunctionInvoker;
import dev.understudy.systems.netlify.NetlifyFunction;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** Timeouts, crashes and recycling: one worker per server, so every call shares it. */
class WorkerRecoveryTest {
  @TempDir Path project;
  FunctionServer server;
  List<NetlifyFunction> functions;
  final ServeFixtures.Logs logs = new ServeFixtures.Logs();

  FunctionServer start(Duration syncTimeout, int maxEsmReloads) throws Exception {
    Path dir = ServeFixtures.copy(project);
    functions = ServeFixtures.all(dir);
    NodeWorkerPool pool = new NodeWorkerPool(NodeWorkerPool.Options.defaults().withSize(1).withWorkingDir(project)
        .withLogs(logs).withMaxEsmReloads(maxEsmReloads));
    server = FunctionServer.builder(() -> functions).pool(pool).logs(logs).syncTimeout(syncTimeout).build();
    server.start("127.0.0.1", 0);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      server.invoker().close();
    }
  }

  NetlifyFunction fn(String name) {
    return functions.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  long workerPid() {
    HttpResponse<String> r = get(server.port(), "/.netlify/functions/worker-pid");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Long.parseLong(r.body());
  }

  CompletableFuture<FunctionInvoker.Result> sleepy(int ms) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return server.invoker().invoke(fn("sleepy"),
            new FunctionInvoker.Call("GET", "http://localhost/.netlify/functions/sleepy?ms=" + ms, Map.of(), null), Duration.ofSeconds(30));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void aTimeoutIsNetlifys500AndTheWorkerIsReplacedWhileItsOtherCallsFinish() throws Exception {
    start(Duration.ofSeconds(1), 50);
    long before = workerPid();
    CompletableFuture<HttpResponse<String>> hang = CompletableFuture.supplyAsync(() -> get(server.port(), "/.netlify/functions/hang"));
    await().atMost(Duration.ofSeconds(5)).until(() -> server.invoker().stats().inflight() == 1);
    CompletableFuture<FunctionInvoker.Result> other = sleepy(1500);
    HttpResponse<String> r = hang.get();
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("TimeoutError: Task timed out after 1.00 seconds");
    assertThat(logs.has("hang", Level.ERROR, "Function hang timed out after 1.00 seconds")).isTrue();
    FunctionInvoker.Result o = other.get();
    assertThat(o.status()).as("a call sharing the worker finishes undisturbed").isEqualTo(200);
    assertThat(new String(o.body())).isEqualTo("slept 1500");
    await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false));
    assertThat(workerPid()).isNotEqualTo(before);
    assertThat(get(server.port(), "/.netlify/functions/hello").body()).isEqualTo("Hello, World");
  }

  @Test
  void aTimeoutThatBlocksTheEventLoopKillsTheWorkerAndItsOtherCallsGet500s() throws Exception {
    start(Duration.ofSeconds(1), 50);
    long before = workerPid();
    CompletableFuture<FunctionInvoker.Result> other = sleepy(3000);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.invoker().stats().inflight() == 1);
    HttpResponse<String> r = get(server.port(), "/.netlify/functions/busy");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("TimeoutError: Task timed out after 1.00 seconds");
    FunctionInvoker.Result o = other.get();
    assertThat(o.status()).isEqualTo(500);
    assertThat(new String(o.body())).contains("function busy timed out and kept the worker's event loop busy");
    await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false));
    assertThat(workerPid()).isNotEqualTo(before);
  }

  @Test
  void processExitInAFunctionIsA500AndANewWorkerTakesOver() throws Exception {
    start(Duration.ofSeconds(30), 50);
    long before = workerPid();
    HttpResponse<String> r = get(server.port(), "/.netlify/functions/exit");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("Function exit called process.exit(3)");
    assertThat(logs.has("exit", Level.ERROR, "called process.exit(3)")).isTrue();
    assertThat(workerPid()).isNotEqualTo(before);
    assertThat(server.invoker().stats().replaced()).isEqualTo(1);
  }

  @Test
  void aKilledWorkersCallsGet500sAndItIsReplaced() throws Exception {
    start(Duration.ofSeconds(30), 50);
    long before = workerPid();
    CompletableFuture<FunctionInvoker.Result> inFlight = sleepy(5000);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.invoker().stats().inflight() == 1);
    ProcessHandle.of(before).orElseThrow().destroyForcibly();
    FunctionInvoker.Result r = inFlight.get();
    assertThat(r.status()).isEqualTo(500);
    assertThat(new String(r.body())).contains("the call of function sleepy was cut short: the Node.js worker exited");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(workerPid()).isNotEqualTo(before));
  }

  @Test
  void anUncaughtErrorFailsItsCallAndTheWorkerIsRecycledGracefully() throws Exception {
    start(Duration.ofSeconds(30), 50);
    long before = workerPid();
    HttpResponse<String> r = get(server.port(), "/.netlify/functions/throw-later");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).startsWith("Error: boom later");
    assertThat(logs.has("throw-later", Level.ERROR, "Uncaught exception: boom later")).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false));
    assertThat(workerPid()).isNotEqualTo(before);
  }

  @Test
  void aWorkerIsReplacedAfterTooManyEsModuleReloads() throws Exception {
    start(Duration.ofSeconds(30), 3);
    Path main = functions.stream().filter(f -> f.name().equals("reload")).findFirst().orElseThrow().mainFile();
    long before = workerPid();
    for (int i = 1; i <= 4; i++) {
      Files.writeString(main, "export default async () => new Response('edit " + i + "');\n");
      Files.setLastModifiedTime(main, FileTime.from(Instant.now().plusSeconds(i * 10L)));
      int n = i;
      await().atMost(Duration.ofSeconds(10)).until(() -> get(server.port(), "/.netlify/functions/reload").body().equals("edit " + n));
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(workerPid()).isNotEqualTo(before));
    assertThat(server.invoker().stats().replaced()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void withoutNodeTheInvokerSaysSo() {
    NodeWorkerPool pool = new NodeWorkerPool(NodeWorkerPool.Options.defaults().withSize(1).withNode("/nonexistent/node").withLogs(logs));
    try {
      Path dir = ServeFixtures.copy(project);
      NetlifyFunction hello = ServeFixtures.v1(dir, "hello.js");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.invoke(hello,
              new FunctionInvoker.Call("GET", "http://localhost/", Map.of(), null), Duration.ofSeconds(5)))
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("no Node.js worker could start to run function hello")
          .hasMessageContaining("/nonexistent/node");
    } finally {
      pool.close();
    }
  }
}
