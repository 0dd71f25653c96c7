package dev.understudy.systems.pm2.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.pm2.watch.Action.Kind;
import dev.understudy.systems.pm2.watch.TakeoverDecision.Observation;
import dev.understudy.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The decision table, step by step on a settable clock. */
class TakeoverDecisionTest {
  static final Duration AFTER = Duration.ofSeconds(10);
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  final TakeoverDecision d = new TakeoverDecision(clock, AFTER);
  List<String> eco = List.of("api", "worker");
  Set<String> ours = Set.of();

  static Pm2App app(String name, String status) {
    return app(name, 0, status, Optional.empty(), false);
  }

  static Pm2App app(String name, int id, String status, Optional<Integer> exit, boolean unexpected) {
    boolean on = status.equals("online");
    return new Pm2App(name, id, on ? 1000 + id : 0, status, 0, 0, 0, 0, on ? Optional.of(LONG_AGO) : Optional.empty(), exit, unexpected);
  }

  static final Instant LONG_AGO = Instant.parse("2026-11-22T09:00:00Z");

  Pm2App startedAt(String name, Optional<Instant> since) {
    return new Pm2App(name, 0, 1000, "online", 0, 0, 0, 0, since, Optional.empty(), false);
  }

  static Pm2App crashedStop(String name) {
    return app(name, 0, Pm2App.STOPPED, Optional.of(1), true);
  }

  static Pm2App userStop(String name) {
    return app(name, 0, Pm2App.STOPPED, Optional.of(0), false);
  }

  List<Action> pm2(Pm2App... apps) {
    return d.decide(Observation.answered(Arrays.asList(apps), eco, ours));
  }

  List<Action> gone() {
    return d.decide(Observation.gone("no PM2 daemon: pm2.pid does not exist", eco, ours));
  }

  List<Action> later(Duration by, java.util.function.Supplier<List<Action>> step) {
    clock.advance(by);
    return step.get();
  }

  static List<Kind> kinds(List<Action> as) {
    List<Kind> out = new ArrayList<>();
    for (Action a : as) out.add(a.kind());
    return out;
  }

  static Action only(List<Action> as, Kind k) {
    assertThat(as).hasSize(1);
    assertThat(as.get(0).kind()).isEqualTo(k);
    return as.get(0);
  }

  @Test
  void pm2RunningEverythingIsWatched() {
    Action a = only(pm2(app("api", "online"), app("worker", "online")), Kind.WATCH);
    assertThat(a.reason()).contains("2 of 2 apps online");
    assertThat(d.goneSince()).isEmpty();
    assertThat(d.takenOver()).isEmpty();
  }

  @Test
  void aWatchWithTheSameReasonIsRecordedOnce() {
    pm2(app("api", "online"), app("worker", "online"));
    later(Duration.ofSeconds(5), () -> pm2(app("api", "online"), app("worker", "online")));
    later(Duration.ofSeconds(5), () -> pm2(app("api", "online"), app("worker", "online")));
    assertThat(d.history()).hasSize(1);
  }

  @Test
  void goneShorterThanTakeoverAfterOnlyWatches() {
    pm2(app("api", "online"), app("worker", "online"));
    Action a = only(later(Duration.ofSeconds(1), this::gone), Kind.WATCH);
    assertThat(a.reason()).contains("does not answer").contains("pm2.pid does not exist").contains("after 10s");
    only(later(Duration.ofMillis(8999), this::gone), Kind.WATCH);
    assertThat(d.goneSince()).contains(Instant.parse("2026-11-22T10:00:01Z"));
  }

  @Test
  void goneForTakeoverAfterTakesOverTheEcosystemOnce() {
    pm2(app("api", "online"), app("worker", "online"));
    later(Duration.ofSeconds(1), this::gone);
    Action t = only(later(AFTER, this::gone), Kind.TAKE_OVER);
    assertThat(t.apps()).containsExactly("api", "worker");
    assertThat(t.reason()).contains("has not answered for 10s").contains("takeoverAfter is 10s");
    assertThat(d.takenOver()).containsExactly("api", "worker");
    // nothing twice
    Action w = only(later(Duration.ofSeconds(5), this::gone), Kind.WATCH);
    assertThat(w.reason()).contains("running here: api, worker");
    assertThat(kinds(later(Duration.ofMinutes(5), this::gone))).containsExactly(Kind.WATCH);
    assertThat(d.history().stream().filter(a -> a.kind() == Kind.TAKE_OVER)).hasSize(1);
  }

