package dev.understudy.systems.actions.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The events that trigger workflows ({@code on:}), their activity types ({@code types:}) and the
 * filters each accepts. Event names are case-sensitive, as on GitHub.
 *
 * <pre>{@code
 * WebhookEvents.checkEvent("SCHEDULE")                  // Optional[unknown Webhook event "SCHEDULE". see ...]
 * WebhookEvents.suggestion("SCHEDULE")                  // Optional[schedule]
 * WebhookEvents.checkActivityType("merge_group", "opened") // Optional[invalid activity type "opened" for ...]
 * WebhookEvents.checkFilters("push", List.of("branches", "branches-ignore"))
 *   // [KeyProblem[index=1, message=both "branches" and "branches-ignore" filters cannot be used ...]]
 * }</pre>
 *
 * <p>Source: GitHub's "Events that trigger workflows" page, as of 2026, via actionlint's table.
 */
public final class WebhookEvents {

  private static final String EVENTS_URL =
      "https://docs.github.com/en/actions/learn-github-actions/events-that-trigger-workflows#webhook-events";

  private static final List<String> PR_TYPES = List.of("assigned", "unassigned", "labeled", "unlabeled", "opened",
      "edited", "closed", "reopened", "synchronize", "converted_to_draft", "locked", "unlocked", "enqueued",
      "dequeued", "milestoned", "demilestoned", "ready_for_review", "review_requested", "review_request_removed",
      "auto_merge_enabled", "auto_merge_disabled");
  private static final List<String> CRUD = List.of("created", "edited", "deleted");

  /** Event name to its activity types; an empty list: the event takes no {@code types}; null: any type. */
  private static final Map<String, List<String>> TYPES = new TreeMap<>();

  static {
    TYPES.put("branch_protection_rule", CRUD);
    TYPES.put("check_run", List.of("created", "rerequested", "completed", "requested_action"));
    TYPES.put("check_suite", List.of("completed"));
    TYPES.put("create", List.of());
    TYPES.put("delete", List.of());
    TYPES.put("deployment", List.of());
    TYPES.put("deployment_status", List.of());
    TYPES.put("discussion", List.of("created", "edited", "deleted", "transferred", "pinned", "unpinned", "labeled",
        "unlabeled", "locked", "unlocked", "category_changed", "answered", "unanswered"));
    TYPES.put("discussion_comment", CRUD);
    TYPES.put("fork", List.of());
    TYPES.put("gollum", List.of());
    TYPES.put("image_version", List.of());
    TYPES.put("issue_comment", CRUD);
    TYPES.put("issues", List.of("opened", "edited", "deleted", "transferred", "pinned", "unpinned", "closed",
        "reopened", "assigned", "unassigned", "labeled", "unlabeled", "locked", "unlocked", "milestoned",
        "demilestoned", "typed", "untyped"));
    TYPES.put("label", CRUD);
    TYPES.put("merge_group", List.of("checks_requested"));
    TYPES.put("milestone", List.of("created", "closed", "opened", "edited", "deleted"));
    TYPES.put("page_build", List.of());
    TYPES.put("public", List.of());
    TYPES.put("pull_request", PR_TYPES);
    TYPES.put("pull_request_review", List.of("submitted", "edited", "dismissed"));
    TYPES.put("pull_request_review_comment", CRUD);
    TYPES.put("pull_request_target", PR_TYPES);
    TYPES.put("push", List.of());
    TYPES.put("registry_package", List.of("published", "updated"));
    TYPES.put("release", List.of("published", "unpublished", "created", "edited", "deleted", "prereleased", "released"));
    TYPES.put("repository_dispatch", null); // types are whatever the dispatcher sends
    TYPES.put("schedule", List.of());
    TYPES.put("status", List.of());
    TYPES.put("watch", List.of("started"));
    TYPES.put("workflow_call", List.of());
    TYPES.put("workflow_dispatch", List.of());
    TYPES.put("workflow_run", List.of("completed", "requested", "in_progress"));
  }

  /**
   * The events configured by their own keys rather than by {@code types} and filters:
   * {@code schedule} (cron list), {@code workflow_dispatch} and {@code workflow_call} (inputs...),
   * {@code repository_dispatch} (types only) and {@code image_version} (names, versions).
   */
  public static final Set<String> NON_WEBHOOK =
      Set.of("schedule", "workflow_dispatch", "workflow_call", "repository_dispatch", "image_version");

  /** A filter key and the events that accept it; the pairs are exclusive. */
  private enum Filter {
    BRANCHES("branches", "branches-ignore", List.of("merge_group", "push", "pull_request", "pull_request_target", "workflow_run")),
    TAGS("tags", "tags-ignore", List.of("push")),
    PATHS("paths", "paths-ignore", List.of("push", "pull_request", "pull_request_target"));

    final String key, ignoreKey;
    final List<String> events;

    Filter(String key, String ignoreKey, List<String> events) {
      this.key = key;
      this.ignoreKey = ignoreKey;
      this.events = events;
    }

    static Optional<Filter> of(String key) {
      for (Filter f : values()) {
        if (f.key.equals(key) || f.ignoreKey.equals(key)) return Optional.of(f);
      }
      return Optional.empty();
    }
  }

