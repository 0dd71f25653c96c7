package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.model.Pos;

/** Where rules put what they find. */
interface Report {
  void add(Pos pos, String message, String rule);
}
