package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.expr.IfConditions;
import dev.understudy.systems.actions.model.Job;
import dev.understudy.systems.actions.model.Step;
import dev.understudy.systems.actions.model.Str;
import dev.understudy.systems.actions.model.Workflow;

/** {@code if:} values where a template sits among other text: GitHub then always runs the job or step. */
final class IfConditionRule implements Rule {
  @Override
  public void check(Workflow workflow, Report report) {
    for (Job j : workflow.jobs().values()) {
      check(j.ifCondition(), report);
      if (j.steps() != null) for (Step s : j.steps()) check(s.ifCondition(), report);
    }
  }

  private static void check(Str s, Report report) {
    if (s != null && IfConditions.isAlwaysTrue(s.value())) {
      report.add(s.pos(), IfConditions.alwaysTrueMessage(s.value()), "if-cond");
    }
  }
}
