package dev.understudy.systems.actions.lint;

import dev.understudy.systems.actions.model.Job;
import dev.understudy.systems.actions.model.Str;
import dev.understudy.systems.actions.model.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code needs:}: jobs that do not exist, duplicates, and cycles (printed in full). */
final class NeedsRule implements Rule {
  private static final String RULE = "job-needs";

  @Override
  public void check(Workflow workflow, Report report) {
    Map<String, Job> jobs = new LinkedHashMap<>();
    for (Job j : workflow.jobs().values()) jobs.put(lower(j.id().value()), j);
    Map<String, List<String>> edges = new LinkedHashMap<>();
    boolean valid = true;
    for (Map.Entry<String, Job> e : jobs.entrySet()) {
      List<String> deps = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Str need : e.getValue().needsOrEmpty()) {
        String id = lower(need.value());
        if (!seen.add(id)) {
          report.add(need.pos(), "job ID " + Quotes.quote(need.value())
              + " duplicates in \"needs\" section. note that job ID is case insensitive", RULE);
          continue;
        }
        if (!jobs.containsKey(id)) {
          report.add(e.getValue().pos(), "job " + Quotes.quote(e.getKey()) + " needs job " + Quotes.quote(id)
              + " which does not exist in this workflow", RULE);
          valid = false;
          continue;
        }
        deps.add(id);
      }
      edges.put(e.getKey(), deps);
    }
    if (valid) {
      List<String> cycle = firstCycle(edges);
      if (cycle != null) {
        int start = 0;
        for (int i = 1; i < cycle.size(); i++) {
          if (before(jobs.get(cycle.get(i)), jobs.get(cycle.get(start)))) start = i;
        }
        StringBuilder b = new StringBuilder("cyclic dependencies in \"needs\" job configurations are detected. detected cycle is ");
        for (int i = 0; i <= cycle.size(); i++) {
          if (i > 0) b.append(" -> ");
          b.append(Quotes.quote(cycle.get((start + i) % cycle.size())));
        }
        report.add(jobs.get(cycle.get(start)).pos(), b.toString(), RULE);
      }
    }
  }

  private static boolean before(Job a, Job b) {
    return a.pos().line() < b.pos().line() || (a.pos().line() == b.pos().line() && a.pos().column() < b.pos().column());
  }

  /**
   * The jobs of the first cycle found by a depth-first walk, in dependency order. Iterative, so
   * that a chain of thousands of jobs cannot overflow the stack.
   */
  static List<String> firstCycle(Map<String, List<String>> edges) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
    List<String> path = new ArrayList<>();
    List<Integer> nextEdge = new ArrayList<>();
    for (String start : edges.keySet()) {
      if (state.containsKey(start)) continue;
      state.put(start, 1);
      path.add(start);
      nextEdge.add(0);
      while (!path.isEmpty()) {
        int top = path.size() - 1;
        String node = path.get(top);
        List<String> deps = edges.getOrDefault(node, List.of());
        int i = nextEdge.get(top);
        if (i == deps.size()) {
          state.put(node, 2);
          path.remove(top);
          nextEdge.remove(top);
          continue;
        }
        nextEdge.set(top, i + 1);
        String next = deps.get(i);
        Integer s = state.get(next);
        if (s == null) {
          state.put(next, 1);
          path.add(next);
          nextEdge.add(0);
        } else if (s == 1) {
          return new ArrayList<>(path.subList(path.indexOf(next), path.size()));
        }
      }
    }
    return null;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
