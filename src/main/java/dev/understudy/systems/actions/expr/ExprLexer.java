package dev.understudy.systems.actions.expr;

/**
 * Splits an expression body into tokens, one at a time. Errors are thrown as {@link
 * SyntaxError}; the parser turns them into an {@link ExprError}.
 */
final class ExprLexer {
  private static final String DIGITS = "'0'..'9'";
  private static final String PUNCT =
      "''', '}', '(', ')', '[', ']', '.', '!', '<', '>', '=', '&', '|', '*', ',', ' '";
  private static final String ANY_START = "'a'..'z', 'A'..'Z', '_', " + DIGITS + ", " + PUNCT;

  static final class SyntaxError extends RuntimeException {
    final int offset;

    SyntaxError(int offset, String message) {
      super(message, null, false, false);
      this.offset = offset;
    }
  }

  private final String src;
  private int pos;

  ExprLexer(String src) {
    this.src = src;
  }

  Token next() {
    while (pos < src.length() && isWhitespace(src.charAt(pos))) pos++;
    if (pos >= src.length()) return new Token(Token.Kind.END, "", pos);
    int start = pos;
    char c = src.charAt(pos);
    if (isLetter(c) || c == '_') return ident(start);
    if (isDigit(c) || c == '-') return number(start);
    return switch (c) {
      case '\'' -> string(start);
      case '(' -> single(Token.Kind.LPAREN, start);
      case ')' -> single(Token.Kind.RPAREN, start);
      case '[' -> single(Token.Kind.LBRACKET, start);
      case ']' -> single(Token.Kind.RBRACKET, start);
      case '.' -> single(Token.Kind.DOT, start);
      case '*' -> single(Token.Kind.STAR, start);
      case ',' -> single(Token.Kind.COMMA, start);
      case '!' -> optionalEq(Token.Kind.NOT, Token.Kind.NOT_EQ, start);
      case '<' -> optionalEq(Token.Kind.LESS, Token.Kind.LESS_EQ, start);
      case '>' -> optionalEq(Token.Kind.GREATER, Token.Kind.GREATER_EQ, start);
      case '=' -> doubled('=', Token.Kind.EQ, "== operator", start);
      case '&' -> doubled('&', Token.Kind.AND, "&& operator", start);
      case '|' -> doubled('|', Token.Kind.OR, "|| operator", start);
      default -> throw unexpected("expression", ANY_START);
    };
  }

  private Token ident(int start) {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (!(isLetter(c) || isDigit(c) || c == '_' || c == '-')) break;
      pos++;
    }
    return token(Token.Kind.IDENT, start);
  }

  /** GitHub's numbers: {@code -12}, {@code 1.5}, {@code 2e-3}, {@code 0xff}. */
  private Token number(int start) {
    if (peek() == '-') pos++;
    if (peek() == '0' && peekAt(pos + 1) == 'x') {
      pos += 2;
      if (!isHexDigit(peek())) throw unexpected("hex integer", DIGITS + ", 'a'..'f', 'A'..'F'");
      while (isHexDigit(peek())) pos++;
      if (isLetter(peek()) || isDigit(peek())) {
        throw unexpected("character following hex integer " + src.substring(start, pos), PUNCT);
      }
      return token(Token.Kind.INT, start);
    }
    if (!isDigit(peek())) throw unexpected("integer part of number", DIGITS);
    boolean leadingZero = peek() == '0';
    pos++;
    if (!leadingZero) while (isDigit(peek())) pos++;
    Token.Kind kind = Token.Kind.INT;
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) throw unexpected("fraction part of float number", DIGITS);
      while (isDigit(peek())) pos++;
      kind = Token.Kind.FLOAT;
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '-' || peek() == '+') pos++;
      if (!isDigit(peek())) throw unexpected("exponent part of float number", DIGITS);
      while (isDigit(peek())) pos++;
      kind = Token.Kind.FLOAT;
    }
    if (isLetter(peek()) || isDigit(peek())) {
      throw unexpected("character following number " + src.substring(start, pos), PUNCT);
    }
    return token(kind, start);
  }

  private Token string(int start) {
    pos++; // opening quote
    while (true) {
      if (pos >= src.length()) throw unexpected("end of string literal", "'''");
      if (src.charAt(pos++) == '\'') {
        if (peek() != '\'') return token(Token.Kind.STRING, start);
        pos++; // '' is an escaped quote
      }
    }
  }

  private Token single(Token.Kind kind, int start) {
    pos++;
    return token(kind, start);
  }

  private Token optionalEq(Token.Kind alone, Token.Kind withEq, int start) {
    pos++;
    if (peek() == '=') {
      pos++;
      return token(withEq, start);
    }
    return token(alone, start);
  }

  private Token doubled(char c, Token.Kind kind, String what, int start) {
    pos++;
    if (peek() != c) throw unexpected(what, "'" + c + "'");
    pos++;
    return token(kind, start);
  }

  private Token token(Token.Kind kind, int start) {
    return new Token(kind, src.substring(start, pos), start);
  }

  private SyntaxError unexpected(String where, String expected) {
    String what;
    String note = "";
    if (pos >= src.length()) {
      what = "end of input";
    } else {
      char c = src.charAt(pos);
      what = "character '" + (c == '\'' ? "\\'" : String.valueOf(c)) + "'";
      if (c == '"') {
        note = ". do you mean string literals? only single quotes are available for string delimiter";
      }
    }
    return new SyntaxError(
        pos, "got unexpected " + what + " while lexing " + where + ", expecting " + expected + note);
  }

  private char peek() {
    return peekAt(pos);
  }

  private char peekAt(int i) {
    return i < src.length() ? src.charAt(i) : '\0';
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
