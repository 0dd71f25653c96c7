package dev.understudy.systems.actions.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContextAvailabilityTest {

  @Test
  void stepKeysAllowEverythingButJobs() {
    ContextAvailability run = ContextAvailability.of("jobs.<job_id>.steps.run");
    assertThat(run.contexts()).containsExactly(
        "env", "github", "inputs", "job", "matrix", "needs", "runner", "secrets", "steps", "strategy", "vars");
    assertThat(run.specialFunctions()).containsExactly("hashfiles");
  }

  @Test
  void ifKeysAllowStatusFunctions() {
    assertThat(ContextAvailability.of("jobs.<job_id>.if").contexts()).containsExactly("github", "inputs", "needs", "vars");
    assertThat(ContextAvailability.of("jobs.<job_id>.if").specialFunctions())
        .containsExactly("always", "cancelled", "failure", "success");
    ContextAvailability stepIf = ContextAvailability.of("jobs.<job_id>.steps.if");
    assertThat(stepIf.contexts()).doesNotContain("secrets").contains("steps", "runner");
    assertThat(stepIf.specialFunctions()).containsExactly("always", "cancelled", "failure", "hashfiles", "success");
  }

  @Test
  void workflowLevelKeys() {
    assertThat(ContextAvailability.of("env").contexts()).containsExactly("github", "inputs", "secrets", "vars");
    assertThat(ContextAvailability.of("run-name").contexts()).containsExactly("github", "inputs", "vars");
    assertThat(ContextAvailability.of("on.workflow_call.outputs.<output_id>.value").contexts()).contains("jobs");
    assertThat(ContextAvailability.of("jobs.<job_id>.env").contexts())
        .containsExactly("github", "inputs", "matrix", "needs", "secrets", "strategy", "vars");
    assertThat(ContextAvailability.of("jobs.<job_id>.runs-on").specialFunctions()).isEmpty();
  }

  @Test
  void whereSpecialFunctionsMayBeCalled() {
    assertThat(ContextAvailability.keysAllowing("Always")).containsExactly("jobs.<job_id>.if", "jobs.<job_id>.steps.if");
    assertThat(ContextAvailability.keysAllowing("hashFiles")).hasSize(8).allMatch(k -> k.startsWith("jobs.<job_id>.steps."));
    assertThat(ContextAvailability.keysAllowing("format")).isEmpty();
  }

  @Test
  void unknownKeyIsAProgrammingError() {
    assertThatThrownBy(() -> ContextAvailability.of("jobs.<job_id>.steps.uses"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ContextAvailability.keys()).hasSize(35);
  }
}
