package dev.understudy.systems.actions.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprEvaluatorTest {

  private static final String EVENT = """
      {
        "commits": [
          {"id": "c1", "author": {"name": "Ann", "email": "ann@x"}, "labels": ["bug", "ui"]},
          {"id": "c2", "author": {"name": "Bob"}, "labels": []},
          {"id": "c3", "labels": ["docs"]}
        ],
        "pull_request": {"number": 42, "title": "Fix it", "draft": false, "labels": [{"name": "Bug"}, {"name": "help wanted"}]},
        "count": 0
      }""";

  private static final EvalContext CTX = EvalContext.builder()
      .github(Map.of("event_name", "push", "ref", "refs/heads/main", "event", parse(EVENT)))
      .env(Map.of("Greeting", "hello", "EMPTY", ""))
      .matrix(Map.of("os", "ubuntu-latest", "node", 18, "include", List.of(1, 2, 3)))
      .context("steps", Map.of("build", Map.of("outputs", Map.of("version", "1.2.3"), "outcome", "success")))
      .build();

  private static Object parse(String json) {
    try {
      return Values.parseJson(json);
    } catch (Values.JsonSyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static Object eval(String body) {
    return ExprEvaluator.evaluate(body, CTX);
  }

  private static ExprEvaluationException error(String body) {
    try {
      Object v = eval(body);
      throw new AssertionError("expected an error, got " + v);
    } catch (ExprEvaluationException e) {
      return e;
    }
  }

  @Test
  void literals() {
    assertThat(eval("null")).isNull();
    assertThat(eval("true")).isEqualTo(true);
    assertThat(eval("42")).isEqualTo(42.0);
    assertThat(eval("-2.5")).isEqualTo(-2.5);
    assertThat(eval("0xff")).isEqualTo(255.0);
    assertThat(eval("1e3")).isEqualTo(1000.0);
    assertThat(eval("'it''s'")).isEqualTo("it's");
  }

  /** {@code &&} and {@code ||} return an operand, as GitHub documents ({@code 'a' || 'b'} is 'a'). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '"', textBlock = """
      'a' || 'b' => a
      '' || 'b' => b
      'a' && 'b' => b
      '' && 'b' => ''
      0 || 'fallback' => fallback
      env.missing || 'default' => default
      env.EMPTY || 'x' => x
      matrix.os == 'ubuntu-latest' && 'linux' || 'other' => linux
      matrix.os == 'windows' && 'win' || 'other' => other
      """)
  void logicalOperatorsReturnOperands(String expr, String expected) {
    assertThat(eval(expr)).isEqualTo(expected.equals("''") ? "" : expected);
  }

  @Test
  void logicalOperatorsKeepKinds() {
    assertThat(eval("0 && 'x'")).isEqualTo(0.0);
    assertThat(eval("null || null")).isNull();
    assertThat(eval("github.event.pull_request || false")).isInstanceOf(Map.class);
    assertThat(eval("!'x'")).isEqualTo(false);
    assertThat(eval("!!github.event")).isEqualTo(true);
  }

  @Test
  void logicalOperatorsShortCircuit() {
    // The right side would fail (an unknown function) if it were evaluated.
    assertThat(eval("true || nosuch()")).isEqualTo(true);
    assertThat(eval("false && nosuch()")).isEqualTo(false);
    assertThat(error("true && nosuch()").reason()).contains("unknown function 'nosuch'");
  }

  @Test
  void propertyAccessIgnoresCase() {
    assertThat(eval("github.event_name")).isEqualTo("push");
    assertThat(eval("GITHUB.Event_Name")).isEqualTo("push");
    assertThat(eval("env.greeting")).isEqualTo("hello");
    assertThat(eval("github['EVENT_NAME']")).isEqualTo("push");
    assertThat(eval("steps.build.outputs.version")).isEqualTo("1.2.3");
    assertThat(eval("github.event.pull_request.number")).isEqualTo(42.0);
  }

  @Test
  void missingPropertiesAndNonObjectsGiveNull() {
    assertThat(eval("github.nope")).isNull();
    assertThat(eval("github.nope.deeper")).isNull();
    assertThat(eval("github.ref.length")).isNull();
    assertThat(eval("matrix.node.x")).isNull();
    assertThat(eval("vars.anything")).isNull(); // a standard context nobody set
    assertThat(eval("github.event.commits.author")).isNull(); // a property of an array
  }

  @Test
  void indexAccess() {
    assertThat(eval("matrix.include[0]")).isEqualTo(1.0);
    assertThat(eval("matrix.include[2]")).isEqualTo(3.0);
    assertThat(eval("matrix.include[3]")).isNull();
    assertThat(eval("matrix.include[-1]")).isNull();
    assertThat(eval("matrix.include[1.9]")).isEqualTo(2.0);
    assertThat(eval("matrix.include['1']")).isEqualTo(2.0);
    assertThat(eval("matrix.include['x']")).isNull();
    assertThat(eval("github.event.commits[1].author.name")).isEqualTo("Bob");
    assertThat(eval("github.event['pull_request']['TITLE']")).isEqualTo("Fix it");
    assertThat(eval("github['event']['commits'][0]['id']")).isEqualTo("c1");
    assertThat(eval("github[github.event.commits]")).isNull(); // a container as key
    assertThat(eval("'abc'[0]")).isNull();
  }

  @Test
  void objectFilters() {
    assertThat(eval("github.event.commits.*.id")).isEqualTo(List.of("c1", "c2", "c3"));
    // Elements without the property are left out, not null.
    assertThat(eval("github.event.commits.*.author.name")).isEqualTo(List.of("Ann", "Bob"));
    assertThat(eval("github.event.commits.*.author.email")).isEqualTo(List.of("ann@x"));
    assertThat(eval("github.event.commits.*.labels.*")).isEqualTo(List.of("bug", "ui", "docs"));
    assertThat(eval("github.event.commits.*.labels[0]")).isEqualTo(List.of("bug", "docs"));
    assertThat(eval("github.event.pull_request.labels.*.name")).isEqualTo(List.of("Bug", "help wanted"));
    assertThat(eval("steps.*.outcome")).isEqualTo(List.of("success"));
    assertThat(eval("matrix.include.*")).isEqualTo(List.of(1.0, 2.0, 3.0));
    assertThat(eval("github.event_name.*")).isNull();
    assertThat(eval("github.nope.*.name")).isNull();
    // Outside the evaluator a filter's result is an ordinary list.
    assertThat(eval("github.event.commits.*.id")).isExactlyInstanceOf(java.util.ArrayList.class);
  }

  @Test
  void filtersWorkWithFunctions() {
    assertThat(eval("contains(github.event.pull_request.labels.*.name, 'bug')")).isEqualTo(true);
    assertThat(eval("contains(github.event.pull_request.labels.*.name, 'feature')")).isEqualTo(false);
    assertThat(eval("join(github.event.commits.*.id, ', ')")).isEqualTo("c1, c2, c3");
    assertThat(eval("toJSON(github.event.commits.*.author.name)")).isEqualTo("[\n  \"Ann\",\n  \"Bob\"\n]");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      contains('Hello world', 'WORLD')         | true
      contains('Hello world', 'planet')        | false
      contains('abc', '')                      | true
      contains(123, 2)                         | true
      contains(true, 'ru')                     | true
      contains(null, '')                       | true
      contains(fromJSON('["a","B"]'), 'b')     | true
      contains(fromJSON('["1",2]'), 1)         | true
      contains(fromJSON('[1,2]'), '2')         | true
      contains(fromJSON('[1,2]'), 3)           | false
      contains(fromJSON('[[1]]'), 1)           | false
      contains(github.event, 'commits')        | false
      contains('Object', github.event)         | false
      startsWith('Hello world', 'he')          | true
      startsWith('Hello world', 'world')       | false
      startsWith('abc', '')                    | true
      startsWith(12345, 12)                    | true
      startsWith(true, 'T')                    | true
      startsWith(github.event, 'O')            | false
      endsWith('Hello world', 'WORLD')         | true
      endsWith('Hello world', 'hello')         | false
      endsWith(1.5, '.5')                      | true
      endsWith('', '')                         | true
      endsWith('a', 'ba')                      | false
      """)
  void stringAndArrayPredicates(String expr, boolean expected) {
    assertThat(eval(expr)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '"', textBlock = """
      format('Hello {0} {1} {2}', 'Mona', 'the', 'Octocat') => Hello Mona the Octocat
      format('{{Hello {0} {1} {2}!}}', 'Mona', 'the', 'Octocat') => {Hello Mona the Octocat!}
      format('{0}{0}{1}', 'a', 'b') => aab
      format('{1}-{0}', 'a', 'b') => b-a
      format('no placeholders') => no placeholders
      format('{{0}}', 'x') => {0}
      format('{{{0}}}', 'x') => {x}
      format('{0}', null) => ""
      format('{0}|{1}|{2}', true, 1.5, 3) => true|1.5|3
      format('{0}', github.event) => Object
      format('{0}', matrix.include) => Array
      format('{00}', 'x') => x
      format(42) => 42
      """)
  void format(String expr, String expected) {
    assertThat(eval(expr)).isEqualTo(expected.equals("\"\"") ? "" : expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      format('{0', 'x')        | invalid format string
      format('{', 'x')         | invalid format string
      format('}', 'x')         | closes nothing
      format('a}b')            | closes nothing
      format('{x}', 'x')       | invalid format string
      format('{}', 'x')        | invalid format string
      format('{-1}', 'x')      | invalid format string
      format('{0:x}', 1)       | format specifiers
      format('{1}', 'x')       | references argument {1} but only 1 argument was given
      format('{0}')            | references argument {0} but only 0 arguments were given
      format('{256}', 1)       | out of range
      """)
  void badFormatStringsAreErrors(String expr, String message) {
    ExprEvaluationException e = error(expr);
    assertThat(e.reason()).contains(message);
    assertThat(e.offset()).isZero();
  }

  @Test
  void join() {
    assertThat(eval("join(fromJSON('[\"a\",\"b\",\"c\"]'))")).isEqualTo("a,b,c");
    assertThat(eval("join(fromJSON('[\"a\",\"b\"]'), ' | ')")).isEqualTo("a | b");
    assertThat(eval("join(fromJSON('[1, true, null, 2.5]'), '-')")).isEqualTo("1-true--2.5");
    assertThat(eval("join(fromJSON('[]'), '-')")).isEqualTo("");
    assertThat(eval("join(fromJSON('[\"only\"]'), '-')")).isEqualTo("only");
    assertThat(eval("join(fromJSON('[[1], {}]'))")).isEqualTo("Array,Object");
    assertThat(eval("join('abc', '-')")).isEqualTo("abc");
    assertThat(eval("join(12)")).isEqualTo("12");
    assertThat(eval("join(null)")).isEqualTo("");
    assertThat(eval("join(github.event)")).isEqualTo("");
    assertThat(eval("join(matrix.include, github.event)")).isEqualTo("1,2,3"); // a container separator: default
  }

  @Test
  void toJson() {
    assertThat(eval("toJSON('x')")).isEqualTo("\"x\"");
    assertThat(eval("toJSON(null)")).isEqualTo("null");
    assertThat(eval("toJSON(1)")).isEqualTo("1");
    assertThat(eval("toJSON(true)")).isEqualTo("true");
    assertThat(eval("toJSON(steps.build.outputs)")).isEqualTo("{\n  \"version\": \"1.2.3\"\n}");
    assertThat(eval("toJSON(github.event.pull_request.labels)")).isEqualTo("""
        [
          {
            "name": "Bug"
          },
          {
            "name": "help wanted"
          }
        ]""");
  }

  @Test
  void fromJsonRoundTrips() {
    Object v = eval("fromJSON('{\"a\": [1, 2.5, \"x\", null, true], \"B\": {}}')");
    assertThat(v).isInstanceOf(CaseInsensitiveMap.class);
    assertThat(Values.property(v, "A")).isEqualTo(java.util.Arrays.asList(1.0, 2.5, "x", null, true));
    assertThat(Values.property(v, "b")).isEqualTo(Map.of());
    assertThat(eval("fromJSON('{\"A\": {\"b\": 7}}').a.B")).isEqualTo(7.0);
    assertThat(eval("fromJSON('true')")).isEqualTo(true);
    assertThat(eval("fromJSON('\"s\"')")).isEqualTo("s");
    assertThat(eval("fromJSON('null')")).isNull();
    assertThat(eval("fromJSON('1e2')")).isEqualTo(100.0);
    assertThat(eval("fromJSON(5)")).isEqualTo(5.0);
    assertThat(eval("fromJSON(toJSON(github.event)).pull_request.labels[1].name")).isEqualTo("help wanted");
    assertThat(eval("toJSON(fromJSON('{\"z\":1,\"a\":2}'))")).isEqualTo("{\n  \"z\": 1,\n  \"a\": 2\n}");
  }

  @Test
  void fromJsonErrorsSayWhy() {
    ExprEvaluationException e = error("  fromJSON('{\"a\": }')");
    assertThat(e.reason()).startsWith("fromJSON(): the argument is not valid JSON").contains("{\\\"a\\\": }");
    assertThat(e.offset()).isEqualTo(2);
    assertThat(error("fromJSON('')").reason()).contains("empty");
    assertThat(error("fromJSON(null)").reason()).contains("empty");
    assertThat(error("fromJSON('[1, 2')").reason()).contains("not valid JSON");
  }

  @Test
  void caseFunction() {
    assertThat(eval("case(matrix.os == 'ubuntu-latest', 'linux', 'other')")).isEqualTo("linux");
    assertThat(eval("case(false, 'a', matrix.node == 18, 'node18', 'other')")).isEqualTo("node18");
    assertThat(eval("case(false, 'a', false, 'b', 'default')")).isEqualTo("default");
    assertThat(eval("case(true, github.event.count, 'x')")).isEqualTo(0.0);
    // Later arguments are not evaluated once a predicate holds.
    assertThat(eval("case(true, 'a', nosuch(), 'b', 'c')")).isEqualTo("a");
    assertThat(error("case(true, 'a')").reason()).contains("odd number of arguments");
    assertThat(error("case('yes', 'a', 'b')").reason()).contains("must be a boolean, but it is string \"yes\"");
    assertThat(error("case(1, 'a', 'b')").reason()).contains("must be a boolean");
  }

  @Test
  void statusFunctionsAskTheContext() {
    EvalContext failed = EvalContext.builder().status(JobStatus.FAILURE).build();
    EvalContext cancelled = EvalContext.builder().status(JobStatus.CANCELLED).build();
    assertThat(ExprEvaluator.evaluate("success()", CTX)).isEqualTo(true);
    assertThat(ExprEvaluator.evaluate("failure()", CTX)).isEqualTo(false);
    assertThat(ExprEvaluator.evaluate("success()", failed)).isEqualTo(false);
    assertThat(ExprEvaluator.evaluate("failure()", failed)).isEqualTo(true);
    assertThat(ExprEvaluator.evaluate("cancelled()", cancelled)).isEqualTo(true);
    assertThat(ExprEvaluator.evaluate("Always()", cancelled)).isEqualTo(true);
    assertThat(error("success(1)").reason()).contains("success() takes 0 arguments, but 1 was given");
  }

  @Test
  void functionNamesIgnoreCase() {
    assertThat(eval("CONTAINS('abc', 'B')")).isEqualTo(true);
    assertThat(eval("toJson(1)")).isEqualTo("1");
    assertThat(eval("FromJSON('[]')")).isEqualTo(List.of());
  }

  @Test
  void errorsSayWhatAndWhere() {
    ExprEvaluationException unknown = error("github.ref == nosuch('x')");
    assertThat(unknown.offset()).isEqualTo(14);
    assertThat(unknown.reason()).contains("unknown function 'nosuch'");
    assertThat(unknown.getMessage()).endsWith("(at offset 14)");

    ExprEvaluationException arity = error("1 && contains('a')");
    assertThat(arity.offset()).isEqualTo(5);
    assertThat(arity.reason()).isEqualTo("contains() takes 2 arguments, but 1 was given");

    ExprEvaluationException context = error("foo.bar");
    assertThat(context.offset()).isZero();
    assertThat(context.reason()).contains("unrecognized named-value: 'foo'");

    ExprEvaluationException syntax = error("github.ref ==");
    assertThat(syntax.reason()).startsWith("syntax error");
    assertThat(syntax.offset()).isEqualTo(13);

    assertThat(error("join()").reason()).isEqualTo("join() takes 1 or 2 arguments, but 0 were given");
    assertThat(error("format()").reason()).isEqualTo("format() takes at least 1 argument, but 0 were given");
    assertThat(error("  ").reason()).contains("empty");
  }

  @Test
  void extraContextsAreKnownWhenSet() {
    EvalContext ctx = EvalContext.builder().context("Custom", Map.of("a", 1)).build();
    assertThat(ExprEvaluator.evaluate("custom.A", ctx)).isEqualTo(1.0);
    assertThatThrownBy(() -> ExprEvaluator.evaluate("other", ctx)).isInstanceOf(ExprEvaluationException.class);
  }

  @Test
  void callsStatusFunctionFindsNestedCalls() {
    assertThat(ExprEvaluator.callsStatusFunction(ExprEvaluator.parse("github.ref == 'x'"))).isFalse();
    assertThat(ExprEvaluator.callsStatusFunction(ExprEvaluator.parse("!cancelled()"))).isTrue();
    assertThat(ExprEvaluator.callsStatusFunction(ExprEvaluator.parse("x[format('{0}', failure())]".replace("x", "github")))).isTrue();
    assertThat(ExprEvaluator.callsStatusFunction(ExprEvaluator.parse("'success()' == 'x'"))).isFalse();
  }
}
