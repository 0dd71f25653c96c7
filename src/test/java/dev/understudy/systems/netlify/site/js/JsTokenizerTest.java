package dev.understudy.systems.netlify.site.js;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.netlify.site.js.JsToken.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsTokenizerTest {

  private static List<String> texts(String source) {
    return JsTokenizer.tokenize(source).tokens().stream().filter(t -> t.kind() != Kind.EOF).map(JsToken::text).toList();
  }

  private static List<Kind> kinds(String source) {
    return JsTokenizer.tokenize(source).tokens().stream().map(JsToken::kind).toList();
  }

  @Test
  void commentsDisappearAndStringsAndTemplatesAreOneTokenEach() {
    String src = """
        // export const config = { path: "/commented" }
        /* export default () => {} */
        const a = "export const config = {}"; const b = 'it''s'
        const c = `export default ${ { x: "}" } } and ${`nested ${1}`}`
        """;
    assertThat(texts(src)).containsExactly("const", "a", "=", "\"export const config = {}\"", ";", "const", "b", "=",
        "'it'", "'s'", "const", "c", "=", "`export default ${ { x: \"}\" } } and ${`nested ${1}`}`");
    assertThat(JsTokenizer.tokenize(src).issues()).isEmpty();
  }

  @Test
  void valuesAreCooked() {
    List<JsToken> t = JsTokenizer.tokenize("'a\\'b\\n\\u0041\\u{1F600}\\x41' `x\\ty` `a${b}` 0x1F 1_000 .5 1e3 017 10n")
        .tokens();
    assertThat(t.get(0).value()).isEqualTo("a'b\nA\uD83D\uDE00A");
    assertThat(t.get(1).value()).isEqualTo("x\ty");
    assertThat(t.get(2).value()).isNull();
    assertThat(t.subList(3, 9)).extracting(JsToken::value).containsExactly(31.0, 1000.0, 0.5, 1000.0, 15.0, 10.0);
  }

  @Test
  void aSlashIsARegularExpressionWhereAnExpressionStartsAndDivisionAfterAValue() {
    assertThat(kinds("x = /a\\/b[/]c/gi.test(s)")).containsSubsequence(Kind.PUNCT, Kind.REGEX, Kind.PUNCT);
    assertThat(texts("x = /a\\/b[/]c/gi.test(s)")).contains("/a\\/b[/]c/gi");
    assertThat(texts("a = b / c / d")).containsExactly("a", "=", "b", "/", "c", "/", "d");
    assertThat(texts("a = (b) / 2")).contains("/");
    assertThat(texts("if (x) /re/.test(y)")).contains("/re/");
    assertThat(texts("return /re/")).contains("/re/");
    assertThat(texts("}\n/re/.exec(a)")).contains("/re/");
    assertThat(texts("x = {a: 1} / 2")).contains("/");
    // a regular expression holding what looks like a comment or a quote
    assertThat(texts("const r = /'\\/\\/\"/; const config = {}")).containsSubsequence("/'\\/\\/\"/", "config");
  }

  @Test
  void positionsAreOneBasedAndLineBreaksAreRecorded() {
    List<JsToken> t = JsTokenizer.tokenize("a\n  /* x\n */ b\r\n\tc").tokens();
    assertThat(t.get(1).where()).isEqualTo("3:5");
    assertThat(t.get(1).newlineBefore()).isTrue();
    assertThat(t.get(2).where()).isEqualTo("4:2");
    assertThat(JsTokenizer.tokenize("#!/usr/bin/env node\nx").tokens().get(0).where()).isEqualTo("2:1");
  }

  @Test
  void unreadableSourceIsReportedAndReadingGoesOn() {
    JsTokenizer.Result r = JsTokenizer.tokenize("const a = 'open\nconst b = { c: [1, 2) }\n/* never closed");
    assertThat(r.issues()).extracting(JsTokenizer.Issue::message).containsExactly(
        "unterminated string: add the closing '",
        "')' closes '[' opened at 2:16",
        "'}' closes '[' opened at 2:16",
        "unterminated comment: add the closing */");
    assertThat(r.issues().get(0)).isEqualTo(new JsTokenizer.Issue(1, 11, "unterminated string: add the closing '"));
    assertThat(JsTokenizer.tokenize("}").issues()).extracting(JsTokenizer.Issue::message)
        .containsExactly("'}' has no matching '{'");
  }
}
