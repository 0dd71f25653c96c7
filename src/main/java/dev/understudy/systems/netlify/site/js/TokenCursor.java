package dev.understudy.systems.netlify.site.js;

import dev.understudy.systems.netlify.site.js.JsToken.Kind;
import java.util.List;
import java.util.Set;

/**
 * A position in a token list, with the moves a reader that skips what it does not understand needs:
 * skip a bracketed group, an expression, a statement, or a TypeScript type, ending where
 * JavaScript's automatic semicolon insertion would.
 */
final class TokenCursor {
  /** Words after which an expression is not complete ({@code a in}, {@code typeof}). */
  private static final Set<String> OPERATOR_WORDS = Set.of("in", "instanceof", "typeof", "new", "delete", "void",
      "return", "throw", "case", "await", "yield", "extends", "of", "as", "satisfies", "keyof");
  private static final Set<String> CONTINUING_WORDS = Set.of("in", "instanceof");
  /** Punctuators that, first on a line, start a new statement rather than continue the last one. */
  private static final Set<String> STATEMENT_STARTS = Set.of("{", "!", "~", "++", "--", "@", "#", ";");

  private final List<JsToken> tokens;
  private int index;

  TokenCursor(List<JsToken> tokens) {
    this.tokens = tokens;
  }

  JsToken peek() {
    return peek(0);
  }

  JsToken peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  JsToken next() {
    JsToken t = peek();
    if (index < tokens.size() - 1) index++;
    return t;
  }

  boolean eof() {
    return peek().kind() == Kind.EOF;
  }

  int mark() {
    return index;
  }

  void reset(int mark) {
    index = mark;
  }

  /** Consumes the next token if it is {@code text}. */
  boolean accept(String text) {
    if (!peek().is(text)) return false;
    next();
    return true;
  }

  /** The index of the bracket that closes the one at {@code from}, or of EOF. */
  int matching(int from) {
    int depth = 0;
    for (int i = from; i < tokens.size(); i++) {
      JsToken t = tokens.get(i);
      if (opens(t)) depth++;
      else if (closes(t) && --depth == 0) return i;
      if (t.kind() == Kind.EOF) return i;
    }
    return tokens.size() - 1;
  }

  /** At an opening bracket: moves past its closing one. */
  void skipGroup() {
    index = Math.min(matching(index) + 1, tokens.size() - 1);
  }

  JsToken at(int i) {
    return tokens.get(Math.min(i, tokens.size() - 1));
  }

  /** Whether the expression read so far ends before the next token. */
  boolean atExpressionEnd() {
    JsToken t = peek();
    if (t.kind() == Kind.EOF) return true;
    if (t.kind() == Kind.PUNCT && (t.is(",") || t.is(";") || t.is(")") || t.is("]") || t.is("}"))) return true;
    return index > 0 && statementBreak(tokens.get(index - 1), t);
  }

  /** Skips the rest of an expression: up to, not over, a {@code , ; ) ] }} at this depth or a statement break. */
  void skipExpression() {
    while (!atExpressionEnd()) {
      if (opens(peek())) skipGroup();
      else next();
    }
  }

  /** Skips to the end of the statement, over its {@code ;}. */
  void skipStatement() {
    boolean first = true;
    while (!eof()) {
      JsToken t = peek();
      if (!first && statementBreak(tokens.get(index - 1), t)) return;
      first = false;
      if (t.is(";")) {
        next();
        return;
      }
      if (opens(t)) skipGroup();
      else next();
    }
  }

  /** After a statement: its {@code ;} if any; anything else up to the next statement is skipped. */
  void endStatement() {
    if (accept(";") || eof()) return;
    if (index > 0 && statementBreak(tokens.get(index - 1), peek())) return;
    skipStatement();
  }

  /**
   * Skips a TypeScript type up to, not over, one of {@code stops} at depth 0 (or a {@code , ; ) ] }},
   * a statement break, or EOF). Angle brackets count as brackets here: in a type they always pair.
   */
  void skipType(Set<String> stops) {
    int angles = 0;
    boolean first = true;
    while (!eof()) {
      JsToken t = peek();
      if (angles == 0 && t.kind() == Kind.PUNCT && stops.contains(t.text())) return;
      if (angles == 0 && !first && (t.is(",") || t.is(";") || t.is(")") || t.is("]") || t.is("}")
          || statementBreak(tokens.get(index - 1), t))) return;
      first = false;
      if (t.is("<")) angles++;
      else if (t.is(">") && angles > 0) angles--;
      else if (t.is(">>") && angles > 0) angles = Math.max(0, angles - 2);
      if (opens(t)) skipGroup();
      else next();
    }
  }

  /** Automatic semicolon insertion: a line break between a complete expression and a token that cannot continue it. */
  static boolean statementBreak(JsToken prev, JsToken next) {
    return next.newlineBefore() && endsExpression(prev) && !continues(next);
  }

  private static boolean endsExpression(JsToken t) {
    return switch (t.kind()) {
      case IDENT -> !OPERATOR_WORDS.contains(t.text());
      case STRING, TEMPLATE, NUMBER, REGEX -> true;
      case PUNCT -> t.is(")") || t.is("]") || t.is("}") || t.is("++") || t.is("--");
      case EOF -> false;
    };
  }

  private static boolean continues(JsToken t) {
    return switch (t.kind()) {
      case IDENT -> CONTINUING_WORDS.contains(t.text());
      case TEMPLATE -> true; // a tagged template
      case PUNCT -> !STATEMENT_STARTS.contains(t.text());
      default -> false;
    };
  }

  static boolean opens(JsToken t) {
    return t.kind() == Kind.PUNCT && (t.is("(") || t.is("[") || t.is("{"));
  }

  static boolean closes(JsToken t) {
    return t.kind() == Kind.PUNCT && (t.is(")") || t.is("]") || t.is("}"));
  }
}
