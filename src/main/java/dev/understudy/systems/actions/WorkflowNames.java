package dev.understudy.systems.actions;

import dev.understudy.util.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a workflow NAME on the command line means among the known file names: {@code ci.yml}
 * itself, or {@code ci} for {@code ci.yml} or {@code ci.yaml}; else a message with a suggestion.
 */
public final class WorkflowNames {
  private WorkflowNames() {}

  /** The matching file name, or empty with {@code problem} holding the message. */
  public static Optional<String> resolve(Set<String> known, String name, String[] problem) {
    if (known.contains(name)) return Optional.of(name);
    List<String> matches = new ArrayList<>();
    for (String ext : List.of(".yml", ".yaml")) {
      if (known.contains(name + ext)) matches.add(name + ext);
    }
    if (matches.size() == 1) return Optional.of(matches.get(0));
    if (matches.size() > 1) {
      problem[0] = "'" + name + "' matches " + String.join(" and ", matches) + ": name the file with its extension";
      return Optional.empty();
    }
    Map<String, String> byStem = new HashMap<>();
    for (String k : known) byStem.put(k.contains(".") ? k.substring(0, k.lastIndexOf('.')) : k, k);
    problem[0] = Suggestions.closest(name, known).or(() -> Suggestions.closest(name, byStem.keySet()).map(byStem::get))
        .map(s -> "did you mean '" + s + "'?").orElse(null);
    return Optional.empty();
  }
}
