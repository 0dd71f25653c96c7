package dev.understudy.systems.actions.model;

import java.util.List;
import java.util.Map;

/**
 * A workflow file as GitHub reads it. Sections that are absent are {@code null}; {@code jobs}
 * keeps the file's order.
 */
public record Workflow(
    Str name,
    Str runName,
    List<Event> on,
    Permissions permissions,
    Env env,
    Defaults defaults,
    Concurrency concurrency,
    Map<String, Job> jobs) {

  /** The first event of the given name, or {@code null}. */
  @SuppressWarnings("unchecked")
  public <E extends Event> E event(Class<E> kind) {
    if (on == null) return null;
    for (Event e : on) if (kind.isInstance(e)) return (E) e;
    return null;
  }

  /** {@code permissions:}: either {@code all} (read-all, write-all, ...) or scopes. */
  public record Permissions(Str all, Map<String, Scope> scopes, Pos pos) {}

  public record Scope(Str name, Str value) {}

  /** {@code env:}: variables, or one expression that yields them. */
  public record Env(Map<String, EnvVar> vars, Str expression) {}

  public record EnvVar(Str name, Str value) {}

  /** {@code defaults: run:}. */
  public record Defaults(Str shell, Str workingDirectory, Pos pos, boolean hasRun) {}

  public record Concurrency(Str group, Scalar<Boolean> cancelInProgress, Pos pos) {}
}
