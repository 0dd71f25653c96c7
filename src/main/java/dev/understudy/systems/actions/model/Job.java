package dev.understudy.systems.actions.model;

import dev.understudy.systems.actions.model.Workflow.Concurrency;
import dev.understudy.systems.actions.model.Workflow.Defaults;
import dev.understudy.systems.actions.model.Workflow.Env;
import dev.understudy.systems.actions.model.Workflow.Permissions;
import java.util.List;
import java.util.Map;

/**
 * One job of {@code jobs:}. A job either runs {@code steps} on a runner or calls a reusable
 * workflow ({@code call} is then set).
 */
public record Job(
    Str id,
    Str name,
    List<Str> needs,
    RunsOn runsOn,
    Permissions permissions,
    Environment environment,
    Concurrency concurrency,
    Map<String, Output> outputs,
    Env env,
    Defaults defaults,
    Str ifCondition,
    List<Step> steps,
    Scalar<Double> timeoutMinutes,
    Strategy strategy,
    Scalar<Boolean> continueOnError,
    Container container,
    Services services,
    WorkflowCall call,
    Pos pos) {

  public List<Str> needsOrEmpty() {
    return needs == null ? List.of() : needs;
  }

  /** {@code runs-on:}: labels, a group, or one expression. */
  public record RunsOn(List<Str> labels, Str labelsExpression, Str group) {}

  public record Environment(Str name, Str url, Pos pos) {}

  public record Output(Str name, Str value) {}

  /** {@code strategy:}. */
  public record Strategy(Matrix matrix, Scalar<Boolean> failFast, Scalar<Integer> maxParallel, Pos pos) {}

  /**
   * {@code strategy.matrix}: rows of values, {@code include} and {@code exclude}; or one
   * expression ({@code matrix: ${{ fromJSON(...) }}}).
   */
  public record Matrix(Map<String, Row> rows, Combinations include, Combinations exclude, Str expression, Pos pos) {}

  /** One matrix variable and its values, or an expression that yields them. */
  public record Row(Str name, List<RawValue> values, Str expression) {}

  /** {@code include} or {@code exclude}: combinations, or an expression that yields them. */
  public record Combinations(List<Combination> combinations, Str expression) {}

  /** One combination: variable assignments, or one expression. */
  public record Combination(Map<String, Assign> assigns, Str expression) {}

  public record Assign(Str key, RawValue value) {}

  /** {@code container:} or one of {@code services:}. */
  public record Container(Str image, Credentials credentials, Env env, List<Str> ports, List<Str> volumes,
      Str options, Pos pos) {}

  public record Credentials(Str username, Str password, Str expression, Pos pos) {}

  /** {@code services:}: named containers, or one expression. */
  public record Services(Map<String, Service> services, Str expression, Pos pos) {}

  public record Service(Str name, Container container) {}

  /** A reusable workflow call: {@code uses}, {@code with}, {@code secrets} (or inherit). */
  public record WorkflowCall(Str uses, Map<String, CallArg> inputs, Map<String, CallArg> secrets,
      boolean inheritSecrets) {}

  public record CallArg(Str name, Str value) {}
}