  @Test
  void pm2NeverSeenIsTakenOverAfterTakeoverAfterFromTheFirstLook() {
    only(gone(), Kind.WATCH);
    only(later(Duration.ofSeconds(9), this::gone), Kind.WATCH);
    assertThat(only(later(Duration.ofSeconds(1), this::gone), Kind.TAKE_OVER).apps()).containsExactly("api", "worker");
  }

  @Test
  void anAnswerInBetweenRestartsTheCount() {
    gone();
    later(Duration.ofSeconds(9), () -> pm2(app("api", "online"), app("worker", "online")));
    only(later(Duration.ofSeconds(1), this::gone), Kind.WATCH);
    only(later(Duration.ofSeconds(9), this::gone), Kind.WATCH);
    only(later(Duration.ofSeconds(1), this::gone), Kind.TAKE_OVER);
  }

  @Test
  void aFailingJlistCountsAsNoAnswer() {
    d.decide(Observation.gone("pm2 jlist did not answer within 10000 ms", eco, ours));
    Action t = only(later(AFTER, () -> d.decide(Observation.gone("pm2 jlist did not answer within 10000 ms", eco, ours))), Kind.TAKE_OVER);
    assertThat(t.reason()).contains("jlist did not answer");
  }

  @Test
  void zeroTakeoverAfterTakesOverAtTheFirstMiss() {
    TakeoverDecision now = new TakeoverDecision(clock, Duration.ZERO);
    assertThat(kinds(now.decide(Observation.gone("gone", eco, ours)))).containsExactly(Kind.TAKE_OVER);
  }

  @Test
  void appsStoppedOnPurposeInPm2AreNotTakenOver() {
    eco = List.of("api", "cron", "worker", "batch");
    pm2(app("api", "online"), userStop("cron"), app("worker", Pm2App.ERRORED), crashedStop("batch"));
    pm2(app("api", "online"), userStop("cron"), app("worker", Pm2App.ERRORED), crashedStop("batch"));
    gone();
    Action t = only(later(AFTER, this::gone), Kind.TAKE_OVER);
    assertThat(t.apps()).containsExactly("api", "batch", "worker");
    assertThat(t.reason()).contains("cron (stopped in PM2 before it went away)");
  }

  /** Ours holds the port, so PM2's returning copy crashes into errored: ours steps aside and PM2 restarts its copy. */
  @Test
  void anAppFailingInTheReturnedPm2WhileOursRunsIsHandedBackAndRestartedThere() {
    pm2(app("api", "online"), app("worker", "online"));
    gone();
    only(later(AFTER, this::gone), Kind.TAKE_OVER);
    ours = Set.of("api", "worker");
    // worker has been online in PM2 long enough: back at once; api waits until PM2 is steady
    List<Action> first = later(Duration.ofSeconds(1), () -> pm2(app("api", Pm2App.ERRORED), app("worker", "online")));
    assertThat(kinds(first)).containsExactly(Kind.HAND_BACK);
    assertThat(first.get(0).apps()).containsExactly("worker");
    ours = Set.of("api");
    List<Action> steady = later(Duration.ofSeconds(5), () -> pm2(app("api", Pm2App.ERRORED), app("worker", "online")));
    assertThat(kinds(steady)).containsExactly(Kind.HAND_BACK, Kind.RESTART_IN_PM2);
    assertThat(steady.get(0).apps()).containsExactly("api");
    assertThat(steady.get(0).reason()).contains("its copy of api fails while ours runs");
    assertThat(steady.get(1).apps()).containsExactly("api");
    assertThat(d.takenOver()).isEmpty();
  }

