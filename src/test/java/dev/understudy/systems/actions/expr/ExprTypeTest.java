package dev.understudy.systems.actions.expr;

import static dev.understudy.systems.actions.expr.ExprType.ANY;
import static dev.understudy.systems.actions.expr.ExprType.BOOL;
import static dev.understudy.systems.actions.expr.ExprType.NULL;
import static dev.understudy.systems.actions.expr.ExprType.NUMBER;
import static dev.understudy.systems.actions.expr.ExprType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExprTypeTest {

  @Test
  void printsAsActionlint() {
    assertThat(ANY).hasToString("any");
    assertThat(NULL).hasToString("null");
    assertThat(NUMBER).hasToString("number");
    assertThat(BOOL).hasToString("bool");
    assertThat(STRING).hasToString("string");
    assertThat(ObjectType.looseEmpty()).hasToString("object");
    assertThat(ObjectType.loose(Map.of("a", STRING))).hasToString("object");
    assertThat(ObjectType.strictEmpty()).hasToString("{}");
    assertThat(ObjectType.strict(Map.of("foo", STRING, "bar", NUMBER))).hasToString("{bar: number; foo: string}");
    assertThat(ObjectType.mapOf(STRING)).hasToString("{string => string}");
    assertThat(new ArrayType(ANY)).hasToString("array<any>");
    assertThat(new ArrayType(ObjectType.strict(Map.of("x", new ArrayType(BOOL)))))
        .hasToString("array<{x: array<bool>}>");
  }

  @Test
  void propertyLookupIgnoresCase() {
    ObjectType o = ObjectType.strict(Map.of("Cache-Hit", STRING));
    assertThat(o.prop("cache-hit")).contains(STRING);
    assertThat(o.prop("CACHE-HIT")).contains(STRING);
    assertThat(o.prop("cache")).isEmpty();
    assertThat(o.withProp("CACHE-HIT", NUMBER).props()).containsOnlyKeys("CACHE-HIT");
  }

  @Test
  void assignability() {
    assertThat(STRING.accepts(NUMBER)).isTrue();
    assertThat(NUMBER.accepts(STRING)).isFalse();
    assertThat(BOOL.accepts(ObjectType.looseEmpty())).isTrue();
    assertThat(NULL.accepts(STRING)).isFalse();
    assertThat(NULL.accepts(ANY)).isTrue();
    assertThat(STRING.accepts(ANY)).isTrue();
    assertThat(STRING.accepts(BOOL)).isFalse();
    assertThat(new ArrayType(STRING).accepts(new ArrayType(NUMBER))).isTrue();
    assertThat(new ArrayType(NUMBER).accepts(new ArrayType(STRING))).isFalse();
    assertThat(new ArrayType(ANY).accepts(STRING)).isFalse();

    ObjectType ab = ObjectType.strict(Map.of("a", STRING, "b", NUMBER));
    ObjectType a = ObjectType.strict(Map.of("a", STRING));
    assertThat(ab.accepts(a)).as("strict accepts a subset").isTrue();
    assertThat(a.accepts(ab)).as("strict rejects unknown props").isFalse();
    assertThat(ObjectType.mapOf(STRING).accepts(ab)).as("map of string takes number props").isTrue();
    assertThat(ObjectType.mapOf(NUMBER).accepts(a)).isFalse();
    assertThat(ab.accepts(ObjectType.mapOf(NUMBER))).as("every declared prop takes a number").isTrue();
    assertThat(a.accepts(ObjectType.mapOf(BOOL))).isFalse();
    assertThat(ObjectType.looseEmpty().accepts(ab)).isTrue();
  }

  @Test
  void merging() {
    assertThat(NUMBER.merge(STRING)).isEqualTo(STRING);
    assertThat(BOOL.merge(STRING)).isEqualTo(STRING);
    assertThat(STRING.merge(BOOL)).isEqualTo(STRING);
    assertThat(NUMBER.merge(BOOL)).isEqualTo(ANY);
    assertThat(NULL.merge(NULL)).isEqualTo(NULL);
    assertThat(NULL.merge(STRING)).isEqualTo(ANY);
    assertThat(STRING.merge(NULL)).isEqualTo(ANY);
    assertThat(ANY.merge(STRING)).isEqualTo(ANY);
    assertThat(new ArrayType(NUMBER).merge(new ArrayType(STRING))).isEqualTo(new ArrayType(STRING));
    assertThat(new ArrayType(NUMBER).merge(new ArrayType(ANY))).isEqualTo(new ArrayType(ANY));
    assertThat(new ArrayType(NUMBER).merge(NUMBER)).isEqualTo(ANY);

    ObjectType a = ObjectType.strict(Map.of("a", NUMBER));
    ObjectType b = ObjectType.strict(Map.of("a", STRING, "b", BOOL));
    assertThat(a.merge(b)).hasToString("{a: string; b: bool}");
    assertThat(ObjectType.looseEmpty().merge(a)).hasToString("object");
    assertThat(a.merge(ObjectType.mapOf(NUMBER))).hasToString("{string => number}");
    assertThat(a.merge(STRING)).isEqualTo(ANY);
  }

  @Test
  void objectArrayOrNull() {
    assertThat(NULL.isObjectArrayOrNull()).isTrue();
    assertThat(new ArrayType(STRING).isObjectArrayOrNull()).isTrue();
    assertThat(ObjectType.mapOf(STRING).isObjectArrayOrNull()).isTrue();
    assertThat(ANY.isObjectArrayOrNull()).isFalse();
    assertThat(STRING.isObjectArrayOrNull()).isFalse();
  }
}
