package dev.understudy.systems.actions.runner;

import java.util.Map;

/** How one job ended ({@code success failure cancelled skipped}) and its outputs. */
public record JobResult(String id, Result result, Map<String, String> outputs, String message) {

  public enum Result {
    SUCCESS, FAILURE, CANCELLED, SKIPPED;

    /** As {@code needs.<id>.result} shows it. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public boolean failed() {
    return result == Result.FAILURE || result == Result.CANCELLED;
  }
}