  /** The filter keys, in the order GitHub documents them. */
  public static final List<String> FILTER_KEYS =
      List.of("branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore", "workflows");

  /**
   * A problem about one of the keys given to {@link #checkFilters}.
   *
   * @param index index into that list of the key to report at
   */
  public record KeyProblem(int index, String message) {}

  private WebhookEvents() {}

  /** All event names, sorted. */
  public static Set<String> names() {
    return TYPES.keySet();
  }

  /** Whether {@code event} triggers workflows; case-sensitive. */
  public static boolean isKnown(String event) {
    return TYPES.containsKey(event);
  }

  /** The message for an unknown event, or empty when {@code event} is known. */
  public static Optional<String> checkEvent(String event) {
    if (isKnown(event)) return Optional.empty();
    return Optional.of("unknown Webhook event " + Quoting.quote(event) + ". see " + EVENTS_URL
        + " for list of all Webhook event names");
  }

  /**
   * The known event {@code unknown} was probably meant to be: the same name in another case, else
   * the single closest name at most two edits away. Empty when there is none or it is ambiguous.
   */
  public static Optional<String> suggestion(String unknown) {
    String lower = unknown.toLowerCase(Locale.ROOT);
    if (!unknown.equals(lower) && TYPES.containsKey(lower)) return Optional.of(lower);
    String best = null;
    int bestDistance = 3;
    boolean tie = false;
    for (String name : TYPES.keySet()) {
      int d = distance(lower, name);
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
        tie = false;
      } else if (d == bestDistance) {
        tie = true;
      }
    }
    return best == null || tie || best.equals(unknown) ? Optional.empty() : Optional.of(best);
  }

  /**
   * The activity types {@code event} accepts in {@code types:}: empty when it takes none, empty
   * Optional when it takes any (repository_dispatch) or is unknown.
   */
  public static Optional<List<String>> activityTypes(String event) {
    return Optional.ofNullable(TYPES.get(event));
  }

  /**
   * Checks the presence of a {@code types:} key for a known event: the message when the event
   * takes no activity types at all (e.g. push).
   */
  public static Optional<String> checkTypesKey(String event) {
    List<String> types = TYPES.get(event);
    if (types == null || !types.isEmpty()) return Optional.empty();
    return Optional.of("\"types\" cannot be specified for " + Quoting.quote(event) + " Webhook event");
  }

  /** Checks one value of {@code types:} for a known event; empty when it is valid or the event takes any. */
  public static Optional<String> checkActivityType(String event, String type) {
    List<String> types = TYPES.get(event);
    if (types == null || types.isEmpty() || types.contains(type)) return Optional.empty();
    return Optional.of("invalid activity type " + Quoting.quote(type) + " for " + Quoting.quote(event)
        + " Webhook event. available types are " + Quoting.quoteSorted(types));
  }

  /** Whether {@code event} accepts the filter key (one of {@link #FILTER_KEYS}). */
  public static boolean acceptsFilter(String event, String key) {
    if (key.equals("workflows")) return event.equals("workflow_run");
    return Filter.of(key).map(f -> f.events.contains(event)).orElse(false);
  }

  /**
   * Checks the filter keys configured for a known {@code event}, given in document order (other
   * keys, such as {@code types}, are ignored): keys the event does not accept, an exclusive pair
   * such as {@code branches} with {@code branches-ignore} (reported at the later one), and a
   * {@code workflow_run} without {@code workflows} (reported at index -1: the event itself).
   * A key whose value is empty should not be passed: an empty filter is no filter.
   */
  public static List<KeyProblem> checkFilters(String event, List<String> keys) {
    List<KeyProblem> problems = new ArrayList<>();
    Map<Filter, Integer> seen = new TreeMap<>();
    for (int k = 0; k < keys.size(); k++) {
      String key = keys.get(k);
      if (key.equals("workflows")) {
        if (!event.equals("workflow_run")) {
          problems.add(new KeyProblem(k, "\"workflows\" cannot be configured for " + Quoting.quote(event)
              + " event. it is only for workflow_run event"));
        }
        continue;
      }
      Optional<Filter> filter = Filter.of(key);
      if (filter.isEmpty()) continue;
      Filter f = filter.get();
      if (!f.events.contains(event)) {
        problems.add(new KeyProblem(k, Quoting.quote(key) + " filter is not available for " + event
            + " event. it is only for " + String.join(", ", f.events) + (f.events.size() < 2 ? " event" : " events")));
        continue;
      }
      Integer earlier = seen.putIfAbsent(f, k);
      if (earlier != null && !keys.get(earlier).equals(key)) {
        problems.add(new KeyProblem(k, "both " + Quoting.quote(f.key) + " and " + Quoting.quote(f.ignoreKey)
            + " filters cannot be used for the same event " + Quoting.quote(event) + ". note: use '!' to negate patterns"));
      }
    }
    if (event.equals("workflow_run") && !keys.contains("workflows")) {
      problems.add(new KeyProblem(-1, "no workflow is configured for \"workflow_run\" event"));
    }
    return problems;
  }

  /** Levenshtein distance, for {@link #suggestion}. */
  private static int distance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) row[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length()];
  }
}
