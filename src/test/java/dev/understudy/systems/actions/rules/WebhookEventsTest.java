package dev.understudy.systems.actions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.actions.rules.WebhookEvents.KeyProblem;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookEventsTest {

  private static final String NEGATE = ". note: use '!' to negate patterns";

  @ParameterizedTest
  @ValueSource(strings = {"push", "pull_request", "pull_request_target", "schedule", "workflow_dispatch",
      "workflow_call", "repository_dispatch", "workflow_run", "merge_group", "pull_request_review", "issues",
      "release", "image_version"})
  void knowsEvents(String event) {
    assertThat(WebhookEvents.isKnown(event)).isTrue();
    assertThat(WebhookEvents.checkEvent(event)).isEmpty();
  }

  @Test
  void eventNamesAreCaseSensitiveAndSuggested() {
    // err/case_sensitive_keys.out
    assertThat(WebhookEvents.checkEvent("SCHEDULE")).hasValue("unknown Webhook event \"SCHEDULE\". see "
        + "https://docs.github.com/en/actions/learn-github-actions/events-that-trigger-workflows#webhook-events "
        + "for list of all Webhook event names");
    assertThat(WebhookEvents.suggestion("SCHEDULE")).hasValue("schedule");
    assertThat(WebhookEvents.suggestion("pull_requets")).hasValue("pull_request");
    assertThat(WebhookEvents.suggestion("pushh")).hasValue("push");
    assertThat(WebhookEvents.suggestion("deploy_everything")).isEmpty();
  }

  @Test
  void checksActivityTypes() {
    // err/invalid_event_filters.out
    assertThat(WebhookEvents.checkActivityType("merge_group", "opened"))
        .hasValue("invalid activity type \"opened\" for \"merge_group\" Webhook event. available types are \"checks_requested\"");
    assertThat(WebhookEvents.checkActivityType("pull_request_review", "submitted")).isEmpty();
    assertThat(WebhookEvents.checkActivityType("repository_dispatch", "anything-goes")).isEmpty();
    assertThat(WebhookEvents.checkActivityType("workflow_run", "started"))
        .hasValue("invalid activity type \"started\" for \"workflow_run\" Webhook event. available types are "
            + "\"completed\", \"in_progress\", \"requested\"");
    assertThat(WebhookEvents.checkTypesKey("push")).hasValue("\"types\" cannot be specified for \"push\" Webhook event");
    assertThat(WebhookEvents.checkTypesKey("issues")).isEmpty();
    assertThat(WebhookEvents.checkTypesKey("repository_dispatch")).isEmpty();
  }

  static Stream<Arguments> filters() {
    return Stream.of(
        // ok/filters_for_specific_events.yaml, ok/filters_ignore_for_specific_events.yaml
        Arguments.of("merge_group", List.of("branches"), List.of()),
        Arguments.of("push", List.of("branches", "tags", "paths"), List.of()),
        Arguments.of("pull_request", List.of("branches", "paths"), List.of()),
        Arguments.of("pull_request_target", List.of("branches-ignore", "paths-ignore"), List.of()),
        Arguments.of("workflow_run", List.of("workflows", "branches"), List.of()),
        Arguments.of("push", List.of("branches-ignore", "tags-ignore", "paths-ignore"), List.of()),
        // err/invalid_event_filters.out
        Arguments.of("merge_group", List.of("types", "paths", "paths-ignore", "tags", "tags-ignore"), List.of(
            new KeyProblem(1, "\"paths\" filter is not available for merge_group event. it is only for push, pull_request, pull_request_target events"),
            new KeyProblem(2, "\"paths-ignore\" filter is not available for merge_group event. it is only for push, pull_request, pull_request_target events"),
            new KeyProblem(3, "\"tags\" filter is not available for merge_group event. it is only for push event"),
            new KeyProblem(4, "\"tags-ignore\" filter is not available for merge_group event. it is only for push event"))),
        Arguments.of("pull_request_review", List.of("branches", "branches-ignore"), List.of(
            new KeyProblem(0, "\"branches\" filter is not available for pull_request_review event. it is only for merge_group, push, pull_request, pull_request_target, workflow_run events"),
            new KeyProblem(1, "\"branches-ignore\" filter is not available for pull_request_review event. it is only for merge_group, push, pull_request, pull_request_target, workflow_run events"))),
        Arguments.of("pull_request", List.of("tags", "tags-ignore"), List.of(
            new KeyProblem(0, "\"tags\" filter is not available for pull_request event. it is only for push event"),
            new KeyProblem(1, "\"tags-ignore\" filter is not available for pull_request event. it is only for push event"))),
        // err/exclusive_webhook_filters.out: reported at the later key, named in a fixed order
        Arguments.of("merge_group", List.of("branches-ignore", "branches"), List.of(new KeyProblem(1,
            "both \"branches\" and \"branches-ignore\" filters cannot be used for the same event \"merge_group\"" + NEGATE))),
        Arguments.of("push", List.of("paths", "paths-ignore", "branches-ignore", "branches", "tags", "tags-ignore"), List.of(
            new KeyProblem(1, "both \"paths\" and \"paths-ignore\" filters cannot be used for the same event \"push\"" + NEGATE),
            new KeyProblem(3, "both \"branches\" and \"branches-ignore\" filters cannot be used for the same event \"push\"" + NEGATE),
            new KeyProblem(5, "both \"tags\" and \"tags-ignore\" filters cannot be used for the same event \"push\"" + NEGATE))),
        Arguments.of("workflow_run", List.of("workflows", "branches", "branches-ignore"), List.of(new KeyProblem(2,
            "both \"branches\" and \"branches-ignore\" filters cannot be used for the same event \"workflow_run\"" + NEGATE))),
        // workflows belongs to workflow_run, which needs it
        Arguments.of("push", List.of("workflows"), List.of(new KeyProblem(0,
            "\"workflows\" cannot be configured for \"push\" event. it is only for workflow_run event"))),
        Arguments.of("workflow_run", List.of("branches"), List.of(new KeyProblem(-1,
            "no workflow is configured for \"workflow_run\" event"))));
  }

  @ParameterizedTest
  @MethodSource("filters")
  void checksFilters(String event, List<String> keys, List<KeyProblem> expected) {
    assertThat(WebhookEvents.checkFilters(event, keys)).containsExactlyElementsOf(expected);
  }

  @Test
  void filterAvailability() {
    assertThat(WebhookEvents.acceptsFilter("push", "tags")).isTrue();
    assertThat(WebhookEvents.acceptsFilter("pull_request", "tags")).isFalse();
    assertThat(WebhookEvents.acceptsFilter("workflow_run", "workflows")).isTrue();
    assertThat(WebhookEvents.acceptsFilter("schedule", "branches")).isFalse();
  }
}
