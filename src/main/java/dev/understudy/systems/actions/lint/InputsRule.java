package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.model.Event;
import dev.understudy.systems.actions.model.Event.InputType;
import dev.understudy.systems.actions.model.Str;
import dev.understudy.systems.actions.model.Workflow;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Inputs of {@code workflow_dispatch} and {@code workflow_call}: types, defaults, options, count. */
final class InputsRule implements Rule {
  private static final String RULE = "events";
  /** GitHub raised the limit from 10 to 25 in December 2025. */
  static final int MAX_DISPATCH_INPUTS = 25;

  @Override
  public void check(Workflow workflow, Report report) {
    for (Event e : workflow.on()) {
      if (e instanceof Event.Dispatch d) dispatch(d, report);
      if (e instanceof Event.Call c) call(c, report);
    }
  }

  private static void dispatch(Event.Dispatch d, Report report) {
    for (Map.Entry<String, Event.DispatchInput> e : d.inputs().entrySet()) {
      Event.DispatchInput i = e.getValue();
      String n = i.name().value();
      if (i.type() == InputType.CHOICE) {
        if (i.options() == null || i.options().isEmpty()) {
          report.add(i.name().pos(), "input type of " + Quotes.quote(n) + " is \"choice\" but \"options\" is not set", RULE);
          continue;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Str o : i.options()) {
          if (!seen.add(o.value())) {
            report.add(o.pos(), "option " + Quotes.quote(o.value()) + " is duplicated in options of " + Quotes.quote(n) + " input", RULE);
          }
        }
        if (i.defaultValue() != null && !seen.contains(i.defaultValue().value())) {
          report.add(i.defaultValue().pos(), "default value " + Quotes.quote(i.defaultValue().value()) + " of "
              + Quotes.quote(n) + " input is not included in its options "
              + seen.stream().map(Quotes::quote).collect(Collectors.joining(", ")), RULE);
        }
        continue;
      }
      if (i.options() != null && !i.options().isEmpty()) {
        report.add(i.name().pos(), "\"options\" can not be set to " + Quotes.quote(n)
            + " input because its input type is not \"choice\"", RULE);
      }
      Str def = i.defaultValue();
      if (def == null) continue;
      if (i.type() == InputType.NUMBER && !isNumber(def.value())) {
        report.add(def.pos(), "type of " + Quotes.quote(n) + " input is \"number\" but its default value "
            + Quotes.quote(def.value()) + " cannot be parsed as a number", RULE);
      }
      if (i.type() == InputType.BOOLEAN && !isBoolean(def.value())) {
        report.add(def.pos(), "type of " + Quotes.quote(n) + " input is \"boolean\". its default value "
            + Quotes.quote(def.value()) + " must be \"true\" or \"false\"", RULE);
      }
    }
    if (d.inputs().size() > MAX_DISPATCH_INPUTS) {
      report.add(d.pos(), "maximum number of inputs for \"workflow_dispatch\" event is " + MAX_DISPATCH_INPUTS + " but "
          + d.inputs().size() + " inputs are provided. see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#onworkflow_dispatchinputs", RULE);
    }
  }

  private static void call(Event.Call c, Report report) {
    for (Event.CallInput i : c.inputs()) {
      Str def = i.defaultValue();
      if (def == null) continue;
      if (!def.containsExpression()) {
        if (i.type() == InputType.NUMBER && !isNumber(def.value())) {
          report.add(def.pos(), "input of workflow_call event " + Quotes.quote(i.name().value())
              + " is typed as number but its default value " + Quotes.quote(def.value()) + " cannot be parsed as a number", RULE);
        }
        if (i.type() == InputType.BOOLEAN && !isBoolean(def.value())) {
          report.add(def.pos(), "input of workflow_call event " + Quotes.quote(i.name().value())
              + " is typed as boolean. its default value must be true or false but got " + Quotes.quote(def.value()), RULE);
        }
      }
      if (i.required() != null && Boolean.TRUE.equals(i.required().value())) {
        report.add(def.pos(), "input " + Quotes.quote(i.name().value()) + " of workflow_call event has the default value "
            + Quotes.quote(def.value()) + ", but it is also required. if an input is marked as required, its default value will never be used", RULE);
      }
    }
  }

  private static boolean isBoolean(String s) {
    String v = s.toLowerCase(Locale.ROOT);
    return v.equals("true") || v.equals("false");
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s.strip());
      return !s.isBlank();
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
