package dev.understudy.systems.netlify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The pathname part of a URLPattern ({@code /items/:id}, {@code /api/*}, {@code /blog{/:slug}?},
 * {@code /n/(\d+)}) turned into the regular expression its {@code regexp.pathname} would be, as the
 * WHATWG URLPattern standard builds it for an http(s) URL: fixed text URL-encoded (spaces and
 * non-ASCII percent-encoded, {@code \} read as {@code /}, {@code .} and {@code ..} segments
 * resolved), {@code :name} one segment, {@code *} anything, {@code ?+*} modifiers, {@code {}}
 * groups. The result is written as JavaScript's {@code RegExp.prototype.source} prints it
 * ({@code /} escaped). Netlify's manifest (zip-it-and-ship-it's {@code utils/routes}) takes this,
 * drops the anchors and adds an optional trailing slash.
 *
 * <pre>{@code
 * UrlPathPattern.regex("/items/:id")   // ^\/items(?:\/([^\/]+?))$
 * UrlPathPattern.regex("/api/*")       // ^\/api(?:\/(.*))$
 * UrlPathPattern.regex("/q?x")         // IllegalArgumentException: a '?' must follow a parameter, ...
 * }</pre>
 */
final class UrlPathPattern {
  private static final String SEGMENT = "[^\\/]+?";
  private static final String ANYTHING = ".*";
  private static final String REGEX_SPECIALS = ".+*?^${}()[]|/\\";

  private enum TokenKind { ASTERISK, MODIFIER, ESCAPED, OPEN, CLOSE, NAME, REGEX, CHAR, END }

  private record Token(TokenKind kind, int index, String value) {}

  private enum PartKind { FIXED, SEGMENT_WILDCARD, FULL_WILDCARD, REGEX }

  private record Part(PartKind kind, String prefix, String value, String suffix, String modifier) {}

  private final List<Token> tokens;
  private final List<Part> parts = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private final List<String> groups = new ArrayList<>();
  private final StringBuilder pendingFixed = new StringBuilder();
  private int next;
  private int unnamed;

  private UrlPathPattern(String pattern) {
    this.tokens = lex(pattern);
  }

  /**
   * The anchored expression for {@code pattern}; an {@link IllegalArgumentException} whose message
   * says what is wrong and where (0-based index into the pattern) when it is not a valid pattern.
   */
  static String regex(String pattern) {
    UrlPathPattern p = new UrlPathPattern(pattern);
    p.parse();
    StringBuilder out = new StringBuilder("^");
    for (Part part : p.parts) p.append(out, part);
    return jsSource(out.append('$').toString());
  }

  /**
   * The names of the capturing groups of {@link #regex}'s expression, in order, as URLPattern's
   * {@code exec().pathname.groups} keys them: a {@code :name} part by its name, every other
   * parameter (a {@code *} wildcard or a {@code (regex)} group) numbered {@code "0"}, {@code "1"}, ...
   * in the order they appear. {@code /api/:version/*} gives {@code [version, 0]}.
   */
  static List<String> groupNames(String pattern) {
    UrlPathPattern p = new UrlPathPattern(pattern);
    p.parse();
    return List.copyOf(p.groups);
  }

  private static List<Token> lex(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      switch (c) {
        case '*' -> out.add(new Token(TokenKind.ASTERISK, i++, "*"));
        case '+', '?' -> out.add(new Token(TokenKind.MODIFIER, i++, String.valueOf(c)));
        case '{' -> out.add(new Token(TokenKind.OPEN, i++, "{"));
        case '}' -> out.add(new Token(TokenKind.CLOSE, i++, "}"));
        case '\\' -> {
          if (i + 1 >= s.length()) throw error("a trailing '\\' escapes nothing", i, "remove it or add the character to escape");
          out.add(new Token(TokenKind.ESCAPED, i, String.valueOf(s.charAt(i + 1))));
          i += 2;
        }
        case ':' -> {
          int j = i + 1;
          while (j < s.length() && (j == i + 1 ? nameStart(s.charAt(j)) : namePart(s.charAt(j)))) j++;
          if (j == i + 1) throw error("':' starts a parameter but no name follows", i, "write a name such as :id, or \\: for a colon");
          out.add(new Token(TokenKind.NAME, i, s.substring(i + 1, j)));
          i = j;
        }
        case '(' -> {
          int[] end = new int[1];
          out.add(new Token(TokenKind.REGEX, i, group(s, i, end)));
          i = end[0];
        }
        default -> out.add(new Token(TokenKind.CHAR, i++, String.valueOf(c)));
      }
    }
    out.add(new Token(TokenKind.END, i, ""));
    return out;
  }

  /** The regular expression inside the group at {@code open}; {@code end[0]} is set past its ')'. */
  private static String group(String s, int open, int[] end) {
    int depth = 1;
    int j = open + 1;
    StringBuilder re = new StringBuilder();
    if (j < s.length() && s.charAt(j) == '?') {
      throw error("a group cannot start with '?'", j, "write the expression without (?...)");
    }
    while (j < s.length()) {
      char c = s.charAt(j);
      if (c > 0x7F) throw error("a regular expression group must be ASCII, found '" + c + "'", j, "percent-encode it");
      if (c == '\\') {
        re.append(c);
        if (j + 1 < s.length()) re.append(s.charAt(j + 1));
        j += 2;
        continue;
      }
      if (c == ')') {
        if (--depth == 0) {
          j++;
          break;
        }
      } else if (c == '(') {
        depth++;
        if (j + 1 >= s.length() || s.charAt(j + 1) != '?') {
          throw error("a capturing group inside a group is not allowed", j, "write (?:...) for the inner group");
        }
      }
      re.append(c);
      j++;
    }
    if (depth > 0) throw error("the group opened here is never closed", open, "add the missing ')'");
    if (re.length() == 0) throw error("the group is empty", open, "write an expression inside ( ), or remove them");
    end[0] = j;
    return re.toString();
  }

  private void parse() {
    while (next < tokens.size()) {
      String ch = take(TokenKind.CHAR);
      String name = take(TokenKind.NAME);
      String regexOrWildcard = take(TokenKind.REGEX);
      if (name == null && regexOrWildcard == null) regexOrWildcard = take(TokenKind.ASTERISK);
      if (name != null || regexOrWildcard != null) {
        String prefix = ch == null ? "" : ch;
        if (!prefix.equals("/")) {
          pendingFixed.append(prefix);
          prefix = "";
        }
        flushFixed();
        addPart(prefix, name, regexOrWildcard, "", modifier());
        continue;
      }
      String fixed = ch != null ? ch : take(TokenKind.ESCAPED);
      if (fixed != null) {
        pendingFixed.append(fixed);
        continue;
      }
      if (take(TokenKind.OPEN) != null) {
        String prefix = text();
        String innerName = take(TokenKind.NAME);
        String innerRegex = take(TokenKind.REGEX);
        if (innerName == null && innerRegex == null) innerRegex = take(TokenKind.ASTERISK);
        String suffix = text();
        if (take(TokenKind.CLOSE) == null) {
          Token t = tokens.get(next);
          throw error("the group opened with '{' is not closed where expected", t.index, "close it with '}'");
        }
        addPart(prefix, innerName, innerRegex, suffix, modifier());
        continue;
      }
      flushFixed();
      Token t = tokens.get(next);
      if (t.kind != TokenKind.END) throw error(unexpected(t), t.index, fix(t));
      next++;
    }
  }

  private static String unexpected(Token t) {
    return switch (t.kind) {
      case MODIFIER -> "a '" + t.value + "' must follow a parameter, a wildcard or a { } group";
      case CLOSE -> "'}' closes no '{'";
      case OPEN -> "'{' groups cannot nest";
      default -> "unexpected '" + t.value + "'";
    };
  }

  private static String fix(Token t) {
    return t.kind == TokenKind.MODIFIER || t.kind == TokenKind.CLOSE ? "escape it as \\" + t.value + " to match it literally"
        : "remove it";
  }

  private void addPart(String prefix, String name, String regexOrWildcard, String suffix, String modifier) {
    if (name == null && regexOrWildcard == null && modifier.isEmpty()) {
      pendingFixed.append(prefix);
      return;
    }
    flushFixed();
    if (name == null && regexOrWildcard == null) {
      if (!prefix.isEmpty()) parts.add(new Part(PartKind.FIXED, "", encode(prefix), "", modifier));
      return;
    }
    PartKind kind;
    String value;
    if (regexOrWildcard == null || regexOrWildcard.equals(SEGMENT)) {
      kind = PartKind.SEGMENT_WILDCARD;
      value = "";
    } else if (regexOrWildcard.equals("*") || regexOrWildcard.equals(ANYTHING)) {
      kind = PartKind.FULL_WILDCARD;
      value = "";
    } else {
      kind = PartKind.REGEX;
      value = regexOrWildcard;
    }
    String key = name != null ? name : String.valueOf(unnamed++);
    if (!names.add(key)) throw error("the parameter name '" + key + "' is used twice", 0, "give each parameter its own name");
    groups.add(key);
    parts.add(new Part(kind, encode(prefix), value, encode(suffix), modifier));
  }

  private void flushFixed() {
    if (pendingFixed.length() == 0) return;
    parts.add(new Part(PartKind.FIXED, "", encode(pendingFixed.toString()), "", ""));
    pendingFixed.setLength(0);
  }

  private String modifier() {
    String m = take(TokenKind.MODIFIER);
    if (m == null) m = take(TokenKind.ASTERISK);
    return m == null ? "" : m;
  }

  private String text() {
    StringBuilder b = new StringBuilder();
    for (String v; (v = take(TokenKind.CHAR)) != null || (v = take(TokenKind.ESCAPED)) != null; ) b.append(v);
    return b.toString();
  }

  private String take(TokenKind kind) {
    if (next < tokens.size() && tokens.get(next).kind == kind) return tokens.get(next++).value;
    return null;
  }

  private void append(StringBuilder out, Part p) {
    if (p.kind == PartKind.FIXED) {
      if (p.modifier.isEmpty()) out.append(escape(p.value));
      else out.append("(?:").append(escape(p.value)).append(')').append(p.modifier);
      return;
    }
    String re = switch (p.kind) {
      case SEGMENT_WILDCARD -> SEGMENT;
      case FULL_WILDCARD -> ANYTHING;
      default -> p.value;
    };
    boolean repeats = p.modifier.equals("+") || p.modifier.equals("*");
    if (p.prefix.isEmpty() && p.suffix.isEmpty()) {
      if (repeats) out.append("((?:").append(re).append(')').append(p.modifier).append(')');
      else out.append('(').append(re).append(')').append(p.modifier);
      return;
    }
    String prefix = escape(p.prefix), suffix = escape(p.suffix);
    if (!repeats) {
      out.append("(?:").append(prefix).append('(').append(re).append(')').append(suffix).append(')').append(p.modifier);
      return;
    }
    out.append("(?:").append(prefix).append("((?:").append(re).append(")(?:").append(suffix).append(prefix)
        .append("(?:").append(re).append("))*)").append(suffix).append(')');
    if (p.modifier.equals("*")) out.append('?');
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (REGEX_SPECIALS.indexOf(c) >= 0) b.append('\\');
      b.append(c);
    }
    return b.toString();
  }

  /**
   * Fixed text as a URL's pathname setter stores it: tabs and line breaks dropped, the standard's
   * "path percent-encode set" encoded as UTF-8, {@code \} read as {@code /}, and {@code .}/{@code ..} segments resolved.
   * Text not starting with {@code /} is encoded as if it did, and handed back without it.
   */
  static String encode(String text) {
    String input = text.replace("\t", "").replace("\n", "").replace("\r", ""); // as every URL parser does
    if (input.isEmpty()) return input;
    boolean absolute = input.charAt(0) == '/';
    String path = absolute ? input : "/-" + input;
    List<String> segments = new ArrayList<>();
    String rest = path.substring(1);
    int start = 0;
    for (int i = 0; i <= rest.length(); i++) {
      boolean end = i == rest.length();
      if (!end && rest.charAt(i) != '/' && rest.charAt(i) != '\\') continue;
      String segment = rest.substring(start, i);
      String lower = segment.toLowerCase(Locale.ROOT);
      boolean dot = lower.equals(".") || lower.equals("%2e");
      boolean dotDot = lower.equals("..") || lower.equals(".%2e") || lower.equals("%2e.") || lower.equals("%2e%2e");
      if (dotDot) {
        if (!segments.isEmpty()) segments.remove(segments.size() - 1);
        if (end) segments.add("");
      } else if (dot) {
        if (end) segments.add("");
      } else {
        segments.add(percentEncode(segment));
      }
      start = i + 1;
    }
    String out = "/" + String.join("/", segments);
    return absolute ? out : out.substring(Math.min(2, out.length()));
  }

  private static String percentEncode(String segment) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < segment.length(); ) {
      int cp = segment.codePointAt(i);
      i += Character.charCount(cp);
      boolean encode = cp < 0x20 || cp > 0x7E || " \"#<>?`{}".indexOf(cp) >= 0;
      if (!encode) {
        b.appendCodePoint(cp);
        continue;
      }
      byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
      for (byte x : bytes) b.append('%').append(String.format("%02X", x & 0xFF));
    }
    return b.toString();
  }

  /** What JavaScript's {@code RegExp.prototype.source} prints for this pattern: {@code /} and line breaks escaped. */
  static String jsSource(String regex) {
    StringBuilder b = new StringBuilder();
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        b.append(c).append(regex.charAt(++i));
        continue;
      }
      if (c == '[') inClass = true;
      else if (c == ']') inClass = false;
      switch (c) {
        case '/' -> b.append(inClass ? "/" : "\\/");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\u2028' -> b.append("\\u2028");
        case '\u2029' -> b.append("\\u2029");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean nameStart(char c) {
    return c == '$' || c == '_' || Character.isUnicodeIdentifierStart(c);
  }

  private static boolean namePart(char c) {
    return c == '$' || c == '_' || c == '\u200C' || c == '\u200D'
        || (Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
  }

  private static IllegalArgumentException error(String what, int index, String fix) {
    return new IllegalArgumentException(what + " (at character " + (index + 1) + "): " + fix);
  }
}
