package dev.understudy.engine.supervise;

import dev.understudy.engine.logs.LogRotation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.engine.supervise.Supervisor.Event.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdoptionTest {
  @TempDir Path dir;

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void aNewDaemonAdoptsTheLiveChildInsteadOfStartingADuplicate() throws Exception {
    Path state = dir.resolve("state");
    Specs.B b = Specs.bash("keep", dir, "echo started; exec sleep 1000");
    Supervisor first = new Supervisor(Supervisor.Options.defaults(state).withChildrenOutliveDaemon(true));
    long pid = first.start(b.build()).pid();
    assertThat(Files.readString(state.resolve("children.properties"))).contains("keep=" + pid + " ");
    first.abandon(); // as if the daemon crashed

    assertThat(alive(pid)).isTrue();
    Specs.Events events = new Specs.Events();
    try (Supervisor second = new Supervisor(Supervisor.Options.defaults(state).withChildrenOutliveDaemon(true).withListener(events::add))) {
      Snapshot s = second.start(b.build());
      assertThat(s.pid()).isEqualTo(pid);
      assertThat(s.adopted()).isTrue();
      assertThat(s.status()).isEqualTo(ProcessState.ONLINE);
      assertThat(events.of(Kind.STARTED)).isEmpty();
      assertThat(events.of(Kind.ADOPTED)).hasSize(1);
      // its exit is watched: a crash of the adopted child is restarted as any other
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      await().atMost(Duration.ofSeconds(10)).until(() -> second.snapshot("keep").orElseThrow().restarts() == 1
          && second.snapshot("keep").orElseThrow().status() == ProcessState.ONLINE);
      Snapshot again = second.snapshot("keep").orElseThrow();
      assertThat(again.pid()).isNotEqualTo(pid);
      assertThat(again.adopted()).isFalse();
      // the child wrote its log file itself
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(dir.resolve("keep-out.log")).equals("started\nstarted\n"));
    }
  }

  @Test
  void aProcessWhoseLinesGetATimestampDiesWithTheDaemonAndIsStartedAgainOnce() throws Exception {
    Path state = dir.resolve("state");
    Path pids = dir.resolve("pids");
    Specs.B b = Specs.bash("stamped", dir, "echo $$ >> " + pids + "; sleep 1000 & echo child $! >> " + pids + "; while true; do echo tick; sleep 0.2; done");
    b.stamps = java.util.Optional.of("yyyy-MM-dd HH:mm:ss");
    Supervisor first = new Supervisor(Supervisor.Options.defaults(state).withChildrenOutliveDaemon(true));
    long pid = first.start(b.build()).pid();
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(pids) && Files.readAllLines(pids).size() == 2);
    long child = Long.parseLong(Files.readAllLines(pids).get(1).split(" ")[1]);
    first.abandon(); // its launcher thread ends: the parent-death signal kills the main process, not its child
    await().atMost(Duration.ofSeconds(5)).until(() -> ProcTree.isGoneOrZombie(pid));
    assertThat(alive(child)).as("the orphaned descendant still runs until a new daemon ends it").isTrue();

    try (Supervisor second = new Supervisor(Supervisor.Options.defaults(state).withChildrenOutliveDaemon(true))) {
      Snapshot s = second.start(b.build());
      assertThat(s.adopted()).isFalse();
      assertThat(s.pid()).isNotEqualTo(pid);
      assertThat(ProcTree.isGoneOrZombie(child)).as("the leftover was killed before the new start").isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(dir.resolve("stamped-out.log")).matches("(?s).*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d: tick.*"));
    }
  }

  @Test
  void leftoversOfNamesNotStartedAgainAreEndedDescendantsAndUnrecordedChildrenToo() throws Exception {
    Path state = dir.resolve("state");
    Path pids = dir.resolve("pids");
    Supervisor first = new Supervisor(Supervisor.Options.defaults(state).withChildrenOutliveDaemon(true));
    // a descendant that leaves the session (setsid) is found by the marker in its environment
    long gone = first.start(Specs.bash("gone", dir, "setsid sleep 1000 & echo $! > " + pids + "; exec sleep 1000").build()).pid();
    long kept = first.start(Specs.bash("kept", dir, "exec sleep 1000").build()).pid();
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(pids) && !Files.readString(pids).isBlank());
    long escaped = Long.parseLong(Files.readString(pids).trim());
    first.abandon();
    // as if the crash came between a start and its record: only the marker finds it
    String rec = Files.readString(state.resolve(ChildRecord.FILE));
    Files.writeString(state.resolve(ChildRecord.FILE), rec.lines().filter(l -> !l.startsWith("kept=")).collect(java.util.stream.Collectors.joining("\n")) + "\n");

    try (Supervisor second = new Supervisor(Supervisor.Options.defaults(state).withChildrenOutliveDaemon(true))) {
      assertThat(second.survivors()).containsExactly("gone");
      Snapshot k = second.start(Specs.bash("kept", dir, "exec sleep 1000").build());
      assertThat(k.adopted()).as("no record: started afresh").isFalse();
      assertThat(ProcTree.isGoneOrZombie(kept)).as("the unrecorded copy was ended first: never two").isTrue();
      second.killLeftovers();
      assertThat(ProcTree.isGoneOrZombie(gone)).isTrue();
      assertThat(ProcTree.isGoneOrZombie(escaped)).isTrue();
      assertThat(second.survivors()).isEmpty();
      assertThat(alive(k.pid())).as("what runs here is kept").isTrue();
    }
  }

  @Test
  void aRecordWhosePidWasReusedIsNotAdopted() throws Exception {
    Path state = dir.resolve("state");
    Files.createDirectories(state);
    long me = ProcessHandle.current().pid();
    // our own pid, but a start time that is not ours: never adopt
    Files.writeString(state.resolve("children.properties"), "ghost=" + me + " 1 0 0\n");
    try (Supervisor s = new Supervisor(Supervisor.Options.defaults(state))) {
      Snapshot snap = s.start(Specs.bash("ghost", dir, "exec sleep 1000").build());
      assertThat(snap.adopted()).isFalse();
      assertThat(snap.pid()).isNotEqualTo(me);
    }
  }

  @Test
  void outlivingChildrenWriteTheirOwnLogsRotatedByCopyAndTruncate() throws Exception {
    Path state = dir.resolve("state");
    try (Supervisor s = new Supervisor(Supervisor.Options.defaults(state).withChildrenOutliveDaemon(true)
        .withRotation(new LogRotation(200, 5, false)).withMonitorInterval(Duration.ofMillis(100)))) {
      Specs.B b = Specs.bash("big", dir, "for i in $(seq 1 30); do printf 'line %014d\\n' $i; done; exec sleep 1000");
      s.start(b.build());
      await().atMost(Duration.ofSeconds(5)).until(() -> {
        try (var l = Files.list(dir)) {
          return l.anyMatch(p -> p.getFileName().toString().startsWith("big-out__"));
        }
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.size(dir.resolve("big-out.log")) == 0);
      try (var l = Files.list(dir)) {
        Path rotated = l.filter(p -> p.getFileName().toString().startsWith("big-out__")).findFirst().orElseThrow();
        assertThat(Files.readString(rotated)).startsWith("line 00000000000001\n").contains("line 00000000000030");
      }
    }
  }
}
