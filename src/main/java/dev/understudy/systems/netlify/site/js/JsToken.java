package dev.understudy.systems.netlify.site.js;

/**
 * One token of JavaScript or TypeScript source. {@code text} is the source as written; {@code value}
 * is what a literal means: the cooked string of a string or of a template without substitutions
 * ({@code null} for a template with {@code ${}} or a bad escape), a {@link Double} for a number.
 * Lines and columns are 1-based; columns count UTF-16 units, as editors and Node do.
 * {@code newlineBefore}: a line break (in space or a comment) separates it from the token before,
 * which is what automatic semicolon insertion looks at.
 */
public record JsToken(Kind kind, String text, Object value, int line, int column, int start, int end, boolean newlineBefore) {

  public enum Kind { IDENT, PUNCT, STRING, TEMPLATE, NUMBER, REGEX, EOF }

  public boolean is(String punctuatorOrWord) {
    return (kind == Kind.PUNCT || kind == Kind.IDENT) && text.equals(punctuatorOrWord);
  }

  public boolean isIdent() {
    return kind == Kind.IDENT;
  }

  public String where() {
    return line + ":" + column;
  }
}
