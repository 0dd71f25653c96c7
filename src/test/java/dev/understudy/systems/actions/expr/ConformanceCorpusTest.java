package dev.understudy.systems.actions.expr;

import dev.understudy.testing.Conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The actionlint corpus as a yardstick for the parts of the expression checks that do not depend
 * on where an expression sits in a workflow: every expression of ok/ parses and has no such
 * problem; every such message of err/*.out is produced by some expression of its workflow.
 */
class ConformanceCorpusTest {
  /**
   * Messages that need no knowledge of the workflow around the expression (index access errors
   * in the corpus depend on input types; ExprCheckerTest covers them with inputs set).
   */
  private static final List<String> CONTEXT_FREE = List.of(
      "got unexpected", "unexpected ", "undefined function", "format string", "broken JSON",
      "value cannot be compared", "argument of function call", "number of arguments");

  private static final Pattern OUT_LINE = Pattern.compile("^[^:]+:(\\d+):\\d+: (.*) \\[expression\\]$");
  private static final Pattern WORKFLOW_TYPED = Pattern.compile("\\b(matrix|inputs|steps|needs|jobs)\\.");

  static Path requireCorpus() {
    return Conformance.dir("actionlint");
  }

  @Test
  void everyExpressionOfTheOkWorkflowsIsFine() throws IOException {
    Path ok = requireCorpus().resolve("ok");
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path file : yamlFiles(ok)) {
      for (String message : messagesOf(file)) {
        if (isContextFree(message)) problems.add(file.getFileName() + ": " + message);
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(10);
    assertThat(problems).isEmpty();
  }

  @Test
  void everyContextFreeExpressionErrorIsFound() throws IOException {
    Path err = requireCorpus().resolve("err");
    List<String> missing = new ArrayList<>();
    int expected = 0;
    for (Path out : outFiles(err)) {
      Path yaml = err.resolve(out.getFileName().toString().replace(".out", ".yaml"));
      if (!Files.exists(yaml)) continue;
      List<String> found = messagesOf(yaml);
      List<String> source = Files.readAllLines(yaml);
      for (String line : Files.readAllLines(out)) {
        Matcher m = OUT_LINE.matcher(line);
        if (!m.matches()) continue;
        String message = m.group(2);
        if (!isContextFree(message)) continue;
        // The types of these contexts come from the workflow, which is not wired here.
        if (WORKFLOW_TYPED.matcher(source.get(Integer.parseInt(m.group(1)) - 1)).find()) continue;
        expected++;
        if (!found.contains(message)) missing.add(out.getFileName() + ": " + message);
      }
    }
    assertThat(expected).isGreaterThanOrEqualTo(4);
    assertThat(missing).isEmpty();
  }

  private static boolean isContextFree(String message) {
    return CONTEXT_FREE.stream().anyMatch(message::contains);
  }

  /** Syntax and type messages of every expression in a workflow, checked without availability. */
  private static List<String> messagesOf(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    Node root;
    try {
      root = new Compose(LoadSettings.builder().build()).composeString(Files.readString(file)).orElse(null);
    } catch (RuntimeException notYaml) {
      return out; // some err/ files are broken YAML on purpose
    }
    walk(root, null, out);
    return out;
  }

  private static void walk(Node node, String key, List<String> out) {
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
        walk(t.getKeyNode(), null, out);
        walk(t.getValueNode(), k, out);
      }
    } else if (node instanceof SequenceNode s) {
      for (Node n : s.getValue()) walk(n, null, out);
    } else if (node instanceof ScalarNode s) {
      String value = s.getValue();
      Templates.Scan scan = Templates.scan(value);
      scan.errors().forEach(e -> out.add(e.message()));
      List<String> bodies = new ArrayList<>();
      scan.templates().forEach(t -> bodies.add(t.body()));
      if ("if".equals(key) && scan.templates().isEmpty()) bodies.add(value);
      for (String body : bodies) {
        ExprParser.Result r = ExprParser.parse(body);
        if (!r.ok()) {
          out.add(r.error().message());
          continue;
        }
        ExprChecker.builder().build().check(r.expr()).errors().forEach(e -> out.add(e.message()));
      }
    }
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
  }

  private static List<Path> outFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".out")).sorted().toList();
    }
  }
}
