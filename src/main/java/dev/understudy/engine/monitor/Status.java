package dev.understudy.engine.monitor;

/**
 * The state of one check. A check moves {@code OK → WARNING → FAILING → RECOVERED → OK}; it may
 * also skip a step ({@code OK → FAILING}), step down ({@code FAILING → WARNING}) or fall back
 * from {@code RECOVERED} into trouble.
 */
public enum Status {
  OK,
  WARNING,
  FAILING,
  /** Good again after a warning or a failure; becomes {@code OK} at the next good sample. */
  RECOVERED;

  /** WARNING or FAILING: something a person may need to look at. */
  public boolean isProblem() {
    return this == WARNING || this == FAILING;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