  /** `pm2 kill` stops every app just before PM2 goes: one answer showing them stopped is not a choice. */
  @Test
  void appsSeenStoppedOnlyByTheLastAnswerBeforePm2WentAreTakenOver() {
    eco = List.of("api", "cron");
    pm2(app("api", "online"), app("cron", "online"));
    pm2(userStop("api"), userStop("cron"));
    gone();
    Action t = only(later(AFTER, this::gone), Kind.TAKE_OVER);
    assertThat(t.apps()).containsExactly("api", "cron");
  }

  @Test
  void appsAlreadyRunningHereAreNotTakenOver() {
    ours = Set.of("worker");
    gone();
    Action t = only(later(AFTER, this::gone), Kind.TAKE_OVER);
    assertThat(t.apps()).containsExactly("api");
    assertThat(t.reason()).contains("worker (already running here)");
  }

  @Test
  void nothingToTakeOverIsAWatch() {
    eco = List.of();
    gone();
    assertThat(only(later(AFTER, this::gone), Kind.WATCH).reason()).contains("nothing to take over");
  }

  @Test
  void anAppTheEcosystemGainsWhileTakenOverIsTakenOverAlone() {
    gone();
    later(AFTER, this::gone);
    eco = List.of("api", "worker", "mailer");
    assertThat(only(later(Duration.ofSeconds(5), this::gone), Kind.TAKE_OVER).apps()).containsExactly("mailer");
  }

  @Test
  void handBackWaitsUntilPm2RunsTheAppOnline() {
    gone();
    later(AFTER, this::gone);
    ours = Set.of("api", "worker");
    // PM2 is back, its apps still starting: our copies keep running
    Action w = only(later(Duration.ofSeconds(5), () -> pm2(app("api", Pm2App.LAUNCHING), app("worker", Pm2App.WAITING_RESTART))), Kind.WATCH);
    assertThat(w.reason()).contains("PM2 answers again").contains("still running here: api (launching in PM2), worker (waiting restart in PM2)");
    assertThat(d.takenOver()).containsExactly("api", "worker");
    // one online: that one only
    Action h = only(later(Duration.ofSeconds(5), () -> pm2(app("api", "online"), app("worker", Pm2App.LAUNCHING))), Kind.HAND_BACK);
    assertThat(h.apps()).containsExactly("api");
    assertThat(h.reason()).contains("has run api online for 5s or more: stop the copies here");
    ours = Set.of("worker");
    assertThat(only(later(Duration.ofSeconds(5), () -> pm2(app("api", "online"), app("worker", "online"))), Kind.HAND_BACK).apps())
        .containsExactly("worker");
    ours = Set.of();
    only(later(Duration.ofSeconds(5), () -> pm2(app("api", "online"), app("worker", "online"))), Kind.WATCH);
    assertThat(d.takenOver()).isEmpty();
  }

  @Test
  void handBackWaitsUntilPm2HasRunTheAppOnlineForStableFor() {
    eco = List.of("api");
    gone();
    later(AFTER, this::gone);
    // a crash loop shows online for a moment after each start
    Action w = only(later(Duration.ofSeconds(1), () -> pm2(startedAt("api", Optional.of(clock.instant())))), Kind.WATCH);
    assertThat(w.reason()).contains("api (online in PM2 for 0s, waiting for 5s)");
    Instant started = clock.instant().minusSeconds(1);
    only(later(Duration.ofSeconds(3), () -> pm2(startedAt("api", Optional.of(started)))), Kind.WATCH); // up 4s
    assertThat(only(later(Duration.ofSeconds(1), () -> pm2(startedAt("api", Optional.of(started)))), Kind.HAND_BACK).apps())
        .containsExactly("api");
  }

