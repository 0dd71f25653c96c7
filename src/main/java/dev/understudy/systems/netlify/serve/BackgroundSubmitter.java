package dev.understudy.systems.netlify.serve;

import dev.understudy.systems.netlify.FunctionInvoker;
import dev.understudy.systems.netlify.NetlifyFunction;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.event.Level;

/**
 * Takes a background function's call off the HTTP front, which answers 202 once {@link #submit}
 * returned (so a submitter that records the call durably loses none; one that throws makes the
 * front answer 500). Whoever runs it later calls {@link FunctionInvoker#invoke} with
 * {@link BackgroundCall#call()}; a status of 500 or more is a failure worth a retry.
 */
@FunctionalInterface
public interface BackgroundSubmitter {

  /** One accepted request for a background function. */
  record BackgroundCall(NetlifyFunction function, FunctionInvoker.Call call, String requestId, Instant received) {}

  void submit(BackgroundCall call) throws Exception;

  /**
   * The simple kind: runs each call at once on a small thread pool (no durability, no retries),
   * logging failures through {@code logs}.
   */
  static BackgroundSubmitter immediate(FunctionInvoker invoker, Duration timeout, FunctionLogSink logs) {
    ExecutorService runner = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "understudy-functions-background");
      t.setDaemon(true);
      return t;
    });
    return bc -> runner.execute(() -> {
      String name = bc.function().name();
      try {
        FunctionInvoker.Result r = invoker.invoke(bc.function(), bc.call(), timeout);
        if (r.status() >= 500) {
          logs.line(name, bc.requestId(), Level.ERROR, "Error during background function " + name + " execution: "
              + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        } else {
          logs.line(name, bc.requestId(), Level.INFO, "Done executing background function " + name + " in " + r.took().toMillis() + " ms");
        }
      } catch (Exception e) {
        logs.line(name, bc.requestId(), Level.ERROR, "Background function " + name + " could not run: " + e.getMessage());
      }
    });
  }
}
