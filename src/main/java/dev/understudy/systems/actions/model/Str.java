package dev.understudy.systems.actions.model;

import java.util.function.IntFunction;

/**
 * A string of the workflow with its place: {@code pos} is where the value starts in the file and
 * {@link #posAt(int)} maps an offset into {@code value} back to the file, across quotes and the
 * lines of a {@code |} block.
 */
public record Str(String value, Pos pos, boolean quoted, IntFunction<Pos> locator) {

  public Str(String value, Pos pos) {
    this(value, pos, false, null);
  }

  /** Where the character at {@code offset} of the value sits in the file. */
  public Pos posAt(int offset) {
    if (locator != null) return locator.apply(offset);
    return pos.plus(offset + (quoted ? 1 : 0));
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** Whether the value holds at least one {@code ${{ }}} template. */
  public boolean containsExpression() {
    int i = value.indexOf("${{");
    return i >= 0 && value.indexOf("}}", i) >= 0;
  }

  /** Whether the whole value is one {@code ${{ ... }}} template, as in {@code if: ${{ x }}}. */
  public boolean isExpression() {
    return isOneExpression(value);
  }

  /** Whether {@code s}, trimmed, is exactly one {@code ${{ ... }}} and nothing else. */
  public static boolean isOneExpression(String s) {
    String v = s.strip();
    return v.startsWith("${{") && v.endsWith("}}") && v.indexOf("${{", 3) < 0;
  }

  @Override
  public String toString() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Str s && s.value.equals(value) && s.pos.equals(pos);
  }

  @Override
  public int hashCode() {
    return value.hashCode() * 31 + pos.hashCode();
  }
}
