package dev.understudy.systems.netlify.api;

import dev.understudy.util.Sleeper;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Whether Understudy runs a scheduled function's slot itself, in {@code failover} mode: only while
 * Netlify, observably, will not. Netlify's API shows no history of scheduled invocations, so the
 * question is asked at the slot about the site:
 *
 * <ol>
 *   <li>No site or no token, or the API unreachable after the client's retries, or an error
 *       answer: {@link Outcome#STANDBY_UNOBSERVABLE}. Running blind could run the slot twice; the
 *       reason says what to fix.
 *   <li>The site is disabled, or in a state that serves nothing ({@link #DOWN_SITE_STATES}): run here.
 *   <li>No published deploy, or the published deploy is not {@code ready}: run here.
 *   <li>The published deploy lists its scheduled functions and this one is not among them (a deploy
 *       that broke or dropped it): run here.
 *   <li>Otherwise Netlify runs it: {@link Outcome#PRIMARY_RUNS}.
 * </ol>
 *
 * A failed newest deploy alone does not count: Netlify's deploys are atomic, so the previous deploy
 * stays live and keeps running the schedule. The reason names it all the same.
 */
public final class NetlifyFailover {
  public static final Set<String> DOWN_SITE_STATES = Set.of("suspended", "disabled", "deleted", "error", "locked");

  public enum Outcome {
    /** Netlify will not run the slot: run it here. */
    RUN_HERE,
    /** The site and its live deploy are up and schedule the function: Netlify runs it. */
    PRIMARY_RUNS,
    /** Netlify cannot be observed: do not run; the reason says why. */
    STANDBY_UNOBSERVABLE,
  }

  public record Result(Outcome outcome, String reason, Optional<SiteState> site) {
    public boolean runHere() {
      return outcome == Outcome.RUN_HERE;
    }
  }

  private final NetlifyAccess access;
  private final Optional<NetlifyClient> client;

  public NetlifyFailover(NetlifyAccess access, Optional<NetlifyClient> client) {
    this.access = access;
    this.client = client;
  }

  /** A decision with a client of its own, built from the access when it has a token. */
  public static NetlifyFailover of(NetlifyAccess access, NetlifyClient.Options options, Sleeper sleeper, Consumer<String> notes) {
    return new NetlifyFailover(access, access.token()
        .map(t -> new NetlifyClient(access.apiUrl(), t.value(), t.variable(), options, sleeper, notes)));
  }

  public NetlifyAccess access() {
    return access;
  }

  /** Whether the site as a whole is up: the answer for every function but the per-function rule. */
  public Result observe() {
    return decide(Optional.empty());
  }

  /** The decision for a slot of {@code function} (its name). */
  public Result decide(String function) {
    return decide(Optional.of(function));
  }

  private Result decide(Optional<String> function) {
    Optional<String> missing = access.missing();
    if (missing.isPresent() || client.isEmpty()) return standby(missing.orElse("no Netlify client"));
    String siteId = access.siteId().orElseThrow();
    SiteState site;
    try {
      site = client.get().site(siteId);
    } catch (NetlifyException e) {
      return standby(e.getMessage());
    }
    String name = "site " + site.name();
    String latestNote = site.latest()
        .filter(l -> site.published().map(p -> !p.id().equals(l.id())).orElse(true))
        .filter(l -> "error".equals(l.state()))
        .map(l -> "; its newest deploy " + l.id() + " failed" + l.errorMessage().map(m -> " (" + m + ")").orElse("")
            + " but the previous deploy stays live")
        .orElse("");
    Optional<String> state = site.state().map(s -> s.toLowerCase(Locale.ROOT));
    if (site.disabled() || state.filter(DOWN_SITE_STATES::contains).isPresent()) {
      return new Result(Outcome.RUN_HERE, name + " is " + state.orElse("disabled") + " on Netlify: running here", Optional.of(site));
    }
    if (site.published().isEmpty()) {
      return new Result(Outcome.RUN_HERE, name + " has no published deploy on Netlify: running here", Optional.of(site));
    }
    SiteState.Deploy live = site.published().get();
    if (!live.ready()) {
      return new Result(Outcome.RUN_HERE, name + "'s published deploy " + live.id() + " is " + live.state()
          + live.errorMessage().map(m -> " (" + m + ")").orElse("") + ", not ready: running here", Optional.of(site));
    }
    if (function.isPresent()) {
      Optional<List<String>> scheduled = live.scheduledFunctions();
      if (scheduled.isPresent() && !scheduled.get().contains(function.get())) {
        return new Result(Outcome.RUN_HERE, name + "'s live deploy " + live.id() + " does not schedule " + function.get()
            + " (it schedules " + (scheduled.get().isEmpty() ? "none" : String.join(", ", scheduled.get())) + "): running here",
            Optional.of(site));
      }
    }
    return new Result(Outcome.PRIMARY_RUNS, name + " is up on Netlify (live deploy " + live.id() + " ready)" + latestNote
        + function.map(f -> ": Netlify runs " + f).orElse(""), Optional.of(site));
  }

  private static Result standby(String reason) {
    return new Result(Outcome.STANDBY_UNOBSERVABLE, "Netlify cannot be observed: " + reason + "; standing by (not running)",
        Optional.empty());
  }
}
