package dev.understudy.bench;

import dev.understudy.engine.queue.JobDefinition;
import dev.understudy.engine.queue.JobQueue;
import dev.understudy.engine.queue.JobRun;
import dev.understudy.engine.queue.RunState;
import dev.understudy.engine.queue.TriggerKind;
import dev.understudy.engine.schedule.CronSchedule;
import dev.understudy.engine.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Slot start delay on SQLite: J jobs on {@code * * * * *} through the real {@link JobQueue}; after S
 * minute slots, for every scheduled run, {@code startedAt - slot} (the run's start as the queue
 * records it, minus the instant of the slot it stands for). Also {@code acceptedAt - slot} (the slot
 * fired and its run recorded) to split the delay. Target: p99 at most 50 ms.
 */
public final class SlotBench {
  private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

  static {
    OPTIONS.put("jobs", "20");
    OPTIONS.put("slots", "3");
    OPTIONS.put("workers", String.valueOf(JobQueue.DEFAULT_WORKERS));
    OPTIONS.put("pool", "8");
    OPTIONS.put("warmup", "200");  // manual runs before the jobs are scheduled, to load and warm the code paths
    OPTIONS.put("target-p99", "50");
    OPTIONS.put("sqlite-busy-sleep-us", "0"); // experiment: a short-sleep SQLite busy handler (0: the store's own)
    OPTIONS.put("trace-sql", "false"); // count and time the statements around each slot
    OPTIONS.put("timeline", "");       // with trace-sql: write every statement around the last slot to this file
  }

  private SlotBench() {}

  /** Per slot: the statements in the 2 s after it, their time, and how long writes took (SQLite has one writer). */
  private static void traceReport(java.util.Set<Instant> slots, String timelineFile) throws java.io.IOException {
    List<SqlTrace.Event> events = SqlTrace.events();
    events.sort(Comparator.comparingLong(SqlTrace.Event::startEpochNanos));
    Instant lastSlot = null;
    for (Instant slot : slots) {
      long from = slot.toEpochMilli() * 1_000_000L - 100_000_000L, to = slot.toEpochMilli() * 1_000_000L + 2_000_000_000L;
      List<Double> writes = new ArrayList<>(), reads = new ArrayList<>();
      long lastEnd = from;
      for (SqlTrace.Event e : events) {
        if (e.startEpochNanos() < from || e.startEpochNanos() > to) continue;
        (isWrite(e.sql()) ? writes : reads).add(e.nanos() / 1e6);
        lastEnd = Math.max(lastEnd, e.startEpochNanos() + e.nanos());
      }
      Stats w = new Stats(writes), r = new Stats(reads);
      System.out.printf("  slot %s: %d writes (sum %.0f ms; each median %.2f ms, p90 %.2f ms, max %.1f ms), %d reads"
              + " (sum %.0f ms); last statement ended at +%.0f ms%n", slot, w.count(), w.mean() * w.count(), w.median(),
          w.percentile(90), w.max(), r.count(), r.mean() * r.count(), (lastEnd - slot.toEpochMilli() * 1_000_000L) / 1e6);
      lastSlot = slot;
    }
    if (lastSlot != null && !timelineFile.isEmpty()) {
      long base = lastSlot.toEpochMilli() * 1_000_000L;
      StringBuilder sb = new StringBuilder("# statements around slot " + lastSlot
          + ": start (ms after the slot), duration (ms), thread, statement\n");
      for (SqlTrace.Event e : events) {
        if (e.startEpochNanos() < base - 100_000_000L || e.startEpochNanos() > base + 2_000_000_000L) continue;
        sb.append(String.format("%+9.2f %8.2f  %-28s %s%n", (e.startEpochNanos() - base) / 1e6, e.nanos() / 1e6,
            e.thread(), e.sql().length() > 90 ? e.sql().substring(0, 90) : e.sql()));
      }
      Files.writeString(Path.of(timelineFile), sb);
      System.out.printf("  timeline of slot %s written to %s%n", lastSlot, timelineFile);
    }
  }

  private static boolean isWrite(String sql) {
    String s = sql.stripLeading().toLowerCase(java.util.Locale.ROOT);
    return s.startsWith("insert") || s.startsWith("update") || s.startsWith("delete") || s.startsWith("with");
  }

