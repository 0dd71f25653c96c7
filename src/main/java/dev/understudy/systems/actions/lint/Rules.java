package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.model.Pos;
import dev.understudy.systems.actions.model.Workflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The checks that run over a workflow that could be read, in a fixed order. */
final class Rules {
  private final List<Rule> rules;

  Rules(Path projectRoot) {
    rules = List.of(
        new NeedsRule(),
        new MatrixRule(),
        new InputsRule(),
        new WorkflowCallRule(projectRoot),
        new ExpressionRule(),
        new EventsRule(),
        new JobsRule(),
        new IfConditionRule());
  }

  List<Finding> check(String path, Workflow workflow) {
    List<Finding> out = new ArrayList<>();
    Report report = (Pos pos, String message, String rule) ->
        out.add(new Finding(path, pos.line(), pos.column(), message, rule));
    for (Rule r : rules) r.check(workflow, report);
    return out;
  }
}
