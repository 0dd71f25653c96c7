package dev.understudy.systems.netlify.site.js;

import dev.understudy.systems.netlify.site.js.JsToken.Kind;
import dev.understudy.systems.netlify.site.js.JsValue.Entry;
import dev.understudy.systems.netlify.site.js.JsValue.KeyKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one expression at the cursor into a {@link JsValue}: literals, objects and arrays exactly,
 * functions, calls of plain names and TypeScript's {@code as}/{@code satisfies} by their shape, and
 * anything longer ({@code "a" + b}, {@code x.y}) as {@link JsValue.Other}. Stops before the
 * {@code , ; ) ] }} or line break that ends the expression.
 */
final class ExpressionReader {
  private static final Set<String> ARROW_RETURN_TYPE_STOPS = Set.of("=>", "=");
  private static final Set<String> FUNCTION_RETURN_TYPE_STOPS = Set.of("{");
  private static final Set<String> ACCESSOR_WORDS = Set.of("get", "set", "async");
  private static final Set<String> NOT_VALUES = Set.of("new", "typeof", "void", "delete", "await", "yield", "this",
      "super", "import");

  private final TokenCursor c;

  ExpressionReader(TokenCursor cursor) {
    this.c = cursor;
  }

  JsValue expression() {
    JsToken first = c.peek();
    JsValue v = primary();
    while (v != null && !c.atExpressionEnd()) {
      JsToken t = c.peek();
      if ((t.is("as") || t.is("satisfies")) && !t.newlineBefore()) {
        c.next();
        c.skipType(Set.of());
        v = new JsValue.TypeAssertion(v, t.text(), first.line(), first.column());
      } else if (t.is("!") && !t.newlineBefore() && !c.peek(1).is("=")) { // TypeScript's non-null assertion
        c.next();
        v = other("an expression", first);
      } else {
        v = null;
      }
    }
    if (v == null) {
      c.skipExpression();
      return other("an expression", first);
    }
    return v;
  }

  /** The value of the next simple expression, or null when it is something longer (the caller skips it). */
  private JsValue primary() {
    JsToken t = c.peek();
    int line = t.line(), col = t.column();
    switch (t.kind()) {
      case STRING:
        c.next();
        return t.value() == null ? other("a string with a bad escape", t) : new JsValue.Str((String) t.value(), line, col);
      case TEMPLATE:
        c.next();
        return new JsValue.Template(Optional.ofNullable((String) t.value()), line, col);
      case NUMBER:
        c.next();
        return t.value() == null ? other("a malformed number", t) : new JsValue.Num((Double) t.value(), line, col);
      case REGEX:
        c.next();
        return other("a regular expression", t);
      case IDENT:
        return word(t);
      case PUNCT:
        return punctuated(t);
      default:
        return null;
    }
  }

  private JsValue punctuated(JsToken t) {
    switch (t.text()) {
      case "{":
        return object();
      case "[":
        return array();
      case "(":
        return parenthesized();
      case "!":
        // Minifiers write true and false as !0 and !1; Netlify reads those as booleans.
        if (c.peek(1).kind() == Kind.NUMBER && c.peek(1).value() != null) {
          c.next();
          double n = (Double) c.next().value();
          return new JsValue.Bool(n == 0, t.line(), t.column());
        }
        return null;
      default:
        return null;
    }
  }

