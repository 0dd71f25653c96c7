package dev.understudy.systems.actions.github;

import dev.understudy.util.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether Understudy runs a scheduled workflow's slot itself, in {@code failover} mode: only when
 * GitHub, observably, did not. The scheduler asks once the slot's grace period is over ({@code
 * slot + githubActions.grace}); asked earlier, it answers {@link Outcome#WAIT} unless the run is
 * already there.
 *
 * <ol>
 *   <li>No repository or no token, or GitHub unreachable after the client's retries, or any error
 *       answer: {@link Outcome#STANDBY_UNOBSERVABLE}. Running blind could run the slot twice; the
 *       reason says what to fix.
 *   <li>The workflow's state on GitHub: {@code disabled_inactivity} (GitHub stopped scheduling it
 *       after 60 days without activity, nobody decided that) → {@link Outcome#RUN_HERE} at once;
 *       {@code disabled_manually}, {@code disabled_fork} or {@code deleted} (a person turned it off,
 *       or it is gone from the default branch) → {@link Outcome#PRIMARY_DISABLED}: not run here
 *       either, since standing in would undo a deliberate choice. Another state we do not know →
 *       {@link Outcome#STANDBY_UNOBSERVABLE}.
 *   <li>A run with {@code event=schedule} created at or after the slot (less {@link #CLOCK_SKEW}),
 *       and before the next slot when one is given → {@link Outcome#PRIMARY_RAN}, whatever its
 *       conclusion: the primary took its turn; a failed run is its own news, not a missed one.
 *   <li>None, and the grace period is over → {@link Outcome#RUN_HERE}; not yet over → {@link Outcome#WAIT}.
 * </ol>
 */
public final class FailoverDecision {
  /** How much earlier than the slot a run may be stamped and still count: GitHub's clock and ours differ a little. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
  /** Runs asked for per decision: the newest first, since the slot. */
  static final int PER_PAGE = 20;

  public enum Outcome {
    /** GitHub did not run the slot: run it here. */
    RUN_HERE,
    /** GitHub ran (or is running) the slot: {@link Result#run()} says which run. */
    PRIMARY_RAN,
    /** The workflow is turned off on GitHub on purpose: do not run it here either. */
    PRIMARY_DISABLED,
    /** GitHub cannot be observed: do not run; {@link Result#reason()} says why. */
    STANDBY_UNOBSERVABLE,
    /** No run yet, and the grace period is not over: ask again at {@link Result#askAgainAt()}. */
    WAIT,
  }

  /** @param workflowState GitHub's state of the workflow, when it was read */
  public record Result(
      Outcome outcome, String reason, Optional<WorkflowRun> run, Optional<String> workflowState, Optional<Instant> askAgainAt) {
    public boolean runHere() {
      return outcome == Outcome.RUN_HERE;
    }
  }

  private final GitHubAccess access;
  private final Optional<GitHubClient> client;
  private final Duration grace;
  private final Clock clock;

  /** @param client empty when there is no token ({@link GitHubAccess#missing()} says so) */
  public FailoverDecision(GitHubAccess access, Optional<GitHubClient> client, Duration grace, Clock clock) {
    this.access = access;
    this.client = client;
    this.grace = grace;
    this.clock = clock;
  }

  /** A decision with a client of its own, built from the access when it has a token. */
  public static FailoverDecision of(GitHubAccess access, Duration grace, GitHubClient.Options options, Clock clock, Sleeper sleeper,
      java.util.function.Consumer<String> notes) {
    Optional<GitHubClient> client = access.token()
        .map(t -> new GitHubClient(access.apiUrl(), t.value(), t.variable(), options, clock, sleeper, notes));
    return new FailoverDecision(access, client, grace, clock);
  }

  /** The decision for {@code slot} of the workflow file (a name in .github/workflows, e.g. {@code nightly.yml}). */
  public Result decide(String workflowFile, Instant slot) {
    return decide(workflowFile, slot, Optional.empty());
  }

  /**
   * @param nextSlot the workflow's next slot after {@code slot}, when known: a run created from
   *     then on belongs to that slot, not this one
   */
  public Result decide(String workflowFile, Instant slot, Optional<Instant> nextSlot) {
    Optional<String> missing = access.missing();
    if (missing.isPresent() || client.isEmpty()) {
      return standby(missing.orElse("no GitHub client"), Optional.empty());
    }
    Repository repo = access.repository().orElseThrow();
    GitHubClient gh = client.get();
    String name = repo + " " + workflowFile;
    String state;
    try {
      state = gh.workflow(repo, workflowFile).state();
    } catch (GitHubException e) {
      return standby(e.getMessage(), Optional.empty());
    }
    switch (state) {
      case "active":
        break;
      case "disabled_inactivity":
        return new Result(Outcome.RUN_HERE,
            name + " is disabled on GitHub for inactivity (no repository activity in 60 days), so GitHub will not run it: running it here"
                + "; re-enable it on GitHub to give GitHub its turn back",
            Optional.empty(), Optional.of(state), Optional.empty());
      case "disabled_manually":
      case "disabled_fork":
      case "deleted":
        return new Result(Outcome.PRIMARY_DISABLED,
            name + " is " + state.replace('_', ' ') + " on GitHub: someone turned it off, so it is not run here either"
                + "; enable it on GitHub, or set its mode to replace to run it here regardless",
            Optional.empty(), Optional.of(state), Optional.empty());
      default:
        return standby(name + " has a state Understudy does not know ('" + state + "'): not running it blind", Optional.of(state));
    }
    Instant from = slot.minus(CLOCK_SKEW);
    Optional<Instant> until = nextSlot.map(n -> n.minus(CLOCK_SKEW));
    List<WorkflowRun> runs;
    try {
      runs = gh.listRuns(repo, workflowFile, GitHubClient.RunQuery.scheduledSince(from, PER_PAGE));
    } catch (GitHubException e) {
      return standby(e.getMessage(), Optional.of(state));
    }
    Optional<WorkflowRun> ran = runs.stream()
        .filter(r -> r.event().equals("schedule"))
        .filter(r -> !r.createdAt().isBefore(from))
        .filter(r -> until.map(u -> r.createdAt().isBefore(u)).orElse(true))
        .min(Comparator.comparing(WorkflowRun::createdAt));
    if (ran.isPresent()) {
      WorkflowRun r = ran.get();
      return new Result(Outcome.PRIMARY_RAN,
          "GitHub ran the " + slot + " slot of " + name + ": run " + r.id() + " created " + r.createdAt() + " (" + r.status()
              + r.conclusion().map(c -> ", " + c).orElse("") + ")" + r.htmlUrl().map(u -> " " + u).orElse(""),
          ran, Optional.of(state), Optional.empty());
    }
    Instant due = slot.plus(grace);
    if (clock.instant().isBefore(due)) {
      return new Result(Outcome.WAIT, "GitHub has not run the " + slot + " slot of " + name + " yet; its grace period ends at " + due,
          Optional.empty(), Optional.of(state), Optional.of(due));
    }
    return new Result(Outcome.RUN_HERE,
        "GitHub did not run the " + slot + " slot of " + name + " within its grace period (" + grace.toMinutes() + " min): running it here",
        Optional.empty(), Optional.of(state), Optional.empty());
  }

  private static Result standby(String reason, Optional<String> state) {
    return new Result(Outcome.STANDBY_UNOBSERVABLE, "GitHub cannot be observed: " + reason + "; standing by (not running)",
        Optional.empty(), state, Optional.empty());
  }
}
