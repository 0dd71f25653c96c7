package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.model.Job;
import dev.understudy.systems.actions.model.Job.Matrix;
import dev.understudy.systems.actions.model.RawValue;
import dev.understudy.systems.actions.model.Workflow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code strategy.matrix}: duplicate values in a row, and {@code exclude} entries that match nothing. */
final class MatrixRule implements Rule {
  private static final String RULE = "matrix";

  @Override
  public void check(Workflow workflow, Report report) {
    for (Job job : workflow.jobs().values()) {
      if (job.strategy() == null || job.strategy().matrix() == null || job.strategy().matrix().expression() != null) continue;
      Matrix m = job.strategy().matrix();
      for (Job.Row row : m.rows().values()) duplicates(row, report);
      exclude(m, report);
    }
  }

  private static void duplicates(Job.Row row, Report report) {
    if (row.values() == null) return;
    List<RawValue> seen = new ArrayList<>();
    for (RawValue v : row.values()) {
      RawValue first = seen.stream().filter(p -> same(p, v)).findFirst().orElse(null);
      if (first != null) {
        report.add(v.pos(), "duplicate value " + v + " is found in matrix " + Quotes.quote(row.name().value())
            + ". the same value is at line:" + first.pos().line() + ",col:" + first.pos().column(), RULE);
      } else {
        seen.add(v);
      }
    }
  }

  private static void exclude(Matrix m, Report report) {
    if (m.exclude() == null || m.exclude().combinations() == null || m.exclude().combinations().isEmpty()) return;
    if (m.include() != null && (m.include().expression() != null
        || m.include().combinations().stream().anyMatch(c -> c.expression() != null))) return;
    boolean includes = m.include() != null && !m.include().combinations().isEmpty();
    if (m.rows().isEmpty() && !includes) {
      report.add(m.pos(), "\"exclude\" section exists but no matrix variation exists", RULE);
      return;
    }
    Map<String, List<RawValue>> rows = new LinkedHashMap<>();
    Set<String> ignored = new HashSet<>();
    m.rows().forEach((name, row) -> {
      if (row.values() == null) ignored.add(name.toLowerCase(java.util.Locale.ROOT));
      else rows.put(name.toLowerCase(java.util.Locale.ROOT), new ArrayList<>(row.values()));
    });
    if (m.include() != null) {
      for (Job.Combination c : m.include().combinations()) {
        c.assigns().forEach((key, a) -> {
          String name = key.toLowerCase(java.util.Locale.ROOT);
          if (ignored.contains(name)) return;
          List<RawValue> row = rows.computeIfAbsent(name, k -> new ArrayList<>());
          if (row.stream().noneMatch(v -> same(v, a.value()))) row.add(a.value());
        });
      }
    }
    for (Job.Combination c : m.exclude().combinations()) {
      if (c.assigns() == null) continue;
      c.assigns().forEach((key, a) -> {
        String name = key.toLowerCase(java.util.Locale.ROOT);
        if (ignored.contains(name)) return;
        List<RawValue> row = rows.get(name);
        if (row == null) {
          report.add(a.key().pos(), Quotes.quote(name) + " in \"exclude\" section does not exist in matrix. "
              + "available matrix configurations are " + Quotes.sorted(rows.keySet()), RULE);
          return;
        }
        if (row.stream().anyMatch(v -> subset(v, a.value()))) return;
        report.add(a.value().pos(), "value " + a.value() + " in \"exclude\" does not match in matrix "
            + Quotes.quote(name) + " combinations. possible values are "
            + row.stream().map(Object::toString).collect(Collectors.joining(", ")), RULE);
      });
    }
  }

  private static boolean hasExpression(RawValue v) {
    return v instanceof RawValue.Text t && t.value().containsExpression();
  }

  /** Whether {@code sub} matches {@code v}: equal, or an object whose keys all match. */
  private static boolean subset(RawValue v, RawValue sub) {
    if (hasExpression(sub) || hasExpression(v)) return true;
    if (v instanceof RawValue.Obj o) {
      if (!(sub instanceof RawValue.Obj s)) return false;
      for (var e : s.props().entrySet()) {
        RawValue p = o.props().get(e.getKey());
        if (p == null || !subset(p, e.getValue())) return false;
      }
      return true;
    }
    if (v instanceof RawValue.Array a) {
      if (!(sub instanceof RawValue.Array s) || a.items().size() != s.items().size()) return false;
      for (int i = 0; i < a.items().size(); i++) if (!subset(a.items().get(i), s.items().get(i))) return false;
      return true;
    }
    return same(v, sub);
  }

  static boolean same(RawValue a, RawValue b) {
    if (a instanceof RawValue.Text x && b instanceof RawValue.Text y) return x.value().value().equals(y.value().value());
    if (a instanceof RawValue.Array x && b instanceof RawValue.Array y) {
      if (x.items().size() != y.items().size()) return false;
      for (int i = 0; i < x.items().size(); i++) if (!same(x.items().get(i), y.items().get(i))) return false;
      return true;
    }
    if (a instanceof RawValue.Obj x && b instanceof RawValue.Obj y) {
      if (x.props().size() != y.props().size()) return false;
      for (var e : x.props().entrySet()) {
        RawValue other = y.props().get(e.getKey());
        if (other == null || !same(e.getValue(), other)) return false;
      }
      return true;
    }
    return false;
  }
}