  private JsValue word(JsToken t) {
    int line = t.line(), col = t.column();
    switch (t.text()) {
      case "true", "false" -> {
        c.next();
        return new JsValue.Bool(t.text().equals("true"), line, col);
      }
      case "null" -> {
        c.next();
        return new JsValue.Null(line, col);
      }
      case "function" -> {
        skipFunction();
        return new JsValue.Func(line, col);
      }
      case "class" -> {
        skipClass();
        return other("a class", t);
      }
      case "async" -> {
        JsToken n = c.peek(1);
        if (!n.newlineBefore() && n.is("function")) {
          c.next();
          skipFunction();
          return new JsValue.Func(line, col);
        }
        if (!n.newlineBefore() && n.isIdent() && c.peek(2).is("=>")) {
          c.next();
          c.next();
          arrowBody();
          return new JsValue.Func(line, col);
        }
        if (!n.newlineBefore() && n.is("(") && arrowAfterParen(c.mark() + 1)) {
          c.next();
          arrowFromParen();
          return new JsValue.Func(line, col);
        }
      }
      default -> { }
    }
    if (NOT_VALUES.contains(t.text())) return null;
    c.next();
    JsToken n = c.peek();
    if (n.is("=>") && !n.newlineBefore()) {
      arrowBody();
      return new JsValue.Func(line, col);
    }
    if (n.is("(")) return call(t);
    return new JsValue.Ident(t.text(), line, col);
  }

  private JsValue call(JsToken callee) {
    c.next(); // (
    List<JsValue> args = items(")", false);
    if (args == null) return other("a call", callee);
    return new JsValue.Call(callee.text(), args, callee.line(), callee.column());
  }

  /**
   * After an opening bracket: the comma-separated items up to {@code close} (consumed), a spread or
   * (where {@code holes}) an empty slot as {@link JsValue.Other}; null, past {@code close}, when
   * something else stands between two items.
   */
  private List<JsValue> items(String close, boolean holes) {
    List<JsValue> items = new ArrayList<>();
    while (!c.eof() && !c.peek().is(close)) {
      JsToken t = c.peek();
      if (holes && t.is(",")) {
        items.add(other("a hole", t));
        c.next();
        continue;
      }
      if (t.is("...")) {
        c.next();
        c.skipExpression();
        items.add(other("a spread", t));
      } else {
        items.add(expression());
      }
      if (!c.accept(",") && !c.peek().is(close)) {
        skipToClose(close);
        return null;
      }
    }
    c.accept(close);
    return List.copyOf(items);
  }

  private JsValue parenthesized() {
    JsToken open = c.peek();
    if (arrowAfterParen(c.mark())) {
      arrowFromParen();
      return new JsValue.Func(open.line(), open.column());
    }
    int close = c.matching(c.mark());
    c.next();
    JsValue inner = expression();
    if (c.peek().is(")") && c.mark() == close) {
      c.next();
      return inner;
    }
    c.reset(close);
    c.accept(")");
    return other("an expression", open);
  }

  /** Whether the parenthesis at token {@code open} starts an arrow function's parameters. */
  private boolean arrowAfterParen(int open) {
    int close = c.matching(open);
    JsToken after = c.at(close + 1);
    if (after.is("=>")) return true;
    if (!after.is(":")) return false;
    // (a): Type => ...   versus   cond ? (a) : b
    int mark = c.mark();
    try {
      c.reset(close + 2);
      c.skipType(ARROW_RETURN_TYPE_STOPS);
      return c.peek().is("=>");
    } finally {
      c.reset(mark);
    }
  }

  private void arrowFromParen() {
    c.skipGroup();
    if (c.accept(":")) c.skipType(ARROW_RETURN_TYPE_STOPS);
    if (c.peek().is("=>")) arrowBody();
  }

  /** At {@code =>}: skips it and the body. */
  private void arrowBody() {
    c.accept("=>");
    if (c.peek().is("{")) c.skipGroup();
    else expression();
  }

  /** At {@code function}: skips {@code function* name<T>(params): Type { body }}. */
  void skipFunction() {
    c.next();
    c.accept("*");
    while (!c.eof() && !c.peek().is("(") && !c.peek().is("{")) c.next();
    if (c.peek().is("(")) c.skipGroup();
    if (c.accept(":")) c.skipType(FUNCTION_RETURN_TYPE_STOPS);
    if (c.peek().is("{")) c.skipGroup();
  }

