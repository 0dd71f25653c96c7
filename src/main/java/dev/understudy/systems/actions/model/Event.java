package dev.understudy.systems.actions.model;

import java.util.List;
import java.util.Map;

/** One trigger of a workflow's {@code on:} section. */
public sealed interface Event {
  /** The event's name as written: {@code push}, {@code schedule}, ... */
  String name();

  Pos pos();

  /** {@code schedule:} with its cron entries. */
  record Schedule(List<Cron> crons, Pos pos) implements Event {
    public String name() {
      return "schedule";
    }
  }

  /** One {@code - cron: "..."} entry, with its optional IANA {@code timezone}. */
  record Cron(Str cron, Str timezone) {}

  /** {@code workflow_dispatch:} and its inputs, in file order. */
  record Dispatch(Map<String, DispatchInput> inputs, Pos pos) implements Event {
    public String name() {
      return "workflow_dispatch";
    }
  }

  enum InputType {
    STRING, NUMBER, BOOLEAN, CHOICE, ENVIRONMENT, NONE
  }

  record DispatchInput(
      Str name, Str description, Scalar<Boolean> required, Str defaultValue, InputType type, Str typeNode,
      List<Str> options) {}

  /** {@code repository_dispatch:} with its optional {@code types}. */
  record RepositoryDispatch(List<Str> types, Pos pos) implements Event {
    public String name() {
      return "repository_dispatch";
    }
  }

  /**
   * {@code workflow_call:}: the workflow can be called by another one. {@code secrets} is null
   * when the section is absent (any secret may then be passed), empty when it declares none.
   */
  record Call(List<CallInput> inputs, Map<String, CallSecret> secrets, Map<String, CallOutput> outputs, Pos pos)
      implements Event {
    public String name() {
      return "workflow_call";
    }
  }

  record CallInput(Str name, Str description, Scalar<Boolean> required, Str defaultValue, InputType type) {}

  record CallSecret(Str name, Str description, Scalar<Boolean> required) {}

  record CallOutput(Str name, Str description, Str value) {}

  /** {@code image_version:} (custom runner images). */
  record ImageVersion(List<Str> names, List<Str> versions, Pos pos) implements Event {
    public String name() {
      return "image_version";
    }
  }

  /** Any webhook event ({@code push}, {@code pull_request}, ...) with its filters. */
  record Webhook(Str hook, List<Str> types, Filter branches, Filter branchesIgnore, Filter tags, Filter tagsIgnore,
      Filter paths, Filter pathsIgnore, List<Str> workflows, Pos pos) implements Event {
    public String name() {
      return hook.value();
    }

    public List<Filter> filters() {
      return java.util.stream.Stream.of(branches, branchesIgnore, tags, tagsIgnore, paths, pathsIgnore)
          .filter(java.util.Objects::nonNull).toList();
    }
  }

  /** A filter such as {@code branches: [main, 'releases/**']}. */
  record Filter(Str name, List<Str> values) {}
}
