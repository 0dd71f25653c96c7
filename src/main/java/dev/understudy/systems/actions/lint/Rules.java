package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.model.Pos;
import dev.understudy.systems.actions.model.Workflow;
import java.util.ArrayList;
import java.util.List;

/** The checks that run over a workflow that could be read, each adding findings. */
final class Rules {
  private final String path;
  private final Workflow workflow;
  private final List<Finding> findings = new ArrayList<>();

  Rules(String path, Workflow workflow) {
    this.path = path;
    this.workflow = workflow;
  }

  List<Finding> check() {
    return findings;
  }

  void add(Pos pos, String message, String rule) {
    findings.add(new Finding(path, pos.line(), pos.column(), message, rule));
  }
}
