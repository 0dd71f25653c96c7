package dev.understudy.systems.netlify.site.js;

import dev.understudy.systems.netlify.site.js.JsToken.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits JavaScript or TypeScript source into tokens, skipping comments, so that a config written
 * inside a comment, a string, a template or a regular expression never looks like code. Templates
 * come out as one token each (what their {@code ${}} hold is tokenized and dropped). Whether a
 * {@code /} starts a regular expression or divides is decided from the token before, as a parser
 * would in nearly every real file. Never throws: what it cannot read (an unterminated string, a
 * bracket closed by the wrong one) is an {@link Issue}, and reading goes on.
 *
 * <pre>{@code
 * JsTokenizer.Result r = JsTokenizer.tokenize("export const config = { path: '/a' } // { path: '/b' }");
 * r.tokens().size();   // 11 tokens, the last one EOF
 * }</pre>
 */
public final class JsTokenizer {

  /** Something the tokenizer could not read, at a 1-based line and column. */
  public record Issue(int line, int column, String message) {}

  public record Result(List<JsToken> tokens, List<Issue> issues) {}

  private static final String[] PUNCTUATORS = {
    ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
    "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
    "^=", "**", "<<", ">>",
  };
  private static final String SINGLE_PUNCTUATORS = "{}()[];,<>+-*/%&|^!~?:=.@#";
  /** After these words an expression starts, so a {@code /} begins a regular expression. */
  private static final Set<String> EXPRESSION_KEYWORDS = Set.of("return", "typeof", "instanceof", "in", "of", "new",
      "delete", "void", "throw", "case", "do", "else", "yield", "await", "extends");
  private static final Set<String> CONTROL_KEYWORDS = Set.of("if", "while", "for", "with");

  private final String src;
  private final int[] lineStarts;
  private final List<Issue> issues = new ArrayList<>();
  /** Open brackets: the token that opened each, and for braces whether it opened a block. */
  private final Deque<Open> open = new ArrayDeque<>();
  /** What each closing bracket closed, for {@link #regexAllowed}. */
  private final Map<JsToken, Open> closed = new IdentityHashMap<>();
  private int pos;
  private boolean newline;

  private record Open(JsToken token, boolean block, boolean afterControl) {}

  private JsTokenizer(String src) {
    this.src = src;
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int i = 0; i < src.length(); i++) {
      char c = src.charAt(i);
      if (c == '\n' || c == '\u2028' || c == '\u2029' || (c == '\r' && (i + 1 >= src.length() || src.charAt(i + 1) != '\n'))) {
        starts.add(i + 1);
      }
    }
    lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  public static Result tokenize(String source) {
    JsTokenizer t = new JsTokenizer(source);
    List<JsToken> out = new ArrayList<>();
    t.skipHashbang();
    t.scan(out, false);
    for (Open o : t.open) {
      t.issue(o.token.start(), "'" + o.token.text() + "' is never closed");
    }
    return new Result(List.copyOf(out), List.copyOf(t.issues));
  }

  private void skipHashbang() {
    if (src.startsWith("#!")) {
      while (pos < src.length() && !isLineTerminator(src.charAt(pos))) pos++;
    }
  }

