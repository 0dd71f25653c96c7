package dev.understudy.engine.supervise;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Test helpers: a ProcessSpec builder, a settable clock, an event recorder. */
final class Specs {
  private Specs() {}

  static final class B {
    String name;
    List<String> argv;
    Path dir;
    Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("java.io.tmpdir"));
    boolean autorestart = true;
    Duration minUptime = Duration.ofMillis(100);
    int maxUnstable = 16;
    Duration restartDelay = Duration.ZERO;
    Duration expBackoff = Duration.ZERO;
    Set<Integer> stopExitCodes = Set.of();
    int burst = 0;
    Duration burstInterval = Duration.ofSeconds(10);
    Duration killTimeout = Duration.ofMillis(1600);
    ProcessSpec.Ready ready = ProcessSpec.Ready.IMMEDIATE;
    Duration readyTimeout = Duration.ofSeconds(3);
    long maxMemory = 0;
    Optional<String> cron = Optional.empty();
    Path out;
    Path err;
    Optional<String> stamps = Optional.empty();
    boolean stopWithMessage;
    Optional<ProcessSpec.Watch> watch = Optional.empty();

    B(String name, Path dir, List<String> argv) {
      this.name = name;
      this.dir = dir;
      this.argv = argv;
      this.out = dir.resolve(name + "-out.log");
      this.err = dir.resolve(name + "-err.log");
    }

    ProcessSpec build() {
      return new ProcessSpec(name, argv, dir, env,
          new ProcessSpec.RestartPolicy(autorestart, minUptime, maxUnstable, restartDelay, expBackoff, stopExitCodes, burst, burstInterval),
          killTimeout, ready, readyTimeout, maxMemory, cron, out, err, stamps, stopWithMessage, watch);
    }
  }

  /** A supervisor keeping its state under {@code dir/state}, its events recorded in {@code events}. */
  static Supervisor supervisor(Path dir, Events events) {
    return new Supervisor(Supervisor.Options.defaults(dir.resolve("state")).withListener(events::add));
  }

  static B bash(String name, Path dir, String script) {
    return new B(name, dir, List.of("bash", "-c", script));
  }

  static B node(String name, Path dir, List<String> argv) {
    return new B(name, dir, new ArrayList<>(argv));
  }

  /** Real time plus an offset the test moves. */
  static final class MutableClock extends Clock {
    final AtomicLong offsetMs = new AtomicLong();

    void advance(Duration d) {
      offsetMs.addAndGet(d.toMillis());
    }

    void setTo(Instant at) {
      offsetMs.set(at.toEpochMilli() - System.currentTimeMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.systemDefault();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plusMillis(offsetMs.get());
    }
  }

  static final class Events {
    final List<Supervisor.Event> all = new CopyOnWriteArrayList<>();

    void add(Supervisor.Event e) {
      all.add(e);
    }

    List<Supervisor.Event> of(Supervisor.Event.Kind k) {
      return all.stream().filter(e -> e.kind() == k).toList();
    }
  }
}