  public static void main(String[] args) throws Exception {
    Opts o = new Opts(args, OPTIONS);
    int jobs = o.integer("jobs"), slots = o.integer("slots"), workers = o.integer("workers"), pool = o.integer("pool");
    int warmup = o.integer("warmup");
    double target = Double.parseDouble(o.string("target-p99"));
    boolean trace = o.flag("trace-sql");
    SqlTrace.sqliteBusySleepMicros = o.integer("sqlite-busy-sleep-us");
    if (trace || SqlTrace.sqliteBusySleepMicros > 0) SqlTrace.install();
    Path tmp = Files.createTempDirectory("understudy-bench-slots");
    Store store = Store.sqlite(tmp.resolve("slots.db"));
    System.out.printf("slot benchmark: SQLite %s, %d jobs on '* * * * *' (UTC), %d slots, workers=%d pool=%d%s%n",
        tmp.resolve("slots.db"), jobs, slots, workers, pool, SqlTrace.sqliteBusySleepMicros > 0
            ? " sqlite-busy-sleep-us=" + SqlTrace.sqliteBusySleepMicros + " (experiment)" : "");
    System.out.printf("  JVM: %s%n", String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
    List<Long> startDelay = new ArrayList<>(), acceptDelay = new ArrayList<>();
    Map<Instant, List<Long>> bySlot = new TreeMap<>();
    Map<RunState, Integer> states = new EnumMap<>(RunState.class);
    Map<TriggerKind, Integer> triggers = new EnumMap<>(TriggerKind.class);
    try (JobQueue queue = JobQueue.builder(store).workers(workers).build()) {
      queue.register(JobDefinition.builder("warmup", "bench", ctx -> {}).build());
      queue.start();
      for (int i = 0; i < warmup; i++) queue.submit("warmup", TriggerKind.MANUAL);
      while (!queue.active().isEmpty()) Thread.sleep(50);
      if (trace) {
        SqlTrace.reset();
        SqlTrace.timeline(true);
      }

      for (int j = 1; j <= jobs; j++) {
        queue.register(JobDefinition.builder(String.format("slot-%03d", j), "bench", ctx -> {})
            .schedule(CronSchedule.utc("* * * * *")).build());
      }
      Instant registered = Instant.now();
      Instant first = CronSchedule.utc("* * * * *").nextAfter(registered).orElseThrow();
      Instant last = first.plus(Duration.ofMinutes(slots - 1L));
      Instant end = last.plusSeconds(5);
      System.out.printf("  registered at %s; slots %s .. %s; collecting at %s%n", registered, first, last, end);
      while (Instant.now().isBefore(end)) {
        Thread.sleep(Math.min(10_000, Math.max(1, Duration.between(Instant.now(), end).toMillis())));
        System.out.printf("  ... %s%n", Instant.now());
      }
      for (int j = 1; j <= jobs; j++) {
        for (JobRun run : queue.history(String.format("slot-%03d", j), 100)) {
          Instant slot = Instant.parse(run.slot());
          if (slot.isBefore(first) || slot.isAfter(last)) continue;
          states.merge(run.state(), 1, Integer::sum);
          triggers.merge(run.trigger(), 1, Integer::sum);
          acceptDelay.add(run.acceptedAt().toEpochMilli() - slot.toEpochMilli());
          if (run.startedAt().isPresent()) {
            long d = run.startedAt().get().toEpochMilli() - slot.toEpochMilli();
            startDelay.add(d);
            bySlot.computeIfAbsent(slot, k -> new ArrayList<>()).add(d);
          }
        }
      }
    } finally {
      store.close();
      try (Stream<Path> files = Files.walk(tmp)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.out.printf("  runs: %d (expected %d), states %s, triggers %s%n", acceptDelay.size(), jobs * slots, states, triggers);
    bySlot.forEach((slot, ds) -> System.out.printf("  slot %s: startedAt - slot %s%n", slot, new Stats(ds).summary("ms")));
    if (trace) traceReport(bySlot.keySet(), o.string("timeline"));
    System.out.printf("  acceptedAt - slot (fired and recorded): %s%n", new Stats(acceptDelay).summary("ms"));
    Stats s = new Stats(startDelay);
    System.out.printf("  startedAt - slot (run started):        %s%n", s.summary("ms"));
    System.out.printf("RESULT slots jobs=%d slots=%d samples=%d: median %.0f ms, p99 %.0f ms, max %.0f ms; target p99 <= %.0f ms: %s%n",
        jobs, slots, s.count(), s.median(), s.percentile(99), s.max(), target,
        s.count() == jobs * slots && s.percentile(99) <= target ? "MET" : "MISSED");
  }
}
