package dev.understudy.systems.actions.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks job IDs (keys of {@code jobs:}, values of {@code needs:}) and step IDs: a letter or
 * {@code _} first, then letters, digits, {@code -} and {@code _}; step IDs unique within a job,
 * ignoring case. Empty IDs and IDs holding {@code ${{ }}} are left alone.
 *
 * <pre>{@code
 * Ids.checkJobId("v1.2.3")  // Optional[invalid job ID "v1.2.3". job ID must start with a letter or _ ...]
 * Ids.duplicateStepIds(List.of(new Ids.Id("build", "line:7,col:13"), new Ids.Id("Build", "line:9,col:13")))
 *   // [IdProblem[index=1, message=step ID "Build" duplicates. previously defined at line:7,col:13. ...]]
 * }</pre>
 */
public final class Ids {

  /** An ID as written and where, in the caller's words (such as {@code line:7,col:13}). */
  public record Id(String value, String position) {}

  /** A problem about the ID at {@code index} of the list given. */
  public record IdProblem(int index, String message) {}

  private Ids() {}

  /** Checks a job ID's spelling. */
  public static Optional<String> checkJobId(String id) {
    return check(id, "job");
  }

  /** Checks a step ID's spelling. */
  public static Optional<String> checkStepId(String id) {
    return check(id, "step");
  }

  /** The step IDs of one job, in order, that repeat an earlier one (case-insensitive). */
  public static List<IdProblem> duplicateStepIds(List<Id> stepIds) {
    List<IdProblem> problems = new ArrayList<>();
    Map<String, Id> seen = new HashMap<>();
    for (int k = 0; k < stepIds.size(); k++) {
      Id id = stepIds.get(k);
      if (id.value().contains("${{")) continue;
      Id earlier = seen.putIfAbsent(id.value().toLowerCase(Locale.ROOT), id);
      if (earlier != null) {
        problems.add(new IdProblem(k, "step ID " + Quoting.quote(id.value()) + " duplicates. previously defined at "
            + earlier.position() + ". step ID must be unique within a job. note that step ID is case insensitive"));
      }
    }
    return problems;
  }

  private static Optional<String> check(String id, String what) {
    if (id.isEmpty() || id.contains("${{") || wellFormed(id)) return Optional.empty();
    return Optional.of("invalid " + what + " ID " + Quoting.quote(id) + ". " + what
        + " ID must start with a letter or _ and contain only alphanumeric characters, -, or _");
  }

  private static boolean wellFormed(String id) {
    for (int k = 0; k < id.length(); k++) {
      char c = id.charAt(k);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      boolean ok = letter || (k > 0 && ((c >= '0' && c <= '9') || c == '-'));
      if (!ok) return false;
    }
    return true;
  }
}
