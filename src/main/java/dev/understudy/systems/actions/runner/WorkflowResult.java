package dev.understudy.systems.actions.runner;

import java.util.Map;

/** How a workflow run ended: it succeeds when no job failed or was cancelled. */
public record WorkflowResult(Map<String, JobResult> jobs, Map<String, String> outputs) {
  public boolean success() {
    return jobs.values().stream().noneMatch(JobResult::failed);
  }
}