  /**
   * Reads tokens into {@code out} until the end, or (inside a template's {@code ${}}) until the
   * {@code }} that closes the substitution, which it consumes.
   */
  private void scan(List<JsToken> out, boolean inSubstitution) {
    int depthAtStart = open.size();
    JsToken prev = null;
    while (true) {
      skipSpaceAndComments();
      if (pos >= src.length()) {
        if (!inSubstitution) out.add(token(Kind.EOF, pos, pos, null));
        return;
      }
      char c = src.charAt(pos);
      int start = pos;
      JsToken t;
      if (inSubstitution && c == '}' && open.size() == depthAtStart) {
        pos++;
        return;
      }
      if (c == '"' || c == '\'') {
        t = string(c);
      } else if (c == '`') {
        t = template();
      } else if (isDigit(c) || (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
        t = number();
      } else if (isIdentifierStart(c) || c == '\\') {
        t = identifier();
      } else if (c == '/' && regexAllowed(prev)) {
        t = regex();
      } else {
        t = punctuator(prev);
      }
      newline = false;
      if (t == null) {
        pos = Math.max(pos, start + 1);
        continue;
      }
      out.add(t);
      prev = t;
    }
  }

  private JsToken punctuator(JsToken prev) {
    int start = pos;
    String text = null;
    for (String p : PUNCTUATORS) {
      if (src.startsWith(p, pos)) {
        // "a?.5:b" is a conditional, not optional chaining
        if (p.equals("?.") && pos + 2 < src.length() && isDigit(src.charAt(pos + 2))) continue;
        text = p;
        break;
      }
    }
    if (text == null) {
      char c = src.charAt(pos);
      if (SINGLE_PUNCTUATORS.indexOf(c) < 0) {
        issue(pos, "unexpected character '" + c + "'");
        pos++;
        return null;
      }
      text = String.valueOf(c);
    }
    pos += text.length();
    JsToken t = token(Kind.PUNCT, start, pos, null);
    switch (text) {
      case "(" -> open.push(new Open(t, false, prev != null && prev.isIdent() && CONTROL_KEYWORDS.contains(prev.text())));
      case "[" -> open.push(new Open(t, false, false));
      case "{" -> open.push(new Open(t, braceOpensBlock(prev), false));
      case ")", "]", "}" -> close(t);
      default -> { }
    }
    return t;
  }

  private void close(JsToken t) {
    String expected = switch (t.text()) {
      case ")" -> "(";
      case "]" -> "[";
      default -> "{";
    };
    if (open.isEmpty()) {
      issue(t.start(), "'" + t.text() + "' has no matching '" + expected + "'");
      return;
    }
    Open o = open.peek();
    if (!o.token.text().equals(expected)) {
      issue(t.start(), "'" + t.text() + "' closes '" + o.token.text() + "' opened at " + o.token.where());
      // Only drop the open bracket when the one we expected is further down: a stray closer leaves it.
      if (open.stream().noneMatch(x -> x.token.text().equals(expected))) return;
      while (!open.isEmpty() && !open.peek().token.text().equals(expected)) open.pop();
      if (open.isEmpty()) return;
      o = open.peek();
    }
    open.pop();
    closed.put(t, o);
  }

  private static boolean braceOpensBlock(JsToken prev) {
    if (prev == null) return true;
    if (prev.kind() == Kind.IDENT) return !EXPRESSION_KEYWORDS.contains(prev.text()) || prev.text().equals("else")
        || prev.text().equals("do") || prev.text().equals("extends");
    if (prev.kind() != Kind.PUNCT) return false;
    return switch (prev.text()) {
      case ";", "{", "}", ")", "=>", ">" -> true;
      default -> false;
    };
  }

  private boolean regexAllowed(JsToken prev) {
    if (prev == null) return true;
    return switch (prev.kind()) {
      case IDENT -> EXPRESSION_KEYWORDS.contains(prev.text());
      case STRING, TEMPLATE, NUMBER, REGEX, EOF -> false;
      case PUNCT -> switch (prev.text()) {
        case ")" -> {
          Open o = closed.get(prev);
          yield o != null && o.afterControl;
        }
        case "}" -> {
          Open o = closed.get(prev);
          yield o == null || o.block;
        }
        case "]", "++", "--" -> false;
        default -> true;
      };
    };
  }

  private JsToken string(char quote) {
    int start = pos++;
    StringBuilder value = new StringBuilder();
    boolean badEscape = false;
    while (true) {
      if (pos >= src.length() || isLineTerminator(src.charAt(pos)) && src.charAt(pos) != '\u2028' && src.charAt(pos) != '\u2029') {
        issue(start, "unterminated string: add the closing " + quote);
        return token(Kind.STRING, start, pos, value.toString());
      }
      char c = src.charAt(pos);
      if (c == quote) {
        pos++;
        return token(Kind.STRING, start, pos, badEscape ? null : value.toString());
      }
      if (c == '\\') {
        badEscape |= !escape(value);
      } else {
        value.append(c);
        pos++;
      }
    }
  }

  /** Reads the escape at {@code pos} (a backslash) into {@code value}; false if it is malformed. */
  private boolean escape(StringBuilder value) {
    pos++;
    if (pos >= src.length()) return false;
    char c = src.charAt(pos++);
    switch (c) {
      case 'n' -> value.append('\n');
      case 't' -> value.append('\t');
      case 'r' -> value.append('\r');
      case 'b' -> value.append('\b');
      case 'f' -> value.append('\f');
      case 'v' -> value.append('\u000B');
      case '0' -> {
        if (pos < src.length() && isDigit(src.charAt(pos))) return false;
        value.append('\0');
      }
      case 'x' -> {
        return hex(value, 2);
      }
      case 'u' -> {
        if (pos < src.length() && src.charAt(pos) == '{') {
          int close = src.indexOf('}', pos);
          if (close < 0) return false;
          try {
            value.appendCodePoint(Integer.parseInt(src.substring(pos + 1, close), 16));
          } catch (IllegalArgumentException e) {
            return false;
          }
          pos = close + 1;
          return true;
        }
        return hex(value, 4);
      }
      case '\r' -> {
        if (pos < src.length() && src.charAt(pos) == '\n') pos++;
      }
      case '\n', '\u2028', '\u2029' -> { }
      default -> {
        if (isDigit(c)) return false;
        value.append(c);
      }
    }
    return true;
  }

  private boolean hex(StringBuilder value, int digits) {
    if (pos + digits > src.length()) return false;
    try {
      value.append((char) Integer.parseInt(src.substring(pos, pos + digits), 16));
    } catch (NumberFormatException e) {
      return false;
    }
    pos += digits;
    return true;
  }

  private JsToken template() {
    int start = pos++;
    StringBuilder value = new StringBuilder();
    boolean cooked = true;
    while (true) {
      if (pos >= src.length()) {
        issue(start, "unterminated template literal: add the closing `");
        return token(Kind.TEMPLATE, start, pos, null);
      }
      char c = src.charAt(pos);
      if (c == '`') {
        pos++;
        return token(Kind.TEMPLATE, start, pos, cooked ? value.toString() : null);
      }
      if (c == '\\') {
        cooked &= escape(value);
      } else if (c == '$' && pos + 1 < src.length() && src.charAt(pos + 1) == '{') {
        pos += 2;
        cooked = false;
        scan(new ArrayList<>(), true);
      } else {
        // A template's CR and CRLF cook to LF.
        if (c == '\r') {
          value.append('\n');
          if (pos + 1 < src.length() && src.charAt(pos + 1) == '\n') pos++;
        } else {
          value.append(c);
        }
        pos++;
      }
    }
  }

  private JsToken number() {
    int start = pos;
    char c = src.charAt(pos);
    Double value;
    if (c == '0' && pos + 1 < src.length() && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
      int radix = switch (Character.toLowerCase(src.charAt(pos + 1))) {
        case 'x' -> 16;
        case 'o' -> 8;
        default -> 2;
      };
      pos += 2;
      int digits = pos;
      while (pos < src.length() && (Character.digit(src.charAt(pos), radix) >= 0 || src.charAt(pos) == '_')) pos++;
      String d = src.substring(digits, pos).replace("_", "");
      value = d.isEmpty() ? null : new java.math.BigInteger(d, radix).doubleValue();
    } else {
      while (pos < src.length() && (isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
      if (pos < src.length() && src.charAt(pos) == '.') {
        pos++;
        while (pos < src.length() && (isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
      }
      if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
        int mark = pos++;
        if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) pos++;
        if (pos < src.length() && isDigit(src.charAt(pos))) {
          while (pos < src.length() && isDigit(src.charAt(pos))) pos++;
        } else {
          pos = mark;
        }
      }
      String d = src.substring(start, pos).replace("_", "");
      boolean legacyOctal = d.length() > 1 && d.charAt(0) == '0' && d.chars().allMatch(ch -> ch >= '0' && ch <= '7');
      value = legacyOctal ? (double) Long.parseLong(d, 8) : Double.valueOf(d);
    }
    if (pos < src.length() && src.charAt(pos) == 'n') pos++; // BigInt
    if (pos < src.length() && isIdentifierStart(src.charAt(pos))) {
      issue(pos, "an identifier cannot start right after a number");
    }
    return token(Kind.NUMBER, start, pos, value);
  }

  private JsToken identifier() {
    int start = pos;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == 'u') {
        pos += 2;
        if (pos < src.length() && src.charAt(pos) == '{') {
          int close = src.indexOf('}', pos);
          pos = close < 0 ? src.length() : close + 1;
        } else {
          pos = Math.min(src.length(), pos + 4);
        }
      } else if (isIdentifierPart(c) || (pos == start && isIdentifierStart(c))) {
        pos++;
      } else {
        break;
      }
    }
    if (pos == start) { // a lone backslash
      issue(pos, "unexpected character '\\'");
      pos++;
      return null;
    }
    return token(Kind.IDENT, start, pos, null);
  }

  private JsToken regex() {
    int start = pos++;
    boolean inClass = false;
    while (true) {
      if (pos >= src.length() || isLineTerminator(src.charAt(pos))) {
        issue(start, "unterminated regular expression: add the closing /");
        return token(Kind.REGEX, start, pos, null);
      }
      char c = src.charAt(pos++);
      if (c == '\\') {
        if (pos < src.length() && !isLineTerminator(src.charAt(pos))) pos++;
      } else if (c == '[') {
        inClass = true;
      } else if (c == ']') {
        inClass = false;
      } else if (c == '/' && !inClass) {
        break;
      }
    }
    while (pos < src.length() && isIdentifierPart(src.charAt(pos))) pos++; // flags
    return token(Kind.REGEX, start, pos, null);
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (isLineTerminator(c)) {
        newline = true;
        pos++;
      } else if (Character.isWhitespace(c) || c == '\u00A0' || c == '\uFEFF' || Character.getType(c) == Character.SPACE_SEPARATOR) {
        pos++;
      } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
        while (pos < src.length() && !isLineTerminator(src.charAt(pos))) pos++;
      } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '*') {
        int end = src.indexOf("*/", pos + 2);
        if (end < 0) {
          issue(pos, "unterminated comment: add the closing */");
          end = src.length() - 2;
        }
        for (int i = pos; i < end; i++) newline |= isLineTerminator(src.charAt(i));
        pos = end + 2;
      } else {
        return;
      }
    }
  }

  private JsToken token(Kind kind, int start, int end, Object value) {
    int line = lineOf(start);
    return new JsToken(kind, src.substring(start, end), value, line + 1, start - lineStarts[line] + 1, start, end, newline);
  }

  private int lineOf(int offset) {
    int i = Arrays.binarySearch(lineStarts, offset);
    return i >= 0 ? i : -i - 2;
  }

  private void issue(int offset, String message) {
    int line = lineOf(offset);
    issues.add(new Issue(line + 1, offset - lineStarts[line] + 1, message));
  }

  private static boolean isLineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isIdentifierStart(char c) {
    return c == '$' || c == '_' || Character.isLetter(c) || Character.getType(c) == Character.LETTER_NUMBER;
  }

  static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '\u200C' || c == '\u200D'
        || (c > 127 && Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
  }
}
