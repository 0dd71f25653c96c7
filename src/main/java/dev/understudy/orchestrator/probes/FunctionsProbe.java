package dev.understudy.orchestrator.probes;

import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.Probe;
import dev.understudy.engine.monitor.Sample;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.RunState;
import dev.understudy.systems.netlify.FunctionJobs;
import dev.understudy.systems.netlify.NetlifySystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The netlifyFunctions system's probe: {@code netlifyFunctions/server/answers} (a GET of the
 * function server's root path; any HTTP answer counts: a function is never invoked by a probe,
 * functions have side effects), and for every function {@code netlifyFunctions/NAME/valid} and,
 * when it ran on a schedule, {@code netlifyFunctions/NAME/lastRun}.
 */
public final class FunctionsProbe implements Probe {
  public static final String SYSTEM = "netlifyFunctions";
  public static final String VALID = "valid";
  public static final String ANSWERS = "answers";
  public static final String LAST_RUN = "lastRun";

  private final Supplier<List<NetlifySystem.FunctionStatus>> functions;
  private final Supplier<Optional<String>> url;
  private final BiFunction<String, Integer, List<JobRun>> history;
  private final Duration timeout;
  private final HttpClient http;

  public FunctionsProbe(Supplier<List<NetlifySystem.FunctionStatus>> functions, Supplier<Optional<String>> url,
      BiFunction<String, Integer, List<JobRun>> history, Duration timeout) {
    this.functions = functions;
    this.url = url;
    this.history = history;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public List<Sample> sample(Instant now) throws InterruptedException {
    List<Sample> out = new ArrayList<>();
    Optional<String> u = url.get();
    Check answers = Check.of(SYSTEM, "server", ANSWERS);
    if (u.isPresent()) {
      URI root = URI.create(u.get()).resolve("/");
      long started = System.nanoTime();
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(root).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.discarding());
        long ms = (System.nanoTime() - started) / 1_000_000;
        out.add(Sample.ok(answers, now, "the function server at " + root + " answered " + r.statusCode() + " in " + ms + " ms"));
      } catch (java.io.IOException e) {
        out.add(Sample.failed(answers, now, "the function server at " + root + " does not answer: " + e));
      }
    } else {
      out.add(Sample.failed(answers, now, "the function server is not serving (see 'understudy status' and the daemon log)"));
    }
    for (NetlifySystem.FunctionStatus f : functions.get()) {
      Check valid = Check.of(SYSTEM, f.name(), VALID);
      out.add(switch (f.state()) {
        case VALID -> Sample.ok(valid, now, f.name() + " is valid");
        case MISSING -> Sample.failed(valid, now, f.name() + " is missing");
        case INVALID -> Sample.failed(valid, now, f.name() + " is invalid: "
            + (f.problems().isEmpty() ? "see understudy validate" : String.valueOf(f.problems().get(0))));
      });
      Optional<JobRun> last = history.apply(FunctionJobs.jobName(f.name()), 20).stream()
          .filter(r -> r.slot() != null && !r.slot().isBlank() && r.state().terminal() && r.state() != RunState.SKIPPED).findFirst();
      if (last.isPresent()) {
        JobRun r = last.get();
        Check lastRun = Check.of(SYSTEM, f.name(), LAST_RUN);
        String what = f.name() + " scheduled run of " + r.slot() + " " + r.state().name().toLowerCase(java.util.Locale.ROOT)
            + (r.state() == RunState.SUCCEEDED || r.message() == null || r.message().isBlank() ? "" : ": " + r.message());
        out.add(r.state() == RunState.SUCCEEDED ? Sample.ok(lastRun, now, what) : Sample.failed(lastRun, now, what));
      }
    }
    return out;
  }
}
