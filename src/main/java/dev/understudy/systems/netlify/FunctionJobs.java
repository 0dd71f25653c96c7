package dev.understudy.systems.netlify;

import dev.understudy.config.Mode;
import dev.understudy.engine.queue.JobContext;
import dev.understudy.engine.queue.JobDefinition;
import dev.understudy.engine.schedule.CronSchedule;
import dev.understudy.systems.netlify.api.NetlifyFailover;
import dev.understudy.systems.netlify.serve.FunctionServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The site's functions as jobs of the durable queue, named {@code function:<name>}: a scheduled
 * function's job has its cron (UTC, as Netlify runs them), and a background function's job takes
 * each invocation accepted over HTTP as the run's input and retries it as Netlify does (again
 * after 1 minute, then after 2).
 *
 * <p>A scheduled slot is sent as Netlify's scheduler sends it: a POST to the function with {@code
 * {"next_run": "..."}} and {@code X-NF-Event: schedule}. In {@code failover} mode it first asks
 * Netlify ({@link NetlifyFailover}) and runs only while the site or its live deploy will not.
 */
public final class FunctionJobs {
  public static final String SYSTEM = "netlifyFunctions";
  public static final String PREFIX = "function:";
  /** Netlify's limits: a scheduled function runs 30 s at most, a background one 15 minutes. */
  public static final Duration SCHEDULED_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration BACKGROUND_TIMEOUT = Duration.ofMinutes(15);
  /** Netlify retries a failed background invocation twice: after 1 minute, then after 2. */
  public static final int BACKGROUND_ATTEMPTS = 3;
  public static final Duration BACKGROUND_BACKOFF = Duration.ofMinutes(1);
  /** The queue's timeout is the function's plus this, so the invoker's own timeout answers first. */
  static final Duration MARGIN = Duration.ofSeconds(5);

  private final Supplier<Site> site;
  private final FunctionInvoker invoker;
  private final Supplier<String> baseUrl;
  private final Duration syncTimeout;
  private final Mode mode;
  private final Optional<NetlifyFailover> failover;

  /**
   * @param baseUrl where the functions are served ({@code http://127.0.0.1:8888}): the URL a call is made to
   * @param syncTimeout the timeout of a function run on demand
   */
  public FunctionJobs(Supplier<Site> site, FunctionInvoker invoker, Supplier<String> baseUrl, Duration syncTimeout, Mode mode,
      Optional<NetlifyFailover> failover) {
    this.site = site;
    this.invoker = invoker;
    this.baseUrl = baseUrl;
    this.syncTimeout = syncTimeout;
    this.mode = mode;
    this.failover = failover;
  }

  public static String jobName(String function) {
    return PREFIX + function;
  }

  /** One job per function; scheduled ones carry their cron unless the mode is off. */
  public List<JobDefinition> definitions() {
    List<JobDefinition> out = new ArrayList<>();
    for (NetlifyFunction f : site.get().functions()) {
      JobDefinition.Builder b = JobDefinition.builder(jobName(f.name()), SYSTEM, ctx -> run(ctx, f.name()))
          .timeout(timeout(f).plus(MARGIN));
      if (f.background()) b.maxAttempts(BACKGROUND_ATTEMPTS).backoff(BACKGROUND_BACKOFF, BACKGROUND_BACKOFF.multipliedBy(2));
      else b.maxAttempts(1);
      if (f.schedule().isPresent() && mode != Mode.OFF) {
        try {
          b.schedule(CronSchedule.utc(f.schedule().get()));
        } catch (RuntimeException e) {
          // the validator reports a bad schedule; the function still runs on demand
        }
      }
      out.add(b.build());
    }
    return out;
  }

  private Duration timeout(NetlifyFunction f) {
    if (f.background()) return BACKGROUND_TIMEOUT;
    if (f.scheduled()) return SCHEDULED_TIMEOUT;
    return syncTimeout;
  }

  private void run(JobContext ctx, String name) throws Exception {
    NetlifyFunction f = site.get().function(name)
        .orElseThrow(() -> new IllegalStateException("function " + name + " is no longer in the site's functions folder"));
    Optional<String> stored = ctx.payload();
    FunctionInvoker.Call call;
    if (stored.isPresent()) {
      call = FunctionCall.decode(stored.get());
      ctx.log(call.method() + " " + call.url() + " (attempt " + ctx.attempt() + ")");
    } else if (ctx.slot().isPresent() && f.schedule().isPresent()) {
      if (mode == Mode.FAILOVER && !primaryWillNotRun(ctx, name)) return;
      call = scheduled(f, ctx.slot().get());
    } else {
      call = new FunctionInvoker.Call("POST", baseUrl.get() + f.defaultPath(), Map.of(), new byte[0]);
    }
    FunctionInvoker.Result r = invoker.invoke(f, call, timeout(f));
    String body = new String(r.body(), StandardCharsets.UTF_8);
    ctx.log(name + " answered " + r.status() + " in " + r.took().toMillis() + " ms" + (body.isBlank() ? "" : ": " + excerpt(body)));
    if (r.status() >= 500) throw new IllegalStateException(name + " answered " + r.status() + (body.isBlank() ? "" : ": " + excerpt(body)));
  }

  /** What Netlify's scheduler sends for a slot: the call {@link FunctionServer#scheduledCall} makes. */
  FunctionInvoker.Call scheduled(NetlifyFunction f, Instant slot) {
    return FunctionServer.scheduledCall(f, baseUrl.get(), CronSchedule.utc(f.schedule().orElseThrow()).nextAfter(slot).orElse(null));
  }

  private boolean primaryWillNotRun(JobContext ctx, String name) {
    if (failover.isEmpty()) {
      ctx.log("standby: Netlify cannot be observed; mode replace runs every slot here");
      return false;
    }
    NetlifyFailover.Result r = failover.get().decide(name);
    if (r.runHere()) {
      ctx.log("Netlify will not run this slot: running it here (" + r.reason() + ")");
      return true;
    }
    ctx.log(r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + r.reason() + " - not run here");
    return false;
  }

  private static String excerpt(String s) {
    String one = s.strip().replaceAll("\\s+", " ");
    return one.length() > 300 ? one.substring(0, 300) + "..." : one;
  }
}
