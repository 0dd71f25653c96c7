package dev.understudy.systems.actions.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

  private static Object eval(String body) {
    return ExprEvaluator.evaluate(body, EvalContext.builder().build());
  }

  /** GitHub's documented coercion and comparison examples, plus the edges around them. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      null == 0            | true
      null == ''           | true
      null == false        | true
      null == null         | true
      '' == 0              | true
      '' == false          | true
      'abc' == 'ABC'       | true
      'abc' != 'ABC'       | false
      'abc' == 'abd'       | false
      '0x10' == 16         | true
      '0o17' == 15         | true
      ' 12 ' == 12         | true
      '1e3' == 1000        | true
      '.5' == 0.5          | true
      '+3' == 3            | true
      '12px' == 12         | false
      'true' == true       | false
      '1' == true          | true
      true == 1            | true
      false == 0           | true
      true == 2            | false
      true == 'true'       | false
      1 == 1.0             | true
      -0 == 0              | true
      fromJSON('NaN') == fromJSON('NaN') | false
      'abc' == 'abc' && 'x' != 'X' | false
      'a' < 'b'            | true
      'B' > 'a'            | true
      'a' < '_'            | true
      'abc' <= 'ABC'       | true
      2 < 10               | true
      '2' < '10'           | false
      '2' < 10             | true
      null < 1             | true
      null <= null         | true
      null < null          | false
      false < true         | true
      true >= true         | true
      'abc' < 1            | false
      'abc' >= 1           | false
      'abc' != 1           | true
      1 >= 1               | true
      fromJSON('{}') == fromJSON('{}') | false
      fromJSON('[]') == fromJSON('[]') | false
      fromJSON('[]') == 0  | false
      fromJSON('{}') == null | false
      fromJSON('[]') < 1   | false
      """)
  void comparisonsAndCoercion(String expr, boolean expected) {
    assertThat(eval(expr)).isEqualTo(expected);
  }

  @Test
  void containersAreEqualOnlyToThemselves() {
    Map<String, Object> obj = new CaseInsensitiveMap(Map.of("a", 1.0));
    List<Object> arr = new ArrayList<>(List.of(1.0));
    assertThat(Values.looseEquals(obj, obj)).isTrue();
    assertThat(Values.looseEquals(arr, arr)).isTrue();
    assertThat(Values.looseEquals(obj, new CaseInsensitiveMap(Map.of("a", 1.0)))).isFalse();
    assertThat(Values.lessOrEqual(arr, arr)).isTrue();
    assertThat(Values.lessThan(arr, arr)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      false     | false
      true      | true
      0         | false
      -0        | false
      0.0       | false
      1         | true
      -1        | true
      ''        | false
      'a'       | true
      '0'       | true
      'false'   | true
      null      | false
      fromJSON('NaN') | false
      fromJSON('[]')  | true
      fromJSON('{}')  | true
      """)
  void truthiness(String expr, boolean truthy) {
    assertThat(Values.isTruthy(eval(expr))).isEqualTo(truthy);
    assertThat(eval("!(" + expr + ")")).isEqualTo(!truthy);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ''          | 0
      '   '       | 0
      ' 12 '      | 12
      '-1.5'      | -1.5
      '+2'        | 2
      '1e3'       | 1000
      '1E-2'      | 0.01
      '.5'        | 0.5
      '5.'        | 5
      '0x1A'      | 26
      '0x1a'      | 26
      '0xFFFFFFFF'| -1
      '0o17'      | 15
      'Infinity'  | Infinity
      '-Infinity' | -Infinity
      """)
  void stringsToNumbers(String quoted, double expected) {
    assertThat(Values.parseNumber(quoted.substring(1, quoted.length() - 1))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "12px", "0x", "0x1G", "0x100000000", "1,000", "0X1A", "infinity", "1e", "--1", "0b101"})
  void notNumbersAreNaN(String s) {
    assertThat(Values.parseNumber(s)).isNaN();
  }

  @Test
  void otherKindsToNumbers() {
    assertThat(Values.toNumber(null)).isZero();
    assertThat(Values.toNumber(true)).isEqualTo(1);
    assertThat(Values.toNumber(false)).isZero();
    assertThat(Values.toNumber(7)).isEqualTo(7); // any Number
    assertThat(Values.toNumber(List.of())).isNaN();
    assertThat(Values.toNumber(Map.of())).isNaN();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      0                    | 0
      -0.0                 | 0
      1                    | 1
      -7                   | -7
      1.5                  | 1.5
      0.1                  | 0.1
      100                  | 100
      123456789012345      | 123456789012345
      999999999999999      | 999999999999999
      1000000000000000     | 1E+15
      1234567890123456789  | 1.23456789012346E+18
      1.7976931348623157E308 | 1.79769313486232E+308
      0.0001               | 0.0001
      0.00001              | 1E-05
      0.000015             | 1.5E-05
      -0.00001             | -1E-05
      0.3333333333333333   | 0.333333333333333
      0.30000000000000004  | 0.3
      2.5E-7               | 2.5E-07
      1E100                | 1E+100
      """)
  void numbersPrintAsGitHubDoes(double d, String expected) {
    assertThat(Values.formatNumber(d)).isEqualTo(expected);
  }

  @Test
  void specialNumbers() {
    assertThat(Values.formatNumber(Double.NaN)).isEqualTo("NaN");
    assertThat(Values.formatNumber(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    assertThat(Values.formatNumber(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    assertThat(eval("format('{0}', 0.1 == 0.1)")).isEqualTo("true");
    assertThat(eval("format('{0}', 3)")).isEqualTo("3");
  }

  @Test
  void templateStrings() {
    assertThat(Values.toStringForTemplate(null)).isEqualTo("");
    assertThat(Values.toStringForTemplate(true)).isEqualTo("true");
    assertThat(Values.toStringForTemplate(false)).isEqualTo("false");
    assertThat(Values.toStringForTemplate(42.0)).isEqualTo("42");
    assertThat(Values.toStringForTemplate("x")).isEqualTo("x");
    Map<String, Object> obj = new CaseInsensitiveMap();
    obj.put("name", "a");
    obj.put("list", List.of(1.0, "two", List.of()));
    obj.put("empty", new CaseInsensitiveMap());
    obj.put("none", null);
    assertThat(Values.toStringForTemplate(obj)).isEqualTo("""
        {
          "name": "a",
          "list": [
            1,
            "two",
            []
          ],
          "empty": {},
          "none": null
        }""");
    // Functions see containers by kind name, as GitHub's format() and join() do.
    assertThat(Values.coerceToString(obj)).isEqualTo("Object");
    assertThat(Values.coerceToString(List.of())).isEqualTo("Array");
  }

  @Test
  void jsonStringsAreEscaped() {
    assertThat(Values.toJson("a\"b\\c\nd\te\u0001\u2028")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\\u2028\"");
    assertThat(Values.toJson("é/<>")).isEqualTo("\"é/<>\"");
  }

  @Test
  void caseInsensitiveMapKeepsFirstSpellingAndOrder() {
    CaseInsensitiveMap m = new CaseInsensitiveMap();
    m.put("Zeta", 1.0);
    m.put("alpha", 2.0);
    m.put("ZETA", 3.0);
    assertThat(m).hasSize(2);
    assertThat(m.get("zeta")).isEqualTo(3.0);
    assertThat(m.containsKey("ALPHA")).isTrue();
    assertThat(m.keySet()).containsExactly("Zeta", "alpha");
    assertThat(m.remove("zEtA")).isEqualTo(3.0);
    assertThat(m.keySet()).containsExactly("alpha");
    assertThatThrownBy(() -> m.put(null, 1.0)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void plainMapsAreLookedUpIgnoringCase() {
    Map<String, Object> plain = new LinkedHashMap<>();
    plain.put("Event_Name", "push");
    assertThat(Values.property(plain, "event_name")).isEqualTo("push");
    assertThat(Values.property(plain, "EVENT_NAME")).isEqualTo("push");
    assertThat(Values.property(plain, "other")).isNull();
    assertThat(Values.property("not an object", "length")).isNull();
  }

  @Test
  void normalizeMakesCanonicalValues() {
    Object v = Values.normalize(Map.of("n", 3, "l", List.of(1L, "x"), "nested", Map.of("B", true)));
    assertThat(v).isInstanceOf(CaseInsensitiveMap.class);
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat(m.get("N")).isEqualTo(3.0);
    assertThat(m.get("l")).isEqualTo(List.of(1.0, "x"));
    assertThat(Values.property(m.get("nested"), "b")).isEqualTo(true);
  }
}
