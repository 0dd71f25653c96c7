package dev.understudy.systems.actions.expr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplatesTest {

  @Test
  void findsEveryTemplateWithOffsets() {
    String text = "echo ${{ github.sha }} and ${{matrix.os}}!";
    Templates.Scan scan = Templates.scan(text);
    assertThat(scan.errors()).isEmpty();
    assertThat(scan.templates()).containsExactly(
        new Template(5, 8, " github.sha "),
        new Template(27, 30, "matrix.os"));
    assertThat(scan.templates().get(0).end()).isEqualTo(22);
    assertThat(text.substring(scan.templates().get(1).end())).isEqualTo("!");
  }

  @Test
  void closingBracesInsideAStringLiteralDoNotClose() {
    String text = "${{ format('}}{0}', 'it''s }}') }} tail";
    Templates.Scan scan = Templates.scan(text);
    assertThat(scan.errors()).isEmpty();
    assertThat(scan.templates()).singleElement().satisfies(t -> {
      assertThat(t.body()).isEqualTo(" format('}}{0}', 'it''s }}') ");
      assertThat(text.substring(t.end())).isEqualTo(" tail");
    });
    assertThat(ExprParser.parse(scan.templates().get(0).body()).ok()).isTrue();
  }

  @Test
  void jsonInAStringLiteral() {
    Templates.Scan scan = Templates.scan("${{ env.foo == '{\"foo\": {\"bar\": true}}' }}");
    assertThat(scan.templates()).singleElement().extracting(Template::body)
        .isEqualTo(" env.foo == '{\"foo\": {\"bar\": true}}' ");
  }

  @Test
  void unclosedTemplateIsAnError() {
    Templates.Scan scan = Templates.scan("ok ${{ a }} then ${{ b ");
    assertThat(scan.templates()).extracting(Template::body).containsExactly(" a ");
    assertThat(scan.errors()).containsExactly(
        new ExprError(17, "\"${{\" is not closed: expected \"}}\" before the end of the string"));
    assertThat(Templates.scan("${{ 'a}} ").errors()).as("a quote left open hides the }}").hasSize(1);
  }

  @Test
  void textWithoutTemplates() {
    assertThat(Templates.scan("plain $ {{ text }}").templates()).isEmpty();
    assertThat(Templates.containsTemplate("a ${{ b }}")).isTrue();
    assertThat(Templates.containsTemplate("a ${ b }")).isFalse();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiterString = " ~ ", quoteCharacter = '`', value = {
      "`${{ false }}` ~ false",
      "`${{ false }}\n` ~ true",
      "`${{ false }} ` ~ true",
      "` ${{ false }}` ~ true",
      "`${{ false }} && ${{ false }}` ~ true",
      "`# note\n${{ false }}\n` ~ true",
      "`false || true` ~ false",
      "`${{ true && false }}` ~ false",
      "`${{ env.foo == '{\"a\": {\"b\": 1}}' }}` ~ false",
  })
  void ifConditionAlwaysTrue(String value, boolean alwaysTrue) {
    assertThat(IfConditions.isAlwaysTrue(value)).isEqualTo(alwaysTrue);
  }

  @Test
  void ifConditionMessage() {
    assertThat(IfConditions.alwaysTrueMessage("${{ false }}\n")).isEqualTo(
        "if: condition \"${{ false }}\\n\" is always evaluated to true because extra characters are around ${{ }}");
  }
}
