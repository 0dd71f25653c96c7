package dev.understudy.bench;

import dev.understudy.engine.queue.JobDefinition;
import dev.understudy.engine.queue.JobQueue;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.RunState;
import dev.understudy.engine.queue.TriggerKind;
import dev.understudy.engine.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Queue throughput of trivial jobs through the real {@link JobQueue}: submit N runs of a job whose
 * handler does nothing, then wait until every one is terminal in {@code job_runs}. Reports the
 * submit-only rate (the submit loop alone, while workers already run) and the end-to-end rate
 * (accept + run + record, first submit to last run finished). A smaller batch warms up first.
 */
public final class QueueBench {
  private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

  static {
    OPTIONS.put("store", "sqlite");          // sqlite | postgres
    OPTIONS.put("jobs", "2000");             // runs per measured round
    OPTIONS.put("warmup", "500");            // runs in the warm-up batch
    OPTIONS.put("rounds", "3");              // measured rounds, reported one by one and as a median
    OPTIONS.put("workers", String.valueOf(JobQueue.DEFAULT_WORKERS));
    OPTIONS.put("pool", "8");                // store pool size (the daemon's default store.poolSize)
    OPTIONS.put("submitters", "1");          // threads calling submit() at once
    OPTIONS.put("trace-sql", "false");       // count and time every statement (adds a little overhead)
    OPTIONS.put("pg-set", "");               // PostgreSQL settings, e.g. synchronous_commit=off
    OPTIONS.put("sqlite-busy-sleep-us", "0"); // experiment: a short-sleep SQLite busy handler (0: the store's own)
    OPTIONS.put("target", "");               // jobs/s to compare with; default 300 SQLite, 1000 PostgreSQL
  }

  private QueueBench() {}

  public static void main(String[] args) throws Exception {
    Opts o = new Opts(args, OPTIONS);
    String kind = o.string("store");
    int n = o.integer("jobs"), warmup = o.integer("warmup"), rounds = o.integer("rounds");
    int workers = o.integer("workers"), pool = o.integer("pool"), submitters = o.integer("submitters");
    boolean trace = o.flag("trace-sql");
    double target = o.string("target").isEmpty() ? (kind.equals("postgres") ? 1000 : 300) : Double.parseDouble(o.string("target"));
    SqlTrace.sqliteBusySleepMicros = o.integer("sqlite-busy-sleep-us");
    if (trace || SqlTrace.sqliteBusySleepMicros > 0) SqlTrace.install();

    Path tmp = Files.createTempDirectory("understudy-bench-queue");
    Pg pg = null;
    Store store;
    String where;
    if (kind.equals("sqlite")) {
      store = Store.sqlite(tmp.resolve("queue.db"));
      where = "SQLite " + tmp.resolve("queue.db") + " (WAL, synchronous=NORMAL, as Store.sqlite sets)";
    } else if (kind.equals("postgres")) {
      pg = new Pg(o.string("pg-set"));
      store = Store.open(pg.newDatabase("understudy_bench"), "postgres", null, pool);
      where = "PostgreSQL embedded " + pg.server.getJdbcUrl("postgres", "understudy_bench") + " (fsync="
          + pg.setting("fsync") + ", synchronous_commit=" + pg.setting("synchronous_commit") + ")";
    } else {
      throw new IllegalArgumentException("--store must be sqlite or postgres");
    }
    System.out.printf("queue benchmark: %s%n  workers=%d pool=%d submitters=%d jobs=%d warmup=%d rounds=%d trace-sql=%s%s%n",
        where, workers, pool, submitters, n, warmup, rounds, trace, SqlTrace.sqliteBusySleepMicros > 0
            ? " sqlite-busy-sleep-us=" + SqlTrace.sqliteBusySleepMicros + " (experiment)" : "");
    System.out.printf("  JVM: %s%n", String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));

