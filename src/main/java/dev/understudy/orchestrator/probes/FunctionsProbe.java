package dev.understudy.orchestrator.probes;

import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.Probe;
import dev.understudy.engine.monitor.Sample;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.RunState;
import dev.understudy.systems.netlify.FunctionJobs;
import dev.understudy.systems.netlify.NetlifySystem;
import dev.understudy.systems.netlify.serve.NodeWorkerPool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The netlifyFunctions system's probe: {@code netlifyFunctions/server/answers} (a GET of the
 * function server's root path; any HTTP answer counts: a function is never invoked by a probe,
 * functions have side effects), {@code netlifyFunctions/workers/ready} (at least one Node worker
 * is ready), for every function {@code netlifyFunctions/NAME/valid} and, when it ran on a schedule,
 * {@code netlifyFunctions/NAME/lastRun}; in failover mode {@code netlifyFunctions/primary/observed}.
 */
public final class FunctionsProbe implements Probe {
  public static final String SYSTEM = "netlifyFunctions";
  public static final String VALID = "valid";
  public static final String ANSWERS = "answers";
  public static final String LAST_RUN = "lastRun";
  public static final String WORKERS = "workers";
  public static final String READY = "ready";

  /** What the probe looks at: the running system, through the orchestrator. */
  public interface Source {
    List<NetlifySystem.FunctionStatus> functions();

    /** Where the function server answers; empty while it does not serve. */
    Optional<String> url();

    List<JobRun> history(String job, int limit);

    /** The worker pool's figures; empty while the system does not run. */
    Optional<NodeWorkerPool.Stats> workers();

    /** What failover last learned about Netlify. */
    List<Sample> primary(Instant now);
  }

  private final Source source;
  private final Duration timeout;
  private final HttpClient http;

  public FunctionsProbe(Source source, Duration timeout) {
    this.source = source;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public List<Sample> sample(Instant now) throws InterruptedException {
    List<Sample> out = new ArrayList<>();
    out.add(answers(now));
    source.workers().ifPresent(w -> out.add(workers(w, now)));
    for (NetlifySystem.FunctionStatus f : source.functions()) {
      Check valid = Check.of(SYSTEM, f.name(), VALID);
      out.add(switch (f.state()) {
        case VALID -> Sample.ok(valid, now, f.name() + " is valid");
        case MISSING -> Sample.failed(valid, now, f.name() + " is missing");
        case INVALID -> Sample.failed(valid, now, f.name() + " is invalid: "
            + (f.problems().isEmpty() ? "see understudy validate" : String.valueOf(f.problems().get(0))));
      });
      Optional<JobRun> last = Slots.newest(source.history(FunctionJobs.jobName(f.name()), 20));
      if (last.isPresent()) {
        JobRun r = last.get();
        Check lastRun = Check.of(SYSTEM, f.name(), LAST_RUN);
        String what = f.name() + (r.makeUp() ? " make-up run of the missed slot " : " scheduled run of ") + r.slotInstant().get() + " "
            + r.state().name().toLowerCase(Locale.ROOT)
            + (r.state() == RunState.SUCCEEDED || r.message() == null || r.message().isBlank() ? "" : ": " + r.message());
        out.add(r.state() == RunState.SUCCEEDED ? Sample.ok(lastRun, now, what) : Sample.failed(lastRun, now, what));
      }
    }
    out.addAll(source.primary(now));
    return out;
  }

  private Sample answers(Instant now) throws InterruptedException {
    Check answers = Check.of(SYSTEM, "server", ANSWERS);
    Optional<String> u = source.url();
    if (u.isEmpty()) return Sample.failed(answers, now, "the function server is not serving (see 'understudy status' and the daemon log)");
    URI root = URI.create(u.get()).resolve("/");
    long started = System.nanoTime();
    try {
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(root).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.discarding());
      long ms = (System.nanoTime() - started) / 1_000_000;
      return Sample.ok(answers, now, "the function server at " + root + " answered " + r.statusCode() + " in " + ms + " ms");
    } catch (java.io.IOException e) {
      return Sample.failed(answers, now, "the function server at " + root + " does not answer: " + e);
    }
  }

  private static Sample workers(NodeWorkerPool.Stats w, Instant now) {
    Check ready = Check.of(SYSTEM, WORKERS, READY);
    String figures = w.ready() + " of " + w.size() + " Node worker(s) ready, " + w.replaced() + " replaced so far";
    if (w.ready() > 0) return Sample.ok(ready, now, figures);
    return Sample.failed(ready, now, "no Node worker is ready (" + figures + ")" + w.problem().map(p -> ": " + p).orElse(""));
  }
}
