package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.model.Event;
import dev.understudy.systems.actions.model.Str;
import dev.understudy.systems.actions.model.Workflow;
import dev.understudy.systems.actions.rules.GlobPattern;
import dev.understudy.systems.actions.rules.Problem;
import dev.understudy.systems.actions.rules.ScheduleCheck;
import dev.understudy.systems.actions.rules.WebhookEvents;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code on:}: known events and activity types, the filters each event takes, filter patterns,
 * and schedules (cron syntax, GitHub's 5-minute minimum, time zones).
 */
final class EventsRule implements Rule {
  private static final String RULE = "events";

  @Override
  public void check(Workflow workflow, Report report) {
    for (Event e : workflow.on()) {
      if (e instanceof Event.Webhook h) webhook(h, report);
      if (e instanceof Event.Schedule s) schedule(s, report);
    }
  }

  private static void webhook(Event.Webhook h, Report report) {
    String name = h.hook().value();
    var unknown = WebhookEvents.checkEvent(name);
    if (unknown.isPresent()) {
      String hint = WebhookEvents.suggestion(name).map(s -> ". did you mean " + Quotes.quote(s) + "?").orElse("");
      report.add(h.pos(), unknown.get() + hint, RULE);
      return;
    }
    if (!h.types().isEmpty()) {
      var noTypes = WebhookEvents.checkTypesKey(name);
      if (noTypes.isPresent()) {
        report.add(h.pos(), noTypes.get(), RULE);
      } else {
        for (Str t : h.types()) {
          if (t.containsExpression()) continue;
          WebhookEvents.checkActivityType(name, t.value()).ifPresent(m -> report.add(t.pos(), m, RULE));
        }
      }
    }
    List<Str> keys = new ArrayList<>();
    for (Event.Filter f : h.filters()) if (!f.values().isEmpty()) keys.add(f.name());
    if (!h.workflows().isEmpty()) keys.add(new Str("workflows", h.pos()));
    keys.sort((a, b) -> a.pos().line() != b.pos().line() ? Integer.compare(a.pos().line(), b.pos().line())
        : Integer.compare(a.pos().column(), b.pos().column()));
    for (WebhookEvents.KeyProblem p : WebhookEvents.checkFilters(name, keys.stream().map(Str::value).toList())) {
      report.add(p.index() < 0 ? h.pos() : keys.get(p.index()).pos(), p.message(), RULE);
    }
    for (Event.Filter f : h.filters()) {
      boolean paths = f.name().value().startsWith("paths");
      for (Str v : f.values()) {
        if (v.containsExpression()) continue;
        for (Problem p : GlobPattern.check(v.value(), paths ? GlobPattern.Kind.PATH : GlobPattern.Kind.REF)) {
          report.add(v.posAt(p.offset()), p.message(), "glob");
        }
      }
    }
  }

  private static void schedule(Event.Schedule s, Report report) {
    for (Event.Cron c : s.crons()) {
      for (Problem p : ScheduleCheck.check(c.cron().value())) report.add(c.cron().posAt(p.offset()), p.message(), RULE);
      if (c.timezone() != null && !c.timezone().containsExpression()) {
        ScheduleCheck.checkTimezone(c.timezone().value()).ifPresent(m -> report.add(c.timezone().pos(), m, RULE));
      }
    }
  }
}
