package dev.understudy.systems.pm2.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, observation after observation, whether PM2 keeps running a project's apps or Understudy
 * stands in. Pure: no I/O, time from the given clock, state in memory.
 *
 * <ul>
 *   <li>PM2 answers: {@link Action.Kind#WATCH}. An app of the ecosystem that PM2 shows {@code
 *       errored}, or {@code stopped} after a crash ({@link Pm2App#needsRestart()}), gets {@link
 *       Action.Kind#RESTART_IN_PM2} once; again only after PM2 showed it online, or after a backoff
 *       (1 min, doubling up to 30 min, while it never comes online). An app we run ourselves is
 *       never restarted in PM2.
 *   <li>PM2 does not answer (no daemon, no socket, or {@code jlist} failing) for {@code
 *       takeoverAfter} in a row: {@link Action.Kind#TAKE_OVER} of the ecosystem's apps, except those
 *       PM2 last showed deliberately stopped ({@code pm2 stop}: a person's choice) and those we
 *       already run. Each app is taken over once; apps the ecosystem gains later are taken over
 *       when they appear.
 *   <li>PM2 answers again: {@link Action.Kind#HAND_BACK} of each app we run (taken over, or
 *       reported running by the caller) once PM2 has run it {@code online} for {@code stableFor}
 *       (every instance; from PM2's {@code pm_uptime}, else from when we first saw it online), and
 *       not before: our copy stops only once PM2's is up, so the app is never down in between
 *       (both run meanwhile). An app PM2 does not run stays here, and the reason says so.
 * </ul>
 *
 * <p>Nothing is decided twice: an app taken over is not taken over again until handed back, and a
 * {@code WATCH} is recorded only when its reason changes. Every recorded action keeps its reason for
 * {@code status}.
 */
public final class TakeoverDecision {
  public static final Duration DEFAULT_TAKEOVER_AFTER = Duration.ofSeconds(10);
  /**
   * How long PM2 must have run an app online before ours stops. An app in a crash loop shows
   * {@code online} for a moment after each start (PM2 sets it at fork); handing back on such a
   * moment would leave the app down.
   */
  public static final Duration DEFAULT_STABLE_FOR = Duration.ofSeconds(5);
  static final Duration FIRST_RESTART_BACKOFF = Duration.ofMinutes(1);
  static final Duration MAX_RESTART_BACKOFF = Duration.ofMinutes(30);
  static final int HISTORY = 50;

  /**
   * What one look at PM2 found.
   *
   * @param answered PM2's daemon is alive and {@code jlist} answered
   * @param why in words, when it did not answer
   * @param apps what PM2 reported, when it answered
   * @param ecosystem the project's PM2 app names (the ecosystem file)
   * @param ourCopies the apps whose copies run here now (failover copies)
   */
  public record Observation(boolean answered, String why, List<Pm2App> apps, Collection<String> ecosystem, Collection<String> ourCopies) {
    public static Observation answered(List<Pm2App> apps, Collection<String> ecosystem, Collection<String> ourCopies) {
      return new Observation(true, "", apps, ecosystem, ourCopies);
    }

    public static Observation gone(String why, Collection<String> ecosystem, Collection<String> ourCopies) {
      return new Observation(false, why, List.of(), ecosystem, ourCopies);
    }
  }

  private final Clock clock;
  private final Duration takeoverAfter;
  private final Duration stableFor;
  private final Map<String, Instant> firstSeenOnline = new HashMap<>();
  private Instant goneSince;
  private String goneWhy = "";
  private final Set<String> takenOver = new LinkedHashSet<>();
  private final Set<String> handedBack = new LinkedHashSet<>();
  /** By name, from PM2's last answer. */
  private Map<String, AppView> lastSeen = Map.of();
  /** The answer before the last: `pm2 kill` stops the apps just before PM2 goes, which one poll may see. */
  private Map<String, AppView> previousSeen = Map.of();
  /** Since when PM2 has answered without a gap. */
  private Instant answeringSince;
  private final Map<String, Restart> restarts = new HashMap<>();
  private final Deque<Action> history = new ArrayDeque<>();
  private String lastWatch;

  public TakeoverDecision(Clock clock, Duration takeoverAfter) {
    this(clock, takeoverAfter, DEFAULT_STABLE_FOR);
  }

  public TakeoverDecision(Clock clock, Duration takeoverAfter, Duration stableFor) {
    if (takeoverAfter.isNegative()) throw new IllegalArgumentException("takeoverAfter must not be negative");
    if (stableFor.isNegative()) throw new IllegalArgumentException("stableFor must not be negative");
    this.clock = clock;
    this.takeoverAfter = takeoverAfter;
    this.stableFor = stableFor;
  }

  /** A name's instances folded into one: the worst status wins. */
  record AppView(String name, String status, boolean needsRestart, boolean deliberatelyStopped, Optional<Instant> onlineSince) {
    boolean online() {
      return Pm2App.ONLINE.equals(status);
    }
  }

  private record Restart(Instant at, Duration backoff, boolean seenOnlineSince) {}

  /** The actions for this observation; a single {@link Action.Kind#WATCH} when there is nothing to do. */
  public synchronized List<Action> decide(Observation o) {
    Instant now = clock.instant();
    Set<String> ecosystem = new TreeSet<>(o.ecosystem());
    List<Action> out = new ArrayList<>();
    if (o.answered()) {
      answered(o, now, ecosystem, out);
    } else {
      notAnswered(o, now, ecosystem, out);
    }
    for (Action a : out) {
      if (a.kind() == Action.Kind.WATCH) {
        if (a.reason().equals(lastWatch)) continue;
        lastWatch = a.reason();
      } else {
        lastWatch = null;
      }
      record(a);
    }
    return out;
  }

  private void answered(Observation o, Instant now, Set<String> ecosystem, List<Action> out) {
    String back = goneSince == null ? null
        : "PM2 answers again after " + seconds(Duration.between(goneSince, now)) + " without an answer";
    if (goneSince != null || answeringSince == null) answeringSince = now;
    goneSince = null;
    goneWhy = "";
    previousSeen = lastSeen;
    lastSeen = fold(o.apps());
    for (AppView v : lastSeen.values()) {
      if (v.online()) firstSeenOnline.putIfAbsent(v.name(), now);
      else firstSeenOnline.remove(v.name());
    }
    firstSeenOnline.keySet().retainAll(lastSeen.keySet());

    // hand back what PM2 runs again; keep the rest
    Set<String> ours = new LinkedHashSet<>(takenOver);
    for (String a : o.ourCopies()) if (!handedBack.contains(a)) ours.add(a);
    List<String> handBack = new ArrayList<>();
    List<String> failingInPm2 = new ArrayList<>();
    List<String> keep = new ArrayList<>();
    boolean pm2Steady = Duration.between(answeringSince, now).compareTo(stableFor) >= 0;
    for (String a : new TreeSet<>(ours)) {
      AppView v = lastSeen.get(a);
      if (v != null && !v.online() && v.needsRestart() && pm2Steady && takenOver.contains(a)) {
        // PM2 is back but its copy fails while ours runs: ours likely holds its port. Ours stops,
        // then PM2 restarts its copy (below); PM2 is watched again from there.
        handBack.add(a);
        failingInPm2.add(a);
      } else if (v != null && v.online()) {
        Instant up = v.onlineSince().orElse(firstSeenOnline.get(a));
        Duration upFor = Duration.between(up, now);
        if (upFor.compareTo(stableFor) >= 0) handBack.add(a);
        else keep.add(a + " (online in PM2 for " + seconds(upFor.isNegative() ? Duration.ZERO : upFor) + ", waiting for " + seconds(stableFor) + ")");
      } else {
        keep.add(a + (v == null ? " (not in PM2)" : " (" + v.status() + " in PM2)"));
      }
    }
    if (!handBack.isEmpty()) {
      takenOver.removeAll(handBack);
      handedBack.addAll(handBack);
      List<String> online = handBack.stream().filter(a -> !failingInPm2.contains(a)).toList();
      String why = back == null ? "PM2 answers" : back;
      if (!online.isEmpty()) why += " and has run " + String.join(", ", online) + " online for " + seconds(stableFor) + " or more";
      if (!failingInPm2.isEmpty()) {
        why += (online.isEmpty() ? "" : ";") + " its copy of " + String.join(", ", failingInPm2)
            + " fails while ours runs (ours may hold its port): restart it in PM2";
      }
      out.add(new Action(Action.Kind.HAND_BACK, handBack, why + ": stop the copies here", now));
    }

    // restart in PM2 what PM2 will not bring back by itself
    for (Map.Entry<String, AppView> e : lastSeen.entrySet()) {
      String name = e.getKey();
      AppView v = e.getValue();
      Restart r = restarts.get(name);
      if (v.online()) {
        if (r != null) restarts.put(name, new Restart(r.at(), r.backoff(), true));
        continue;
      }
      if (!v.needsRestart() || !ecosystem.contains(name) || ours.contains(name) && !handBack.contains(name)) continue;
      Duration backoff = FIRST_RESTART_BACKOFF;
      if (r != null && !r.seenOnlineSince()) {
        if (Duration.between(r.at(), now).compareTo(r.backoff()) < 0) continue;
        backoff = r.backoff().multipliedBy(2);
        if (backoff.compareTo(MAX_RESTART_BACKOFF) > 0) backoff = MAX_RESTART_BACKOFF;
      }
      restarts.put(name, new Restart(now, backoff, false));
      String why = v.status().equals(Pm2App.ERRORED)
          ? "PM2 shows " + name + " errored: it gave up restarting it"
          : "PM2 shows " + name + " stopped after a crash, and will not restart it";
      if (r != null && !r.seenOnlineSince()) why += " (again: not online since the restart at " + r.at() + ")";
      out.add(new Action(Action.Kind.RESTART_IN_PM2, List.of(name), why, now));
    }

    if (out.isEmpty()) {
      String reason = (back == null ? "PM2 answers" : back) + "; it runs "
          + lastSeen.values().stream().filter(AppView::online).count() + " of " + lastSeen.size() + " apps online";
      if (!keep.isEmpty()) reason += "; still running here: " + String.join(", ", keep);
      out.add(new Action(Action.Kind.WATCH, List.of(), reason, now));
    }
  }

  private void notAnswered(Observation o, Instant now, Set<String> ecosystem, List<Action> out) {
    if (goneSince == null) goneSince = now;
    goneWhy = o.why();
    Duration gone = Duration.between(goneSince, now);
    if (gone.compareTo(takeoverAfter) < 0) {
      out.add(new Action(Action.Kind.WATCH, List.of(),
          "PM2 does not answer (" + o.why() + ") since " + goneSince + "; taking over after "
              + seconds(takeoverAfter), now));
      return;
    }
    Set<String> ourCopies = new TreeSet<>(o.ourCopies());
    List<String> take = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String a : ecosystem) {
      if (takenOver.contains(a)) continue;
      AppView last = lastSeen.get(a);
      AppView before = previousSeen.get(a);
      // Stopped on purpose only when two answers in a row said so, not just the one `pm2 kill` left.
      if (last != null && last.deliberatelyStopped() && before != null && before.deliberatelyStopped()) {
        skipped.add(a + " (stopped in PM2 before it went away)");
        continue;
      }
      if (ourCopies.contains(a)) {
        skipped.add(a + " (already running here)");
        continue;
      }
      take.add(a);
    }
    if (!take.isEmpty()) {
      takenOver.addAll(take);
      handedBack.removeAll(take);
      String reason = "PM2 has not answered for " + seconds(gone) + " (" + o.why() + "), takeoverAfter is "
          + seconds(takeoverAfter) + ": run " + String.join(", ", take) + " here";
      if (!skipped.isEmpty()) reason += "; not taken over: " + String.join(", ", skipped);
      out.add(new Action(Action.Kind.TAKE_OVER, take, reason, now));
      return;
    }
    String reason = "PM2 does not answer (" + o.why() + ") since " + goneSince;
    reason += takenOver.isEmpty() ? "; nothing to take over" : "; running here: " + String.join(", ", takenOver);
    if (!skipped.isEmpty()) reason += "; not taken over: " + String.join(", ", skipped);
    out.add(new Action(Action.Kind.WATCH, List.of(), reason, now));
  }

  private static Map<String, AppView> fold(List<Pm2App> apps) {
    Map<String, List<Pm2App>> byName = new LinkedHashMap<>();
    for (Pm2App a : apps) byName.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(a);
    Map<String, AppView> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Pm2App>> e : byName.entrySet()) {
      Pm2App worst = e.getValue().stream().max((x, y) -> Integer.compare(severity(x), severity(y))).orElseThrow();
      boolean restart = e.getValue().stream().anyMatch(Pm2App::needsRestart);
      boolean stopped = e.getValue().stream().allMatch(Pm2App::deliberatelyStopped);
      // the latest start among the instances: the app is stable once its youngest instance is
      Optional<Instant> since = e.getValue().stream().map(Pm2App::onlineSince)
          .reduce((x, y) -> x.isEmpty() || y.isEmpty() ? Optional.empty() : x.get().isAfter(y.get()) ? x : y).orElse(Optional.empty());
      out.put(e.getKey(), new AppView(e.getKey(), worst.status(), restart, stopped, since));
    }
    return out;
  }

  private static int severity(Pm2App a) {
    if (a.errored()) return 5;
    if (a.needsRestart()) return 4;
    switch (a.status()) {
      case Pm2App.STOPPED: return 3;
      case Pm2App.STOPPING: return 2;
      case Pm2App.ONLINE: return 0;
      default: return 1; // launching, waiting restart, one-launch-status, unknown words
    }
  }

  private void record(Action a) {
    history.addLast(a);
    while (history.size() > HISTORY) history.removeFirst();
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /** The actions recorded so far, oldest first (at most {@value #HISTORY}). */
  public synchronized List<Action> history() {
    return List.copyOf(history);
  }

  /** When PM2 stopped answering, while it does not. */
  public synchronized Optional<Instant> goneSince() {
    return Optional.ofNullable(goneSince);
  }

  public synchronized String goneWhy() {
    return goneWhy;
  }

  /** The apps taken over and not handed back yet. */
  public synchronized List<String> takenOver() {
    return List.copyOf(takenOver);
  }

  public Duration takeoverAfter() {
    return takeoverAfter;
  }
}