  /** At {@code class}: skips {@code class Name extends Base { body }}. */
  void skipClass() {
    c.next();
    while (!c.eof() && !c.peek().is("{")) {
      if (TokenCursor.opens(c.peek())) c.skipGroup();
      else c.next();
    }
    if (c.peek().is("{")) c.skipGroup();
  }

  private JsValue array() {
    JsToken open = c.next();
    List<JsValue> elements = items("]", true);
    if (elements == null) return other("an array expression", open);
    return new JsValue.Arr(elements, open.line(), open.column());
  }

  private JsValue object() {
    JsToken open = c.next();
    List<Entry> entries = new ArrayList<>();
    while (!c.eof() && !c.peek().is("}")) {
      Entry e = entry();
      if (e != null) entries.add(e);
      if (!c.accept(",") && !c.peek().is("}")) {
        // Something we do not read (a decorator, a TypeScript oddity): skip to the next entry.
        while (!c.eof() && !c.peek().is(",") && !c.peek().is("}")) {
          if (TokenCursor.opens(c.peek())) c.skipGroup();
          else c.next();
        }
        c.accept(",");
      }
    }
    c.accept("}");
    return new JsValue.Obj(List.copyOf(entries), open.line(), open.column());
  }

  private Entry entry() {
    JsToken start = c.peek();
    if (start.is("...")) {
      c.next();
      c.skipExpression();
      return new Entry(null, KeyKind.SPREAD, other("a spread", start), false, start.line(), start.column());
    }
    boolean method = false;
    // get x() {}, async x() {}, *x() {}: a modifier is a word followed by a key, not by ( : , } =
    while (c.peek().isIdent() && ACCESSOR_WORDS.contains(c.peek().text()) && isKeyStart(c.peek(1))
        && !c.peek(1).newlineBefore()) {
      c.next();
      method = true;
    }
    if (c.accept("*")) method = true;
    JsToken keyToken = c.peek();
    String key;
    KeyKind kind;
    if (keyToken.isIdent()) {
      key = keyToken.text();
      kind = KeyKind.IDENTIFIER;
      c.next();
    } else if (keyToken.kind() == Kind.STRING) {
      key = (String) keyToken.value();
      kind = KeyKind.STRING;
      c.next();
    } else if (keyToken.kind() == Kind.NUMBER) {
      key = keyToken.text();
      kind = KeyKind.NUMBER;
      c.next();
    } else if (keyToken.is("[")) {
      key = null;
      kind = KeyKind.COMPUTED;
      c.skipGroup();
    } else {
      return null;
    }
    c.accept("?"); // TypeScript's optional method
    JsValue value;
    if (c.peek().is("(") || c.peek().is("<")) {
      method = true;
      while (!c.eof() && !c.peek().is("(")) c.next();
      c.skipGroup();
      if (c.accept(":")) c.skipType(FUNCTION_RETURN_TYPE_STOPS);
      if (c.peek().is("{")) c.skipGroup();
      value = new JsValue.Func(keyToken.line(), keyToken.column());
    } else if (c.accept(":")) {
      value = expression();
    } else if (kind == KeyKind.IDENTIFIER && (c.peek().is(",") || c.peek().is("}"))) {
      value = new JsValue.Ident(key, keyToken.line(), keyToken.column()); // shorthand {handler}
    } else {
      return null;
    }
    return new Entry(key, kind, value, method, keyToken.line(), keyToken.column());
  }

  private static boolean isKeyStart(JsToken t) {
    return t.isIdent() || t.kind() == Kind.STRING || t.kind() == Kind.NUMBER || t.is("[") || t.is("*");
  }

  private void skipToClose(String close) {
    while (!c.eof() && !c.peek().is(close)) {
      if (TokenCursor.opens(c.peek())) c.skipGroup();
      else c.next();
    }
    c.accept(close);
  }

  private static JsValue other(String what, JsToken at) {
    return new JsValue.Other(what, at.line(), at.column());
  }
}
