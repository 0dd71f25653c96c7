package dev.understudy.systems.actions.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionsTest {

  private static final Map<String, Object> GITHUB = Map.of(
      "event_name", "push", "ref", "refs/heads/main", "run_number", 7,
      "event", Map.of("inputs", Map.of("flag", true)));

  private static EvalContext ctx(JobStatus status) {
    return EvalContext.builder()
        .github(GITHUB)
        .env(Map.of("NAME", "world"))
        .matrix(Map.of("os", "ubuntu-latest", "version", 1.5))
        .status(status)
        .build();
  }

  private static final EvalContext OK = ctx(JobStatus.SUCCESS);
  private static final EvalContext FAILED = ctx(JobStatus.FAILURE);
  private static final EvalContext CANCELLED = ctx(JobStatus.CANCELLED);

  @Test
  void interpolateReplacesEveryTemplate() {
    assertThat(Expressions.interpolate("Hello ${{ env.NAME }}!", OK)).isEqualTo("Hello world!");
    assertThat(Expressions.interpolate("${{github.event_name}}-${{ github.run_number }}-${{ matrix.version }}", OK))
        .isEqualTo("push-7-1.5");
    assertThat(Expressions.interpolate("a${{ null }}b${{ true }}c${{ env.nope }}", OK)).isEqualTo("abtruec");
    assertThat(Expressions.interpolate("${{ format('}}{0}', 'x') }} tail", OK)).isEqualTo("}x tail");
    assertThat(Expressions.interpolate("${{ github.event.inputs }}", OK)).isEqualTo("{\n  \"flag\": true\n}");
  }

  @Test
  void textWithoutTemplatesIsReturnedAsIs() {
    String text = "echo $HOME and {{ not a template }} and $ {{ x }}";
    assertThat(Expressions.interpolate(text, OK)).isSameAs(text);
    assertThat(Expressions.interpolate("", OK)).isEmpty();
    assertThat(Expressions.interpolate(null, OK)).isNull();
  }

  @Test
  void interpolationErrorsPointIntoTheWholeString() {
    ExprEvaluationException e = catchError(() -> Expressions.interpolate("echo ${{ nosuch() }}", OK));
    assertThat(e.offset()).isEqualTo(9);
    assertThat(e.reason()).contains("unknown function 'nosuch'");
    ExprEvaluationException unclosed = catchError(() -> Expressions.interpolate("echo ${{ github.ref", OK));
    assertThat(unclosed.offset()).isEqualTo(5);
    assertThat(unclosed.reason()).contains("not closed");
    ExprEvaluationException syntax = catchError(() -> Expressions.interpolate("ab ${{ 1 == }}", OK));
    assertThat(syntax.offset()).isEqualTo(12);
  }

  @Test
  void evaluateValueKeepsTheRawValueOfAWholeTemplate() {
    Object matrix = Expressions.evaluateValue("${{ fromJSON('{\"os\": [\"a\", \"b\"]}') }}", OK);
    assertThat(matrix).isInstanceOf(Map.class);
    assertThat(Values.property(matrix, "os")).isEqualTo(List.of("a", "b"));
    assertThat(Expressions.evaluateValue("${{ github.run_number }}", OK)).isEqualTo(7.0);
    assertThat(Expressions.evaluateValue("${{ matrix.os == 'ubuntu-latest' }}", OK)).isEqualTo(true);
    assertThat(Expressions.evaluateValue("${{ env.nope }}", OK)).isNull();
    assertThat(Expressions.evaluateValue("${{ 1 }}${{ 2 }}", OK)).isEqualTo("12");
    assertThat(Expressions.evaluateValue(" ${{ 1 }}", OK)).isEqualTo(" 1");
    assertThat(Expressions.evaluateValue("plain", OK)).isEqualTo("plain");
  }

  /** An {@code if:} without a status function means {@code success() && (expr)}. */
  @ParameterizedTest(name = "if: {0} -> ok {1}, failed {2}, cancelled {3}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '"', textBlock = """
      ""                                       => true  => false => false
      "   "                                    => true  => false => false
      github.event_name == 'push'              => true  => false => false
      ${{ github.event_name == 'push' }}       => true  => false => false
      github.event_name == 'pull_request'      => false => false => false
      ${{ false }}                             => false => false => false
      always()                                 => true  => true  => true
      ${{ always() }}                          => true  => true  => true
      failure()                                => false => true  => false
      success()                                => true  => false => false
      cancelled()                              => false => false => true
      !cancelled()                             => true  => true  => false
      success() || failure()                   => true  => true  => false
      always() && github.ref == 'refs/heads/main' => true => true => true
      failure() && github.ref == 'refs/heads/dev' => false => false => false
      ALWAYS()                                 => true  => true  => true
      matrix.os                                => true  => false => false
      env.nope                                 => false => false => false
      github.event.inputs.flag                 => true  => false => false
      "${{ false }} "                          => true  => false => false
      x ${{ false }}                           => true  => false => false
      "${{ failure() }} x"                     => true  => true  => true
      """)
  void conditions(String ifValue, boolean ok, boolean failed, boolean cancelled) {
    assertThat(Expressions.condition(ifValue, OK)).as("after success").isEqualTo(ok);
    assertThat(Expressions.condition(ifValue, FAILED)).as("after a failure").isEqualTo(failed);
    assertThat(Expressions.condition(ifValue, CANCELLED)).as("when cancelled").isEqualTo(cancelled);
  }

  @Test
  void absentConditionIsSuccess() {
    assertThat(Expressions.condition(null, OK)).isTrue();
    assertThat(Expressions.condition(null, FAILED)).isFalse();
  }

  @Test
  void conditionIsNotEvaluatedAfterAFailureWithoutAStatusFunction() {
    // Implicit success() && (...) short-circuits: the bad call is never reached.
    assertThat(Expressions.condition("nosuch()", FAILED)).isFalse();
    ExprEvaluationException e = catchError(() -> Expressions.condition("nosuch()", OK));
    assertThat(e.reason()).contains("unknown function");
    ExprEvaluationException wrapped = catchError(() -> Expressions.condition("${{ github.ref == nosuch() }}", OK));
    assertThat(wrapped.offset()).isEqualTo(18);
  }

  @Test
  void conditionSyntaxErrorsAreReported() {
    assertThatThrownBy(() -> Expressions.condition("github.ref ==", OK))
        .isInstanceOf(ExprEvaluationException.class)
        .hasMessageContaining("syntax error");
  }

  private static ExprEvaluationException catchError(Runnable r) {
    try {
      r.run();
    } catch (ExprEvaluationException e) {
      return e;
    }
    throw new AssertionError("expected an ExprEvaluationException");
  }
}
