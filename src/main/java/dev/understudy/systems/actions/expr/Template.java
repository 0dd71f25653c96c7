package dev.understudy.systems.actions.expr;

/**
 * One {@code ${{ ... }}} found in a string.
 *
 * @param start offset of {@code $} in {@code ${{}
 * @param bodyStart offset of the first character after {@code ${{}
 * @param body the text between {@code ${{} and the closing {@code }}}, untrimmed
 */
public record Template(int start, int bodyStart, String body) {

  /** Offset just after the closing {@code }}}. */
  public int end() {
    return bodyStart + body.length() + 2;
  }
}
