package dev.understudy.systems.actions.model;

import java.util.List;
import java.util.Map;

/**
 * An action's {@code action.yml}: its inputs and outputs and how it runs ({@code composite} with
 * steps, {@code node20}-style with a main script, or {@code docker}).
 */
public record ActionMetadata(
    Str name,
    Map<String, Input> inputs,
    Map<String, Output> outputs,
    Runs runs) {

  /** One input; {@code defaultValue} may hold {@code ${{ }}}. */
  public record Input(Str name, Str description, boolean required, Str defaultValue) {}

  /** One output; {@code value} is set for composite actions. */
  public record Output(Str name, Str description, Str value) {}

  /** {@code runs:}. */
  public record Runs(Str using, Str main, Str pre, Str post, Str preIf, Str postIf, List<Step> steps, Str image,
      Map<String, Str> env) {
    public boolean isComposite() {
      return using != null && using.value().equals("composite");
    }

    public boolean isNode() {
      return using != null && using.value().startsWith("node");
    }

    public boolean isDocker() {
      return using != null && using.value().equals("docker");
    }
  }
}
