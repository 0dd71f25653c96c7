package dev.understudy.systems.actions.expr;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An {@link EvalContext} over a map of contexts. The builder converts each value with {@link
 * Values#normalize} (numbers to {@code Double}, maps to {@link CaseInsensitiveMap}), so a test can
 * hand it {@code Map.of("ref", "main")} or a Jackson-read map. Immutable once built; {@link
 * #toBuilder()} makes a changed copy (the runner's next step).
 */
public final class MapEvalContext implements EvalContext {
  private final Map<String, Object> contexts;
  private final JobStatus status;
  private final Path workspace;

  private MapEvalContext(Builder b) {
    this.contexts = Map.copyOf(b.contexts.entrySet().stream()
        .filter(e -> e.getValue() != null)
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    this.names = Set.copyOf(b.contexts.keySet());
    this.status = b.status;
    this.workspace = b.workspace;
  }

  private final Set<String> names;

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    for (String name : names) b.contexts.put(name, contexts.get(name));
    b.status = status;
    b.workspace = workspace;
    return b;
  }

  @Override
  public Object context(String lowerCaseName) {
    return contexts.get(lowerCaseName);
  }

  @Override
  public boolean knows(String lowerCaseName) {
    return names.contains(lowerCaseName) || STANDARD_CONTEXTS.contains(lowerCaseName);
  }

  @Override
  public JobStatus status() {
    return status;
  }

  @Override
  public Path workspace() {
    return workspace;
  }

  public static final class Builder {
    private final Map<String, Object> contexts = new HashMap<>();
    private JobStatus status = JobStatus.SUCCESS;
    private Path workspace;

    private Builder() {}

    /** Sets a context; the name is case-insensitive; the value goes through {@link Values#normalize}. */
    public Builder context(String name, Object value) {
      contexts.put(name.toLowerCase(Locale.ROOT), Values.normalize(value));
      return this;
    }

    public Builder github(Map<String, ?> value) {
      return context("github", value);
    }

    public Builder env(Map<String, ?> value) {
      return context("env", value);
    }

    public Builder vars(Map<String, ?> value) {
      return context("vars", value);
    }

    public Builder secrets(Map<String, ?> value) {
      return context("secrets", value);
    }

    public Builder inputs(Map<String, ?> value) {
      return context("inputs", value);
    }

    public Builder matrix(Map<String, ?> value) {
      return context("matrix", value);
    }

    public Builder steps(Map<String, ?> value) {
      return context("steps", value);
    }

    public Builder needs(Map<String, ?> value) {
      return context("needs", value);
    }

    public Builder status(JobStatus value) {
      this.status = Objects.requireNonNull(value, "status");
      return this;
    }

    public Builder workspace(Path value) {
      this.workspace = value;
      return this;
    }

    public MapEvalContext build() {
      return new MapEvalContext(this);
    }
  }

  /** Names of the contexts set on this one (lower case). */
  public Set<String> names() {
    return new HashSet<>(names);
  }
}
