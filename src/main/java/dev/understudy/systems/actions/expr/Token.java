package dev.understudy.systems.actions.expr;

/** A lexical token of an expression body. */
record Token(Kind kind, String text, int offset) {

  enum Kind {
    END("end of input"),
    IDENT("identifier"),
    STRING("string"),
    INT("integer"),
    FLOAT("float"),
    LPAREN("("),
    RPAREN(")"),
    LBRACKET("["),
    RBRACKET("]"),
    DOT("."),
    NOT("!"),
    LESS("<"),
    LESS_EQ("<="),
    GREATER(">"),
    GREATER_EQ(">="),
    EQ("=="),
    NOT_EQ("!="),
    AND("&&"),
    OR("||"),
    STAR("*"),
    COMMA(",");

    final String display;

    Kind(String display) {
      this.display = display;
    }
  }
}
