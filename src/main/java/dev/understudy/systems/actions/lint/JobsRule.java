package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.model.Job;
import dev.understudy.systems.actions.model.Pos;
import dev.understudy.systems.actions.model.RawValue;
import dev.understudy.systems.actions.model.Step;
import dev.understudy.systems.actions.model.Str;
import dev.understudy.systems.actions.model.Workflow;
import dev.understudy.systems.actions.rules.DeprecatedCommands;
import dev.understudy.systems.actions.rules.EnvVarNames;
import dev.understudy.systems.actions.rules.Ids;
import dev.understudy.systems.actions.rules.PermissionScopes;
import dev.understudy.systems.actions.rules.Problem;
import dev.understudy.systems.actions.rules.RunnerLabels;
import dev.understudy.systems.actions.rules.ShellNames;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each job declares: ids, runner labels, permissions, shells, environment variable names,
 * and deprecated workflow commands in scripts.
 */
final class JobsRule implements Rule {
  private static final Pattern MATRIX_LABEL = Pattern.compile("^\\$\\{\\{\\s*matrix\\.([A-Za-z_][A-Za-z0-9_-]*)\\s*}}$");

  @Override
  public void check(Workflow workflow, Report report) {
    permissions(workflow.permissions(), report);
    env(workflow.env(), report);
    Str workflowShell = workflow.defaults() == null ? null : workflow.defaults().shell();
    for (Job job : workflow.jobs().values()) {
      Ids.checkJobId(job.id().value()).ifPresent(m -> report.add(job.id().pos(), m, "id"));
      permissions(job.permissions(), report);
      env(job.env(), report);
      List<String> labels = runnerLabels(job, report);
      ShellNames.Platform platform = ShellNames.Platform.of(labels);
      shell(workflowShell, platform, report);
      shell(job.defaults() == null ? null : job.defaults().shell(), platform, report);
      if (job.steps() == null) continue;
      List<Ids.Id> stepIds = new ArrayList<>();
      List<Str> stepIdStrs = new ArrayList<>();
      for (Step s : job.steps()) {
        if (s.id() != null && !s.id().isEmpty() && !s.id().containsExpression()) {
          Ids.checkStepId(s.id().value()).ifPresent(m -> report.add(s.id().pos(), m, "id"));
          stepIds.add(new Ids.Id(s.id().value(), "line:" + s.id().pos().line() + ",col:" + s.id().pos().column()));
          stepIdStrs.add(s.id());
        }
        env(s.env(), report);
        if (s.exec() instanceof Step.Run r) {
          shell(r.shell(), platform, report);
          if (r.script() != null) {
            for (Problem p : DeprecatedCommands.check(r.script().value())) {
              report.add(r.script().posAt(p.offset()), p.message(), "deprecated-commands");
            }
          }
        }
      }
      for (Ids.IdProblem p : Ids.duplicateStepIds(stepIds)) report.add(stepIdStrs.get(p.index()).pos(), p.message(), "id");
    }
  }

  private static void permissions(Workflow.Permissions p, Report report) {
    if (p == null) return;
    if (p.all() != null) {
      if (!p.all().containsExpression()) {
        PermissionScopes.checkAll(p.all().value()).ifPresent(m -> report.add(p.all().pos(), m, "permissions"));
      }
      return;
    }
    for (Workflow.Scope s : p.scopes().values()) {
      var unknown = PermissionScopes.checkScope(s.name().value());
      if (unknown.isPresent()) {
        report.add(s.name().pos(), unknown.get(), "permissions");
      } else if (!s.value().containsExpression()) {
        PermissionScopes.checkValue(s.name().value(), s.value().value()).ifPresent(m -> report.add(s.value().pos(), m, "permissions"));
      }
    }
  }

  private static void env(Workflow.Env env, Report report) {
    if (env == null || env.vars() == null) return;
    for (Workflow.EnvVar v : env.vars().values()) {
      if (v.name().containsExpression()) continue;
      EnvVarNames.check(v.name().value()).ifPresent(m -> report.add(v.name().pos(), m, "env-var"));
    }
  }

  private static void shell(Str shell, ShellNames.Platform platform, Report report) {
    if (shell == null || shell.isEmpty() || shell.containsExpression()) return;
    ShellNames.check(shell.value(), platform).ifPresent(m -> report.add(shell.pos(), m, "shell-name"));
  }

  /** Checks {@code runs-on} (matrix values stand in for {@code ${{ matrix.x }}}) and returns its plain labels. */
  private static List<String> runnerLabels(Job job, Report report) {
    List<String> plain = new ArrayList<>();
    if (job.runsOn() == null || job.runsOn().labels() == null) return plain;
    Map<RunnerLabels.Label, Pos> where = new IdentityHashMap<>();
    List<RunnerLabels.Entry> entries = new ArrayList<>();
    for (Str l : job.runsOn().labels()) {
      if (l.isEmpty()) continue;
      if (!l.containsExpression()) {
        plain.add(l.value());
        entries.add(RunnerLabels.Entry.of(label(l, where)));
        continue;
      }
      Matcher m = MATRIX_LABEL.matcher(l.value().strip());
      List<RunnerLabels.Label> values = matrixValues(job, m.matches() ? m.group(1) : null, where);
      if (!values.isEmpty()) entries.add(new RunnerLabels.Entry(values));
    }
    // A self-hosted runner may carry any custom label: only conflicts are checked then.
    boolean selfHosted = plain.stream().anyMatch(l -> l.equalsIgnoreCase("self-hosted"));
    for (RunnerLabels.LabelProblem p : RunnerLabels.standard().checkEntries(entries)) {
      if (selfHosted && p.message().contains(" is unknown.")) continue;
      report.add(where.get(p.label()), p.message(), "runner-label");
    }
    return plain;
  }

  private static List<RunnerLabels.Label> matrixValues(Job job, String name, Map<RunnerLabels.Label, Pos> where) {
    List<RunnerLabels.Label> out = new ArrayList<>();
    if (name == null || job.strategy() == null || job.strategy().matrix() == null) return out;
    Job.Matrix m = job.strategy().matrix();
    Job.Row row = m.rows().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue).findFirst().orElse(null);
    if (row == null || row.values() == null) return out;
    // A value added by include: could be anything; then the row says nothing for sure.
    if (m.include() != null && (m.include().expression() != null || m.include().combinations().stream()
        .anyMatch(c -> c.assigns() == null || c.assigns().keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name))))) {
      return out;
    }
    for (RawValue v : row.values()) {
      if (!(v instanceof RawValue.Text t) || t.value().containsExpression()) return new ArrayList<>();
      out.add(label(t.value(), where));
    }
    return out;
  }

  private static RunnerLabels.Label label(Str s, Map<RunnerLabels.Label, Pos> where) {
    RunnerLabels.Label l = new RunnerLabels.Label(s.value(), "line:" + s.pos().line() + ",col:" + s.pos().column());
    where.put(l, s.pos());
    return l;
  }
}
