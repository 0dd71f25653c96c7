package dev.understudy.engine.queue;

import dev.understudy.engine.logs.LogTail;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one attempt of a job on its own thread, enforcing its timeout and honouring cancels. */
final class RunExecutor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.understudy.jobs");

  record Result(RunState state, String message, String excerpt) {}

  private final JobRunStore runs;
  private final Clock clock;
  private final String node;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "understudy-job");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Attempt> active = new ConcurrentHashMap<>();

  RunExecutor(JobRunStore runs, Clock clock, String node) {
    this.runs = runs;
    this.clock = clock;
    this.node = node;
  }

  /**
   * Runs one attempt. Empty when the run was cancelled before it started; state RUNNING when the
   * daemon is stopping and the attempt was cut off (it resumes after restart).
   */
  Optional<Result> execute(JobDefinition def, JobRun run, int attempt) {
    Instant start = clock.instant();
    if (!runs.markRunning(run.id(), attempt, start, node)) return Optional.empty();
    Attempt a = new Attempt(run, attempt, start.plus(def.timeout()), runs);
    active.put(run.id(), a);
    Future<?> f = threads.submit(() -> {
      def.handler().run(a);
      return null;
    });
    a.future = f;
    return Optional.of(await(def, a, f, attempt));
  }

  private Result await(JobDefinition def, Attempt a, Future<?> f, int attempt) {
    try {
      f.get(def.timeout().toMillis(), TimeUnit.MILLISECONDS);
      // a handler that saw cancelled() and returned was cancelled, not successful
      if (a.cancelled) return new Result(RunState.CANCELLED, "cancelled", a.tail.text());
      return new Result(RunState.SUCCEEDED, "succeeded on attempt " + attempt, a.tail.text());
    } catch (TimeoutException e) {
      a.cancelled = true;
      f.cancel(true);
      a.log("timed out after " + def.timeout());
      return new Result(RunState.TIMED_OUT, "timed out after " + def.timeout() + " on attempt " + attempt, a.tail.text());
    } catch (CancellationException e) {
      return new Result(RunState.CANCELLED, "cancelled", a.tail.text());
    } catch (ExecutionException e) {
      if (a.cancelled) return new Result(RunState.CANCELLED, "cancelled", a.tail.text());
      Throwable cause = e.getCause();
      String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      a.log("failed: " + why);
      return new Result(RunState.FAILED, "attempt " + attempt + " failed: " + why, a.tail.text());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      a.cancelled = true;
      f.cancel(true);
      a.log("cut off: the daemon is stopping; the attempt runs again after restart");
      return new Result(RunState.RUNNING, "cut off by a daemon stop", a.tail.text());
    } finally {
      active.remove(a.runId());
    }
  }

  void cancel(String runId) {
    Attempt a = active.get(runId);
    if (a != null) {
      a.cancelled = true;
      if (a.future != null) a.future.cancel(true);
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }

  private static final class Attempt implements JobContext {
    private final JobRun run;
    private final int attempt;
    private final Instant deadline;
    private final LogTail tail = new LogTail();
    private volatile boolean cancelled;
    private volatile Future<?> future;
    private final JobRunStore store;

    Attempt(JobRun run, int attempt, Instant deadline, JobRunStore store) {
      this.run = run;
      this.attempt = attempt;
      this.deadline = deadline;
      this.store = store;
    }

    @Override
    public Optional<String> payload() {
      return store.payload(run.id());
    }

    @Override
    public String runId() {
      return run.id();
    }

    @Override
    public String job() {
      return run.job();
    }

    @Override
    public Optional<Instant> slot() {
      return run.slotInstant();
    }

    @Override
    public TriggerKind trigger() {
      return run.trigger();
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public Instant deadline() {
      return deadline;
    }

    @Override
    public void log(String line) {
      tail.add(line);
      LOG.info("[{}] {}", run.job(), line);
    }

    @Override
    public boolean cancelled() {
      return cancelled || Thread.currentThread().isInterrupted();
    }
  }
}
