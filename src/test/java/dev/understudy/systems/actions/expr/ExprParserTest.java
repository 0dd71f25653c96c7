package dev.understudy.systems.actions.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExprParserTest {

  /** A compact rendering of the tree that makes precedence and grouping visible. */
  static String show(Expr e) {
    if (e instanceof Expr.NullLit) return "null";
    if (e instanceof Expr.BoolLit b) return String.valueOf(b.value());
    if (e instanceof Expr.IntLit i) return "int:" + i.value();
    if (e instanceof Expr.FloatLit f) return "float:" + f.value();
    if (e instanceof Expr.StringLit s) return "'" + s.value() + "'";
    if (e instanceof Expr.Variable v) return v.name();
    if (e instanceof Expr.PropertyAccess p) return show(p.receiver()) + "." + p.name();
    if (e instanceof Expr.IndexAccess i) return show(i.receiver()) + "[" + show(i.index()) + "]";
    if (e instanceof Expr.ArrayDeref d) return show(d.receiver()) + ".*";
    if (e instanceof Expr.FuncCall c) {
      return c.name() + "(" + c.args().stream().map(ExprParserTest::show).collect(Collectors.joining(", ")) + ")";
    }
    if (e instanceof Expr.Not n) return "!" + show(n.operand());
    if (e instanceof Expr.Compare c) return "(" + show(c.left()) + " " + c.op().symbol() + " " + show(c.right()) + ")";
    Expr.Logical l = (Expr.Logical) e;
    return "(" + show(l.left()) + " " + l.op().symbol() + " " + show(l.right()) + ")";
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiterString = " ~ ", quoteCharacter = '"', value = {
      "null ~ null",
      "true ~ true",
      "FALSE ~ FALSE",
      "42 ~ int:42",
      "-3 ~ int:-3",
      "0x1F ~ int:31",
      "1.5 ~ float:1.5",
      "2e3 ~ float:2000.0",
      "-1.5e-2 ~ float:-0.015",
      "'it''s' ~ 'it's'",
      "'' ~ ''",
      "github.event.issue.title ~ github.event.issue.title",
      "steps.my-step.outputs.cache-hit ~ steps.my-step.outputs.cache-hit",
      "matrix['os'] ~ matrix['os']",
      "github.event.commits.*.author.name ~ github.event.commits.*.author.name",
      "a[0][b.c] ~ a[int:0][b.c]",
      "fromJSON('[1]')[0] ~ fromJSON('[1]')[int:0]",
      "contains(a, 'x') ~ contains(a, 'x')",
      "always() ~ always()",
      "!a && b ~ (!a && b)",
      "!!a ~ !!a",
      "a || b && c ~ (a || (b && c))",
      "a && b || c ~ ((a && b) || c)",
      "a || b || c ~ ((a || b) || c)",
      "a == b && c != d ~ ((a == b) && (c != d))",
      "a < b == c > d ~ ((a < b) == (c > d))",
      "a == b == c ~ ((a == b) == c)",
      "(a || b) && c ~ ((a || b) && c)",
      "!(a == b) ~ !(a == b)",
      "format('{0}', a.b)[0] ~ format('{0}', a.b)[int:0]",
  })
  void parses(String source, String tree) {
    ExprParser.Result r = ExprParser.parse(source);
    assertThat(r.error()).as("error").isNull();
    assertThat(show(r.expr())).isEqualTo(tree);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiterString = " ~ ", quoteCharacter = '`', value = {
      "`` ~ 0 ~ unexpected end of input while parsing an operand",
      "`a.` ~ 2 ~ unexpected end of input while parsing a property access like \"a.b\" or an object filter like \"a.*\": expected \"identifier\" or \"*\"",
      "`f(a, b` ~ 6 ~ unexpected end of input while parsing the arguments of a call to f(): expected \",\" or \")\"",
      "`f(a b)` ~ 4 ~ unexpected token \"b\" while parsing the arguments of a call to f(): expected \",\" or \")\"",
      "`(a || b` ~ 7 ~ unexpected end of input while parsing a parenthesized expression: expected \")\"",
      "`a[0` ~ 3 ~ unexpected end of input while parsing an index access like \"a[0]\": expected \"]\"",
      "`a b` ~ 2 ~ unexpected token \"b\" after the end of the expression",
      "`a &&` ~ 4 ~ unexpected end of input while parsing an operand",
      "`a == == b` ~ 5 ~ unexpected token \"==\" while parsing an operand",
      "`\"foo\"` ~ 0 ~ got unexpected character '\"' while lexing expression, expecting 'a'..'z', 'A'..'Z', '_', '0'..'9', ''', '}', '(', ')', '[', ']', '.', '!', '<', '>', '=', '&', '|', '*', ',', ' '. do you mean string literals? only single quotes are available for string delimiter",
      "`'abc` ~ 4 ~ got unexpected end of input while lexing end of string literal, expecting '''",
      "`a = b` ~ 3 ~ got unexpected character ' ' while lexing == operator, expecting '='",
      "`a & b` ~ 3 ~ got unexpected character ' ' while lexing && operator, expecting '&'",
      "`a | b` ~ 3 ~ got unexpected character ' ' while lexing || operator, expecting '|'",
      "`12abc` ~ 2 ~ got unexpected character 'a' while lexing character following number 12",
      "`0x` ~ 2 ~ got unexpected end of input while lexing hex integer",
      "`1.` ~ 2 ~ got unexpected end of input while lexing fraction part of float number",
      "`1e` ~ 2 ~ got unexpected end of input while lexing exponent part of float number",
      "`-x` ~ 1 ~ got unexpected character 'x' while lexing integer part of number",
      "`a.b ? c` ~ 4 ~ got unexpected character '?' while lexing expression",
      "`a.1` ~ 2 ~ unexpected token \"1\" while parsing a property access",
  })
  void rejects(String source, int offset, String messageStart) {
    ExprParser.Result r = ExprParser.parse(source);
    assertThat(r.expr()).isNull();
    assertThat(r.error().message()).startsWith(messageStart);
    assertThat(r.error().offset()).isEqualTo(offset);
  }

  @Test
  void whitespaceAroundTokensIsSkipped() {
    assertThat(show(ExprParser.parse(" \t a\n ==\r\n 'b' ").expr())).isEqualTo("(a == 'b')");
  }

  @Test
  void offsetsPointAtTheStartOfEachNode() {
    Expr.Logical e = (Expr.Logical) ExprParser.parse("  !a.b ||  f(x, 'y')").expr();
    Expr.Not not = (Expr.Not) e.left();
    Expr.FuncCall call = (Expr.FuncCall) e.right();
    assertThat(e.offset()).isEqualTo(2);
    assertThat(not.operand().offset()).isEqualTo(3);
    assertThat(call.offset()).isEqualTo(11);
    assertThat(call.args().get(1).offset()).isEqualTo(16);
  }

  @Test
  void namesKeepTheirSpellingButCompareWithoutCase() {
    Expr.PropertyAccess p = (Expr.PropertyAccess) ExprParser.parse("GitHub.Event_Name").expr();
    assertThat(p.name()).isEqualTo("Event_Name");
    assertThat(p.lowerName()).isEqualTo("event_name");
    assertThat(((Expr.Variable) p.receiver()).lowerName()).isEqualTo("github");
  }
}