    List<double[]> results = new ArrayList<>();
    try (JobQueue queue = JobQueue.builder(store).workers(workers).build()) {
      queue.register(JobDefinition.builder("bench-warmup", "bench", ctx -> {}).build());
      for (int r = 1; r <= rounds; r++) queue.register(JobDefinition.builder("bench-" + r, "bench", ctx -> {}).build());
      queue.start();

      long w0 = System.nanoTime();
      submitAll(queue, "bench-warmup", warmup, submitters);
      awaitTerminal(store, "bench-warmup", warmup, Duration.ofMinutes(5));
      System.out.printf("  warm-up: %d runs in %.2f s%n", warmup, (System.nanoTime() - w0) / 1e9);

      for (int r = 1; r <= rounds; r++) {
        String job = "bench-" + r;
        SqlTrace.reset();
        long t0 = System.nanoTime();
        submitAll(queue, job, n, submitters);
        long t1 = System.nanoTime();
        awaitTerminal(store, job, n, Duration.ofMinutes(10));
        long t2 = System.nanoTime();
        double submitRate = n / ((t1 - t0) / 1e9), e2eRate = n / ((t2 - t0) / 1e9);
        results.add(new double[] {submitRate, e2eRate});

        List<JobRun> runs = queue.history(job, n + 10);
        Map<RunState, Integer> states = new EnumMap<>(RunState.class);
        List<Long> startLag = new ArrayList<>(), total = new ArrayList<>();
        for (JobRun run : runs) {
          states.merge(run.state(), 1, Integer::sum);
          run.startedAt().ifPresent(s -> startLag.add(s.toEpochMilli() - run.acceptedAt().toEpochMilli()));
          run.endedAt().ifPresent(e -> total.add(e.toEpochMilli() - run.acceptedAt().toEpochMilli()));
        }
        System.out.printf("  round %d: submit %.0f/s (%.2f s)  end-to-end %.0f jobs/s (%.2f s)  states %s%n", r,
            submitRate, (t1 - t0) / 1e9, e2eRate, (t2 - t0) / 1e9, states);
        System.out.printf("    accepted->started %s%n    accepted->ended   %s%n", new Stats(startLag).summary("ms"),
            new Stats(total).summary("ms"));
        if (runs.size() != n || states.getOrDefault(RunState.SUCCEEDED, 0) != n) {
          System.out.printf("    WARNING: expected %d succeeded runs, found %d rows %s%n", n, runs.size(), states);
        }
        if (trace) System.out.print("    SQL statements during the round (pool connections only):\n" + SqlTrace.report(n));
      }
    } finally {
      store.close();
      if (pg != null) pg.close();
      try (Stream<Path> files = Files.walk(tmp)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    double submit = new Stats(results.stream().map(x -> x[0]).toList()).median();
    double e2e = new Stats(results.stream().map(x -> x[1]).toList()).median();
    System.out.printf("RESULT queue store=%s workers=%d pool=%d submitters=%d jobs=%d: submit %.0f/s, end-to-end %.0f jobs/s"
        + " (median of %d rounds); target >= %.0f/s: %s%n", kind, workers, pool, submitters, n, submit, e2e, rounds,
        target, e2e >= target ? "MET" : "MISSED");
  }

  private static void submitAll(JobQueue queue, String job, int n, int threads) throws Exception {
    if (threads <= 1) {
      for (int i = 0; i < n; i++) queue.submit(job, TriggerKind.MANUAL);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int share = n / threads + (t < n % threads ? 1 : 0);
        futures.add(pool.submit(() -> {
          for (int i = 0; i < share; i++) queue.submit(job, TriggerKind.MANUAL);
        }));
      }
      for (Future<?> f : futures) f.get();
    } finally {
      pool.shutdown();
    }
  }

  /** Polls job_runs every 20 ms until {@code n} runs of {@code job} exist and none is active. */
  private static void awaitTerminal(Store store, String job, int n, Duration limit) throws Exception {
    String sql = SqlTrace.IGNORE + " SELECT COUNT(*), SUM(CASE WHEN state IN ('queued', 'running', 'retrying')"
        + " THEN 1 ELSE 0 END) FROM job_runs WHERE job = ?";
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      long all, active;
      try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, job);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          all = rs.getLong(1);
          active = rs.getLong(2);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot poll job_runs: " + e.getMessage(), e);
      }
      if (all >= n && active == 0) return;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(job + ": still " + active + " active of " + all + " after " + limit);
      }
      Thread.sleep(20);
    }
  }
}
