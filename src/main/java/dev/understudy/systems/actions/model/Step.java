package dev.understudy.systems.actions.model;

import dev.understudy.systems.actions.model.Workflow.Env;
import java.util.Map;

/** One step: it runs a script ({@link Run}) or an action ({@link Action}). */
public record Step(
    Str id,
    Str ifCondition,
    Str name,
    Env env,
    Scalar<Boolean> continueOnError,
    Scalar<Double> timeoutMinutes,
    Exec exec,
    Pos pos) {

  /** What a step does. {@code null} in a step that has neither {@code run} nor {@code uses}. */
  public sealed interface Exec {}

  /** {@code run:} with its {@code shell} and {@code working-directory}. */
  public record Run(Str script, Pos runKey, Str shell, Str workingDirectory) implements Exec {}

  /** {@code uses:} with its inputs; {@code entrypoint}/{@code args} for {@code docker://}. */
  public record Action(Str uses, Map<String, Input> inputs, Str entrypoint, Str args) implements Exec {}

  public record Input(Str name, Str value) {}
}
