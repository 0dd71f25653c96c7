package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.model.Event;
import dev.understudy.systems.actions.model.Job;
import dev.understudy.systems.actions.model.Str;
import dev.understudy.systems.actions.model.Workflow;
import dev.understudy.systems.actions.model.WorkflowParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jobs that call a reusable workflow: the {@code uses} format, and for a local workflow
 * ({@code ./.github/workflows/x.yml}) its required inputs and secrets and unknown ones.
 */
final class WorkflowCallRule implements Rule {
  private static final String RULE = "workflow-call";
  private final Path projectRoot;

  /** {@code projectRoot} resolves local calls; {@code null} skips checks that need the called file. */
  WorkflowCallRule(Path projectRoot) {
    this.projectRoot = projectRoot;
  }

  @Override
  public void check(Workflow workflow, Report report) {
    for (Job job : workflow.jobs().values()) {
      if (job.call() == null) continue;
      Str uses = job.call().uses();
      if (uses == null || uses.isEmpty() || uses.containsExpression()) continue;
      if (isLocal(uses.value())) {
        local(job.call(), report);
      } else if (!isRemote(uses.value())) {
        report.add(uses.pos(), "reusable workflow call " + Quotes.quote(uses.value()) + " at \"uses\" is not following the "
            + "format \"owner/repo/path/to/workflow.yml@ref\" nor \"./path/to/workflow.yml\". see "
            + "https://docs.github.com/en/actions/learn-github-actions/reusing-workflows for more details", RULE);
      }
    }
  }

  static boolean isLocal(String uses) {
    return uses.startsWith("./") && uses.length() > 2 && uses.indexOf('@') < 0;
  }

  static boolean isRemote(String uses) {
    if (uses.startsWith(".")) return false;
    String[] parts = uses.split("/", 3);
    if (parts.length < 3 || parts[0].isEmpty() || parts[1].isEmpty()) return false;
    int at = parts[2].indexOf('@');
    return at > 0 && at < parts[2].length() - 1;
  }

  private void local(Job.WorkflowCall call, Report report) {
    if (projectRoot == null) return;
    Str uses = call.uses();
    Path file;
    try {
      file = projectRoot.resolve(uses.value().substring(2)).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      report.add(uses.pos(), "reusable workflow call " + Quotes.quote(uses.value()) + " is not a valid path: " + e.getReason(), RULE);
      return;
    }
    if (!Files.isRegularFile(file)) {
      report.add(uses.pos(), "could not read reusable workflow file for " + Quotes.quote(uses.value()) + ": no file at " + file, RULE);
      return;
    }
    Workflow called;
    try {
      called = WorkflowParser.parse(Files.readString(file)).workflow();
    } catch (IOException e) {
      report.add(uses.pos(), "could not read reusable workflow file for " + Quotes.quote(uses.value()) + ": " + e.getMessage(), RULE);
      return;
    }
    Event.Call spec = called == null ? null : called.event(Event.Call.class);
    if (spec == null) {
      report.add(uses.pos(), "workflow " + Quotes.quote(uses.value()) + " is not reusable: it has no \"workflow_call\" event", RULE);
      return;
    }
    List<String> inputNames = new ArrayList<>();
    for (Event.CallInput i : spec.inputs()) {
      inputNames.add(i.name().value());
      boolean required = i.required() != null && Boolean.TRUE.equals(i.required().value()) && i.defaultValue() == null;
      if (required && call.inputs().keySet().stream().noneMatch(k -> k.equalsIgnoreCase(i.name().value()))) {
        report.add(uses.pos(), "input " + Quotes.quote(i.name().value()) + " is required by " + Quotes.quote(uses.value())
            + " reusable workflow", RULE);
      }
    }
    for (Job.CallArg a : call.inputs().values()) {
      if (inputNames.stream().noneMatch(n -> n.equalsIgnoreCase(a.name().value()))) {
        report.add(a.name().pos(), "input " + Quotes.quote(a.name().value()) + " is not defined in " + Quotes.quote(uses.value())
            + " reusable workflow. " + defined("inputs", inputNames), RULE);
      }
    }
    if (call.inheritSecrets()) return;
    Map<String, Job.CallArg> given = call.secrets() == null ? Map.of() : call.secrets();
    Map<String, Event.CallSecret> declared = spec.secrets() == null ? Map.of() : spec.secrets();
    for (Event.CallSecret s : declared.values()) {
      boolean required = s.required() != null && Boolean.TRUE.equals(s.required().value());
      if (required && given.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(s.name().value()))) {
        report.add(uses.pos(), "secret " + Quotes.quote(s.name().value()) + " is required by " + Quotes.quote(uses.value())
            + " reusable workflow", RULE);
      }
    }
    List<String> secretNames = declared.values().stream().map(s -> s.name().value()).collect(Collectors.toList());
    for (Job.CallArg a : given.values()) {
      if (secretNames.stream().noneMatch(n -> n.toLowerCase(Locale.ROOT).equals(a.name().value().toLowerCase(Locale.ROOT)))) {
        report.add(a.name().pos(), "secret " + Quotes.quote(a.name().value()) + " is not defined in " + Quotes.quote(uses.value())
            + " reusable workflow. " + defined("secrets", secretNames), RULE);
      }
    }
  }

  private static String defined(String what, List<String> names) {
    return names.isEmpty() ? "no " + what + " are defined" : "defined " + what + " are " + Quotes.sorted(names);
  }
}
