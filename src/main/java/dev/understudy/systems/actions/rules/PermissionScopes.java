package dev.understudy.systems.actions.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks {@code permissions:} of a workflow or a job: either one value for all scopes
 * ({@code read-all}, {@code write-all}; {@code {}} is the caller's empty mapping) or a mapping from
 * scope (case-sensitive) to {@code read}, {@code write} or {@code none}.
 *
 * <pre>{@code
 * PermissionScopes.checkScope("ACTIONS")          // Optional[unknown permission scope "ACTIONS". all available ...]
 * PermissionScopes.checkValue("id-token", "read") // Optional["read" is invalid as permission of scope "id-token". ...]
 * PermissionScopes.checkAll("")                   // Optional["" is invalid for permission for all the scopes. ...]
 * }</pre>
 */
public final class PermissionScopes {

  private static final List<String> RWN = List.of("read", "write", "none");

  /** Scope to the values it accepts (GITHUB_TOKEN permissions, GitHub docs, 2026). */
  private static final Map<String, List<String>> SCOPES = new TreeMap<>(Map.ofEntries(
      Map.entry("actions", RWN),
      Map.entry("artifact-metadata", RWN),
      Map.entry("attestations", RWN),
      Map.entry("checks", RWN),
      Map.entry("contents", RWN),
      Map.entry("deployments", RWN),
      Map.entry("discussions", RWN),
      Map.entry("id-token", List.of("write", "none")),
      Map.entry("issues", RWN),
      Map.entry("models", List.of("read", "none")),
      Map.entry("packages", RWN),
      Map.entry("pages", RWN),
      Map.entry("pull-requests", RWN),
      Map.entry("repository-projects", RWN),
      Map.entry("security-events", RWN),
      Map.entry("statuses", RWN)));

  private PermissionScopes() {}

  /** The scope names, sorted. */
  public static List<String> scopes() {
    return List.copyOf(SCOPES.keySet());
  }

  /** Checks the one value given for all scopes ({@code permissions: read-all}). */
  public static Optional<String> checkAll(String value) {
    if (value.equals("read-all") || value.equals("write-all")) return Optional.empty();
    return Optional.of(Quoting.quote(value)
        + " is invalid for permission for all the scopes. available values are \"read-all\" and \"write-all\"");
  }

  /** Checks a scope name (a key of the mapping). */
  public static Optional<String> checkScope(String scope) {
    if (SCOPES.containsKey(scope)) return Optional.empty();
    return Optional.of("unknown permission scope " + Quoting.quote(scope) + ". all available permission scopes are "
        + Quoting.quoteAll(SCOPES.keySet()));
  }

  /** Checks the value of a known scope; empty for an unknown scope (reported by {@link #checkScope}). */
  public static Optional<String> checkValue(String scope, String value) {
    List<String> allowed = SCOPES.get(scope);
    if (allowed == null || allowed.contains(value)) return Optional.empty();
    return Optional.of(Quoting.quote(value) + " is invalid as permission of scope " + Quoting.quote(scope)
        + ". available values are " + Quoting.quoteAll(allowed));
  }
}