  @Test
  void withoutPm2sUptimeStableCountsFromTheFirstOnlineSighting() {
    eco = List.of("api");
    gone();
    later(AFTER, this::gone);
    only(later(Duration.ofSeconds(1), () -> pm2(startedAt("api", Optional.empty()))), Kind.WATCH);
    only(later(Duration.ofSeconds(4), () -> pm2(startedAt("api", Optional.empty()))), Kind.WATCH);
    // not online in between: the count starts again
    only(later(Duration.ofSeconds(1), () -> pm2(app("api", Pm2App.LAUNCHING))), Kind.WATCH);
    only(later(Duration.ofSeconds(1), () -> pm2(startedAt("api", Optional.empty()))), Kind.WATCH);
    only(later(Duration.ofSeconds(4), () -> pm2(startedAt("api", Optional.empty()))), Kind.WATCH);
    only(later(Duration.ofSeconds(1), () -> pm2(startedAt("api", Optional.empty()))), Kind.HAND_BACK);
  }

  @Test
  void pm2BackWithoutTheAppKeepsItHere() {
    gone();
    later(AFTER, this::gone);
    Action w = only(later(Duration.ofSeconds(5), () -> pm2(app("api", "online"))), Kind.HAND_BACK);
    assertThat(w.apps()).containsExactly("api");
    Action keep = only(later(Duration.ofSeconds(5), () -> pm2(app("api", "online"))), Kind.WATCH);
    assertThat(keep.reason()).contains("still running here: worker (not in PM2)");
    assertThat(d.takenOver()).containsExactly("worker");
  }

  @Test
  void aCopyStillStoppingAfterHandBackIsNotHandedBackTwice() {
    gone();
    later(AFTER, this::gone);
    ours = Set.of("api", "worker");
    only(later(Duration.ofSeconds(5), () -> pm2(app("api", "online"), app("worker", "online"))), Kind.HAND_BACK);
    // the caller has not stopped them yet
    only(later(Duration.ofSeconds(5), () -> pm2(app("api", "online"), app("worker", "online"))), Kind.WATCH);
    assertThat(d.history().stream().filter(a -> a.kind() == Kind.HAND_BACK)).hasSize(1);
  }

  @Test
  void copiesRunningHereWithoutATakeoverAreHandedBackToo() {
    ours = Set.of("api"); // e.g. the daemon restarted and found its copy running
    assertThat(only(pm2(app("api", "online"), app("worker", "online")), Kind.HAND_BACK).apps()).containsExactly("api");
  }

  @Test
  void afterHandBackPm2GoingAgainIsTakenOverAgain() {
    gone();
    later(AFTER, this::gone);
    later(Duration.ofSeconds(5), () -> pm2(app("api", "online"), app("worker", "online")));
    later(Duration.ofSeconds(5), this::gone);
    assertThat(only(later(AFTER, this::gone), Kind.TAKE_OVER).apps()).containsExactly("api", "worker");
    assertThat(d.history().stream().filter(a -> a.kind() == Kind.TAKE_OVER)).hasSize(2);
  }

  @Test
  void erroredAppIsRestartedInPm2Once() {
    Action r = only(pm2(app("api", "online"), app("worker", Pm2App.ERRORED)), Kind.RESTART_IN_PM2);
    assertThat(r.apps()).containsExactly("worker");
    assertThat(r.reason()).contains("errored");
    only(later(Duration.ofSeconds(5), () -> pm2(app("api", "online"), app("worker", Pm2App.ERRORED))), Kind.WATCH);
    only(later(Duration.ofSeconds(50), () -> pm2(app("api", "online"), app("worker", Pm2App.ERRORED))), Kind.WATCH);
  }

  @Test
  void restartedAgainOnceSeenOnlineThenErroredAgain() {
    pm2(app("api", "online"), app("worker", Pm2App.ERRORED));
    later(Duration.ofSeconds(5), () -> pm2(app("api", "online"), app("worker", "online")));
    only(later(Duration.ofSeconds(5), () -> pm2(app("api", "online"), app("worker", Pm2App.ERRORED))), Kind.RESTART_IN_PM2);
  }

