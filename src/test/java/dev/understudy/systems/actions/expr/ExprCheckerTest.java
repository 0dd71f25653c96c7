package dev.understudy.systems.actions.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprCheckerTest {
  static final String SEE_AVAILABILITY =
      "see https://docs.github.com/en/actions/learn-github-actions/contexts#context-availability for more details";

  static ExprChecker.Result check(ExprChecker checker, String source) {
    ExprParser.Result parsed = ExprParser.parse(source);
    assertThat(parsed.error()).as("parse error of %s", source).isNull();
    return checker.check(parsed.expr());
  }

  static ExprChecker.Result check(String source) {
    return check(ExprChecker.builder().build(), source);
  }

  static List<String> messages(ExprChecker.Result r) {
    return r.errors().stream().map(ExprError::message).toList();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiterString = " ~ ", quoteCharacter = '"', value = {
      "null ~ null",
      "'a' ~ string",
      "1.5 ~ number",
      "true ~ bool",
      "github.event ~ object",
      "github.event.foo.bar ~ any",
      "github.ref_protected ~ bool",
      "github.retention_days ~ number",
      "GitHub.Event_Name ~ string",
      "env.FOO ~ string",
      "env ~ {string => string}",
      "runner ~ {arch: string; debug: string; environment: string; name: string; os: string; temp: string; tool_cache: string}",
      "job.services.db.ports ~ {string => string}",
      "job.container ~ {id: string; network: string}",
      "strategy ~ object",
      "strategy.job-index ~ number",
      "matrix.anything ~ any",
      "secrets.ANY_NAME ~ string",
      "vars.x ~ string",
      "steps ~ {}",
      "github.event.commits.*.author.name ~ array<any>",
      "github.event.*.body ~ array<any>",
      "fromJSON('[1, 2]') ~ array<number>",
      "fromJSON('[1, \"a\"]') ~ array<string>",
      "fromJSON('[1, true]') ~ array<any>",
      "fromJSON('{\"b\": [false], \"a\": true}') ~ {a: bool; b: array<bool>}",
      "fromJSON('{\"a\": {\"c\": null}}').a ~ {c: null}",
      "fromJSON('[{\"n\": 1}]').*.n ~ array<number>",
      "fromJSON('[]') ~ array<any>",
      "fromJSON(github.event.x) ~ any",
      "fromJSON('{}') ~ {}",
      "format('{0}', 1) ~ string",
      "contains('a', 'b') ~ bool",
      "toJSON(github) ~ string",
      "join(github.event.labels.*.name, ', ') ~ string",
      "hashFiles('a', 'b') ~ string",
      "!github ~ bool",
      "1 == 2 ~ bool",
      "github.ref && 'x' ~ string",
      "github.ref || 'x' ~ string",
      "1 || 'x' ~ string",
      "1 || true ~ any",
      "github.event_name == 'push' && 'a' || 'b' ~ string",
      "!(github.event_name == 'push') || 'b' ~ string",
      "null || null ~ null",
      "case(true, 1, 2) ~ any",
  })
  void typesExpressions(String source, String type) {
    ExprChecker.Result r = check(source);
    assertThat(r.errors()).isEmpty();
    assertThat(r.type()).hasToString(type);
  }

  @Test
  void undefinedVariableListsTheKnownContexts() {
    ExprChecker.Result r = check("1 == hoge.x");
    assertThat(messages(r)).containsExactly("undefined variable \"hoge\". available variables are "
        + "\"env\", \"github\", \"inputs\", \"job\", \"matrix\", \"needs\", \"runner\", \"secrets\", \"steps\", "
        + "\"strategy\", \"vars\"");
    assertThat(r.errors().get(0).offset()).isEqualTo(5);
    assertThat(r.type()).hasToString("bool");
  }

  @Test
  void jobsIsAContextOnlyWhenGiven() {
    assertThat(messages(check("jobs.build"))).singleElement().asString().startsWith("undefined variable \"jobs\"");
    ExprChecker withJobs = ExprChecker.builder()
        .jobs(ObjectType.strict(Map.of("build", ObjectType.strict(Map.of("result", ExprType.STRING))))).build();
    ExprChecker.Result r = check(withJobs, "jobs.BUILD.result");
    assertThat(r.errors()).isEmpty();
    assertThat(r.type()).isEqualTo(ExprType.STRING);
  }

  @Test
  void contextNotAllowedAtTheKey() {
    ExprChecker atEnv = ExprChecker.builder().availability(ContextAvailability.of("env")).build();
    assertThat(messages(check(atEnv, "ENV.foo"))).containsExactly("context \"env\" is not allowed here. available "
        + "contexts are \"github\", \"inputs\", \"secrets\", \"vars\". " + SEE_AVAILABILITY);
    ExprChecker none = ExprChecker.builder().contexts(List.of()).build();
    assertThat(messages(check(none, "env.foo"))).containsExactly(
        "context \"env\" is not allowed here. no context is available here. " + SEE_AVAILABILITY);
    ExprChecker one = ExprChecker.builder().contexts(List.of("github")).build();
    assertThat(messages(check(one, "runner.os"))).containsExactly("context \"runner\" is not allowed here. "
        + "available context is \"github\". " + SEE_AVAILABILITY);
    assertThat(check(one, "GITHUB.sha").errors()).isEmpty();
  }

  @Test
  void specialFunctionNotAllowedAtTheKey() {
    ExprChecker atRun = ExprChecker.builder().availability(ContextAvailability.of("jobs.<job_id>.steps.run")).build();
    ExprChecker.Result r = check(atRun, "hashFiles('x') && Always()");
    assertThat(messages(r)).containsExactly("calling function \"Always\" is not allowed here. \"Always\" is only "
        + "available in \"jobs.<job_id>.if\", \"jobs.<job_id>.steps.if\". " + SEE_AVAILABILITY);
    assertThat(r.errors().get(0).offset()).isEqualTo(18);
    ExprChecker atJobIf = ExprChecker.builder().availability(ContextAvailability.of("jobs.<job_id>.if")).build();
    assertThat(messages(check(atJobIf, "hashFiles('x')"))).singleElement().asString()
        .startsWith("calling function \"hashFiles\" is not allowed here. \"hashFiles\" is only available in "
            + "\"jobs.<job_id>.steps.continue-on-error\", \"jobs.<job_id>.steps.env\", \"jobs.<job_id>.steps.if\"");
    assertThat(check(atJobIf, "always() || failure() || cancelled() || success()").errors()).isEmpty();
  }

  @Test
  void propertyMissingFromStrictObject() {
    ExprChecker.Result r = check("'x' == runner.foooooo");
    assertThat(messages(r)).containsExactly("property \"foooooo\" is not defined in object type {arch: string; "
        + "debug: string; environment: string; name: string; os: string; temp: string; tool_cache: string}");
    assertThat(r.errors().get(0).offset()).isEqualTo(7);
    assertThat(messages(check("inputs.some_input"))).containsExactly(
        "property \"some_input\" is not defined in object type {}");
    assertThat(messages(check("runner['nope']"))).singleElement().asString()
        .startsWith("property \"nope\" is not defined in object type {arch: string;");
  }

  @Test
  void propertiesAreCaseInsensitive() {
    ExprChecker c = ExprChecker.builder()
        .steps(ObjectType.strict(Map.of("Build", ObjectType.strict(Map.of(
            "outputs", ObjectType.strict(Map.of("cache-hit", ExprType.STRING)), "conclusion", ExprType.STRING)))))
        .build();
    ExprChecker.Result r = check(c, "STEPS.build.Outputs.CACHE-HIT");
    assertThat(r.errors()).isEmpty();
    assertThat(r.type()).isEqualTo(ExprType.STRING);
    assertThat(check(c, "steps['BUILD']['outputs']").type()).hasToString("{cache-hit: string}");
    assertThat(check(c, "toJSON(steps.build.outputs)").errors()).isEmpty();
  }

  @Test
  void receiverMustBeAnObject() {
    ExprChecker.Result r = check("github.run_number.foo");
    assertThat(messages(r)).containsExactly(
        "receiver of object dereference \"foo\" must be type of object but got \"string\"");
    assertThat(messages(check("fromJSON('1').foo"))).containsExactly(
        "receiver of object dereference \"foo\" must be type of object but got \"number\"");
    assertThat(messages(check("fromJSON('[1]').foo"))).containsExactly(
        "receiver of object dereference \"foo\" must be type of object but got \"array<number>\"");
  }

  @Test
  void objectFilterTyping() {
    assertThat(messages(check("github.sha.*"))).containsExactly(
        "receiver of object filtering `.*` must be type of array or object but got \"string\"");
    assertThat(messages(check("runner.*"))).singleElement().asString()
        .startsWith("object type \"{arch: string;").endsWith("cannot be filtered by object filtering `.*` since it has no object element");
    assertThat(messages(check("env.*"))).containsExactly("elements of object at receiver of object filtering `.*` "
        + "must be type of object but got \"string\". the type of receiver was \"{string => string}\"");
    assertThat(messages(check("fromJSON('[1]').*.x"))).containsExactly(
        "property filtered by \"x\" at object filtering must be type of object but got \"number\"");
    assertThat(messages(check("fromJSON('[{\"a\": 1}]').*.b"))).containsExactly(
        "property \"b\" is not defined in object type {a: number} as element of filtered array");
    assertThat(check("job.services.*.id").type()).hasToString("array<string>");
  }

  @Test
  void indexAccessTyping() {
    assertThat(messages(check("fromJSON('[1]')['x']"))).containsExactly(
        "index access of array must be type of number but got \"string\"");
    assertThat(check("fromJSON('[1]')['x']").errors().get(0).offset()).isEqualTo(16);
    assertThat(messages(check("github[1]"))).containsExactly(
        "property access of object must be type of string but got \"number\"");
    assertThat(messages(check("env[true]"))).containsExactly(
        "property access of object must be type of string but got \"bool\"");
    assertThat(messages(check("github.sha[0]"))).containsExactly(
        "index access operand must be type of object or array but got \"string\"");
    assertThat(check("env[github.sha]").type()).isEqualTo(ExprType.STRING);
    assertThat(check("fromJSON('[true]')[github.run_attempt]").type()).isEqualTo(ExprType.STRING.merge(ExprType.ANY));
  }

  @Test
  void unknownFunction() {
    ExprChecker.Result r = check("github.sha || Foo(1)");
    assertThat(messages(r)).containsExactly("undefined function \"Foo\". available functions are \"always\", "
        + "\"cancelled\", \"case\", \"contains\", \"endswith\", \"failure\", \"format\", \"fromjson\", \"hashfiles\", "
        + "\"join\", \"startswith\", \"success\", \"tojson\"");
    assertThat(r.errors().get(0).offset()).isEqualTo(14);
  }

  @Test
  void functionNamesAreCaseInsensitive() {
    assertThat(check("STARTSWITH(github.ref, 'refs/') && toJson(github) != FromJSON('\"x\"')").errors()).isEmpty();
  }

  @Test
  void wrongArgumentCount() {
    assertThat(messages(check("startsWith('a')"))).containsExactly("number of arguments is wrong. function "
        + "\"startsWith(string, string) -> bool\" takes 2 parameters but 1 arguments are given");
    assertThat(messages(check("format()"))).containsExactly("number of arguments is wrong. function "
        + "\"format(string, any...) -> string\" takes at least 2 parameters but 0 arguments are given");
    assertThat(messages(check("always(1)"))).containsExactly("number of arguments is wrong. function "
        + "\"always() -> bool\" takes 0 parameters but 1 arguments are given");
  }

  @Test
  void wrongArgumentTypeTriesEveryOverload() {
    ExprChecker.Result r = check("contains(fromJSON('{\"bool\":true,\"array\":[false]}'), 'x')");
    assertThat(messages(r)).containsExactly(
        "1st argument of function call is not assignable. \"{array: array<bool>; bool: bool}\" cannot be assigned "
            + "to \"string\". called function type is \"contains(string, string) -> bool\"",
        "1st argument of function call is not assignable. \"{array: array<bool>; bool: bool}\" cannot be assigned "
            + "to \"array<any>\". called function type is \"contains(array<any>, any) -> bool\"");
    assertThat(r.errors()).allSatisfy(e -> assertThat(e.offset()).isEqualTo(9));
    assertThat(messages(check("hashFiles('a', 'b', env)"))).containsExactly("3rd argument of function call is not "
        + "assignable. \"{string => string}\" cannot be assigned to \"string\". called function type is "
        + "\"hashFiles(string...) -> string\"");
    assertThat(check("contains(github.event.labels.*.name, 'bug')").errors()).isEmpty();
    assertThat(check("startsWith(github.run_number, 1)").errors()).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiterString = " ~ ", quoteCharacter = '"', value = {
      "format('{0} {1}', 1, 2) ~ ",
      "format('{1}{0}{1}', 1, 2) ~ ",
      "format('{{0}} {0}', 1) ~ ",
      "format('{{{0}}}', 1) ~ ",
      "format('{0}}}', 1) ~ ",
      "format('{{0}}', 1) ~ does not contain placeholder {0}",
      "format('{0}', 1, 2) ~ does not contain placeholder {1}",
      "format('x', 1) ~ does not contain placeholder {0}",
      "format('{0} {2}', 1) ~ contains placeholder {2} but only 1 arguments are given to format",
      "format('{0}}', 1) ~ does not contain placeholder {0}",
      "format('{ 0}', 1) ~ does not contain placeholder {0}",
      "format('{x}{0}', 1) ~ ",
      "format(github.sha, 1) ~ ",
  })
  void formatPlaceholders(String source, String problem) {
    List<String> messages = messages(check(source));
    if (problem == null) {
      assertThat(messages).isEmpty();
    } else {
      assertThat(messages).singleElement().asString().contains(problem);
    }
  }

  @Test
  void formatMessagesInFull() {
    assertThat(messages(check("format('{0}{3}', 1, 2)"))).containsExactly(
        "format string \"{0}{3}\" does not contain placeholder {1}. remove argument which is unused in the format string",
        "format string \"{0}{3}\" contains placeholder {3} but only 2 arguments are given to format");
  }

  @Test
  void brokenJsonInFromJson() {
    assertThat(messages(check("fromJSON('\"foo')"))).containsExactly(
        "broken JSON string is passed to fromJSON() at offset 4: unexpected end of JSON input");
    assertThat(messages(check("fromJSON('[\"foo\"')"))).containsExactly(
        "broken JSON string is passed to fromJSON() at offset 6: unexpected end of JSON input");
    assertThat(messages(check("fromJSON('')"))).containsExactly(
        "broken JSON string is passed to fromJSON() at offset 0: unexpected end of JSON input");
    ExprChecker.Result garbage = check("toJSON(fromJSON('{x}'))");
    assertThat(messages(garbage)).singleElement().asString().startsWith("broken JSON string is passed to fromJSON() at offset 1: ");
    assertThat(garbage.errors().get(0).offset()).isEqualTo(16);
    assertThat(messages(check("fromJSON('1 2')"))).hasSize(1);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiterString = " ~ ", quoteCharacter = '`', value = {
      "1 == 'a' ~ ",
      "null == github ~ ",
      "github == null ~ ",
      "github == env ~ ",
      "fromJSON('[1]') == fromJSON('[2]') ~ ",
      "github.event.x < 1 ~ ",
      "'a' < 'b' ~ ",
      "true == 1 ~ ",
      "'a' == fromJSON('{}') ~ \"string\" value cannot be compared to \"{}\" value with \"==\" operator",
      "'a' >= fromJSON('{}') ~ \"string\" value cannot be compared to \"{}\" value with \">=\" operator",
      "1 != fromJSON('[true]') ~ \"number\" value cannot be compared to \"array<bool>\" value with \"!=\" operator",
      "1 > null ~ \"number\" value cannot be compared to \"null\" value with \">\" operator",
      "true < false ~ \"bool\" value cannot be compared to \"bool\" value with \"<\" operator",
      "true <= fromJSON('[true]') ~ \"bool\" value cannot be compared to \"array<bool>\" value with \"<=\" operator",
      "fromJSON('[true]') == fromJSON('[{}]') ~ \"array<bool>\" value cannot be compared to \"array<{}>\" value with \"==\" operator",
      "github == 'a' ~ \"{action: string;",
  })
  void comparisons(String source, String problem) {
    List<String> messages = messages(check(source));
    if (problem == null) {
      assertThat(messages).isEmpty();
    } else {
      assertThat(messages).singleElement().asString().startsWith(problem);
    }
  }

  @Test
  void comparisonsWithMatrixTypesAsInTheCorpus() {
    ExprChecker c = ExprChecker.builder().matrix(ObjectType.strict(Map.of(
        "o", ObjectType.strictEmpty(),
        "a", new ArrayType(ExprType.BOOL),
        "a2", new ArrayType(ObjectType.strictEmpty())))).build();
    assertThat(messages(check(c, "'foo' == matrix.o"))).containsExactly(
        "\"string\" value cannot be compared to \"{}\" value with \"==\" operator");
    assertThat(messages(check(c, "matrix.a == matrix.a2"))).containsExactly(
        "\"array<bool>\" value cannot be compared to \"array<{}>\" value with \"==\" operator");
    assertThat(check(c, "42 != matrix.a").errors()).singleElement().extracting(ExprError::offset).isEqualTo(0);
    assertThat(check(c, "matrix.a == matrix.a").errors()).isEmpty();
    assertThat(check(c, "matrix.o == matrix.o").errors()).isEmpty();
  }

  @Test
  void configurationVariableNames() {
    assertThat(check("vars.MY_VAR_2").errors()).isEmpty();
    assertThat(messages(check("vars.GITHUB_SHA"))).containsExactly("configuration variable name \"github_sha\" must "
        + "not start with the GITHUB_ prefix (case insensitive). note: see the convention at "
        + "https://docs.github.com/en/actions/learn-github-actions/variables#naming-conventions-for-configuration-variables");
    assertThat(messages(check("vars.my-var"))).singleElement().asString().startsWith(
        "configuration variable name \"my-var\" can only contain alphabets, decimal numbers, and '_'. note:");
    assertThat(check("env.my-var").errors()).as("only vars has the rule").isEmpty();
  }

  @Test
  void caseNeedsAnOddNumberOfArguments() {
    assertThat(messages(check("case(true, 1, false, 2)"))).containsExactly(
        "case() requires an odd number of arguments (pred/value pairs + default) but got 4");
  }

  @Test
  void inputsSecretsAndDispatchInputs() {
    ObjectType inputs = ObjectType.strict(Map.of("input1", ExprType.STRING, "flag", ExprType.BOOL));
    ExprChecker c = ExprChecker.builder()
        .dispatchInputs(inputs)
        .secrets(ObjectType.strict(Map.of("deploy_key", ExprType.STRING)))
        .build();
    assertThat(check(c, "inputs.flag").type()).isEqualTo(ExprType.BOOL);
    assertThat(check(c, "github.event.inputs.flag").type()).isEqualTo(ExprType.STRING);
    assertThat(messages(check(c, "inputs.input3"))).containsExactly(
        "property \"input3\" is not defined in object type {flag: bool; input1: string}");
    assertThat(check(c, "secrets.GITHUB_TOKEN == secrets.DEPLOY_KEY").errors()).isEmpty();
    assertThat(messages(check(c, "secrets.other"))).singleElement().asString()
        .startsWith("property \"other\" is not defined in object type {actions_runner_debug: string;");
    assertThat(check(c, "github.event.pull_request.title").errors()).as("the rest of the event stays loose").isEmpty();
  }

  @Test
  void indexTypesFollowDispatchInputs() {
    ExprChecker c = ExprChecker.builder().dispatchInputs(ObjectType.strict(Map.of(
        "boolean", ExprType.BOOL, "choice", ExprType.STRING, "number", ExprType.NUMBER))).build();
    assertThat(messages(check(c, "github[inputs.boolean]"))).containsExactly(
        "property access of object must be type of string but got \"bool\"");
    assertThat(check(c, "github[inputs.boolean]").errors().get(0).offset()).isEqualTo(7);
    assertThat(messages(check(c, "github[inputs.number]"))).containsExactly(
        "property access of object must be type of string but got \"number\"");
    assertThat(check(c, "github[github.event.inputs.boolean]").errors()).as("event inputs are strings").isEmpty();
    assertThat(messages(check(c, "github.event.*[inputs.choice]"))).containsExactly(
        "index access of array must be type of number but got \"string\"");
    assertThat(check(c, "github.event.*[inputs.number]").errors()).isEmpty();
  }

  @Test
  void templateValueProblem() {
    assertThat(ExprChecker.templateValueProblem(check("steps").type())).hasValueSatisfying(
        m -> assertThat(m).endsWith("of type {}"));
    ObjectType out = ObjectType.strict(Map.of("cache-hit", ExprType.STRING));
    assertThat(ExprChecker.templateValueProblem(out)).hasValue("object, array, and null values should not be "
        + "evaluated in template with ${{ }} but evaluating the value of type {cache-hit: string}");
    assertThat(ExprChecker.templateValueProblem(check("null").type())).isPresent();
    assertThat(ExprChecker.templateValueProblem(check("github.event.*.x").type())).hasValueSatisfying(
        m -> assertThat(m).endsWith("array<any>"));
    assertThat(ExprChecker.templateValueProblem(check("github.sha").type())).isEmpty();
    assertThat(ExprChecker.templateValueProblem(check("github.event.x").type())).isEmpty();
  }

  @Test
  void checkerIsReusable() {
    ExprChecker c = ExprChecker.builder().build();
    assertThat(check(c, "nope").errors()).hasSize(1);
    assertThat(check(c, "github.sha").errors()).isEmpty();
  }
}
