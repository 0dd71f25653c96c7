package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.model.Workflow;

/** One check over a workflow that could be read. */
interface Rule {
  /** Reports what is wrong in {@code workflow} to {@code report}. */
  void check(Workflow workflow, Report report);
}