  @Test
  void neverOnlineAfterARestartRetriesWithADoublingBackoff() {
    Pm2App bad = app("worker", Pm2App.ERRORED);
    only(pm2(bad), Kind.RESTART_IN_PM2);
    only(later(Duration.ofSeconds(59), () -> pm2(bad)), Kind.WATCH);
    Action again = only(later(Duration.ofSeconds(1), () -> pm2(bad)), Kind.RESTART_IN_PM2);
    assertThat(again.reason()).contains("again");
    only(later(Duration.ofSeconds(119), () -> pm2(bad)), Kind.WATCH);
    only(later(Duration.ofSeconds(1), () -> pm2(bad)), Kind.RESTART_IN_PM2);
    // capped at 30 minutes
    for (int i = 0; i < 10; i++) later(Duration.ofMinutes(30), () -> pm2(bad));
    only(later(Duration.ofMinutes(29), () -> pm2(bad)), Kind.WATCH);
    only(later(Duration.ofMinutes(1), () -> pm2(bad)), Kind.RESTART_IN_PM2);
  }

  @Test
  void crashedAndStoppedIsRestartedButStoppedOnPurposeIsNot() {
    assertThat(only(pm2(crashedStop("api"), userStop("worker")), Kind.RESTART_IN_PM2).apps()).containsExactly("api");
    assertThat(only(pm2(crashedStop("api"), userStop("worker")), Kind.WATCH).reason()).contains("0 of 2");
  }

  @Test
  void appsOutsideTheEcosystemAreNotRestarted() {
    only(pm2(app("api", "online"), app("worker", "online"), app("someone-elses", Pm2App.ERRORED)), Kind.WATCH);
  }

  @Test
  void anAppRunningHereIsNotRestartedInPm2() {
    gone();
    later(AFTER, this::gone);
    ours = Set.of("api", "worker");
    List<Action> as = later(Duration.ofSeconds(5), () -> pm2(app("api", "online"), app("worker", Pm2App.ERRORED)));
    assertThat(kinds(as)).containsExactly(Kind.HAND_BACK);
    assertThat(as.get(0).apps()).containsExactly("api");
  }

  @Test
  void transientStatesAreLeftToPm2() {
    for (String s : List.of(Pm2App.LAUNCHING, Pm2App.STOPPING, Pm2App.WAITING_RESTART, Pm2App.ONE_LAUNCH)) {
      assertThat(kinds(pm2(app("api", s), app("worker", "online")))).as(s).containsExactly(Kind.WATCH);
    }
  }

  @Test
  void clusterInstancesFoldIntoTheirWorstStatus() {
    Pm2App a0 = app("api", 0, "online", Optional.empty(), false);
    Pm2App a1 = app("api", 1, Pm2App.ERRORED, Optional.empty(), false);
    assertThat(only(pm2(a0, a1, app("worker", "online")), Kind.RESTART_IN_PM2).apps()).containsExactly("api");
    // handed back only when every instance is online
    TakeoverDecision d2 = new TakeoverDecision(clock, AFTER);
    d2.decide(Observation.gone("gone", List.of("api"), Set.of()));
    clock.advance(AFTER);
    d2.decide(Observation.gone("gone", List.of("api"), Set.of()));
    Pm2App launching = app("api", 1, Pm2App.LAUNCHING, Optional.empty(), false);
    assertThat(kinds(d2.decide(Observation.answered(List.of(a0, launching), List.of("api"), Set.of("api"))))).containsExactly(Kind.WATCH);
    Pm2App a1on = app("api", 1, "online", Optional.empty(), false);
    assertThat(kinds(d2.decide(Observation.answered(List.of(a0, a1on), List.of("api"), Set.of("api"))))).containsExactly(Kind.HAND_BACK);
  }

  @Test
  void historyKeepsEveryActionWithItsReasonAndIsBounded() {
    for (int i = 0; i < 200; i++) {
      gone();
      clock.advance(AFTER);
      gone();
      clock.advance(Duration.ofSeconds(1));
      pm2(app("api", "online"), app("worker", "online"));
    }
    List<Action> h = d.history();
    assertThat(h).hasSize(TakeoverDecision.HISTORY);
    assertThat(h).allSatisfy(a -> assertThat(a.reason()).isNotBlank());
    assertThat(h).extracting(Action::kind).contains(Kind.TAKE_OVER, Kind.HAND_BACK);
  }

  @Test
  void negativeTakeoverAfterIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TakeoverDecision(clock, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
