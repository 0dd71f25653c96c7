package dev.understudy.systems.netlify.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pathname part of a {@code URLPattern}, as a function's {@code config.path} and
 * {@code excludedPath} use it: fixed text, {@code :name} (one segment), {@code :name(regex)},
 * {@code *} (anything, numbered group), {@code {...}} groups, the modifiers {@code ?}, {@code +} and
 * {@code *}, and {@code \} escapes; {@code /} before a named part is its prefix, so
 * {@code /items/:id?} matches {@code /items} too. Matching is case-insensitive (netlify dev lower-cases
 * the request path first); parameters keep the request's case and encoding.
 */
public final class PathPattern {
  private final String source;
  private final Pattern regex;
  private final List<String> names;

  private PathPattern(String source, Pattern regex, List<String> names) {
    this.source = source;
    this.regex = regex;
    this.names = List.copyOf(names);
  }

  public String source() {
    return source;
  }

  /** The parameters of a match as (name, value, ...), or null when {@code path} does not match. */
  public List<String> match(String path) {
    Matcher m = regex.matcher(path);
    if (!m.matches()) return null;
    List<String> out = new ArrayList<>(names.size() * 2);
    for (int i = 0; i < names.size(); i++) {
      String v = m.group(i + 1);
      if (v == null) continue;
      out.add(names.get(i));
      out.add(v);
    }
    return out;
  }

  @Override
  public String toString() {
    return source;
  }

  // ------------------------------------------------------------------ parsing

  private enum T { ASTERISK, MODIFIER, ESCAPED, OPEN, CLOSE, NAME, REGEX, CHAR, END }

  private record Token(T type, int at, String value) {}

  private enum Mod { NONE, OPTIONAL, ZERO_OR_MORE, ONE_OR_MORE }

  private enum Kind { FIXED, SEGMENT, WILDCARD, REGEX }

  private record Part(Kind kind, String name, String prefix, String value, String suffix, Mod mod) {}

  /** @throws IllegalArgumentException naming the column where {@code pattern} is not a path pattern */
  public static PathPattern compile(String pattern) {
    if (pattern.isEmpty() || pattern.charAt(0) != '/') {
      throw new IllegalArgumentException("a path pattern starts with '/': " + pattern);
    }
    List<Token> tokens = lex(pattern);
    List<Part> parts = new Parser(tokens, pattern).parse();
    StringBuilder re = new StringBuilder();
    List<String> names = new ArrayList<>();
    for (Part p : parts) {
      if (p.kind == Kind.FIXED) {
        if (p.mod == Mod.NONE) re.append(Pattern.quote(p.value));
        else re.append("(?:").append(Pattern.quote(p.value)).append(')').append(modChar(p.mod));
        continue;
      }
      names.add(p.name);
      String value = switch (p.kind) {
        case SEGMENT -> "[^/]+?";
        case WILDCARD -> ".*";
        default -> p.value;
      };
      String prefix = p.prefix.isEmpty() ? "" : Pattern.quote(p.prefix);
      String suffix = p.suffix.isEmpty() ? "" : Pattern.quote(p.suffix);
      boolean single = p.mod == Mod.NONE || p.mod == Mod.OPTIONAL;
      if (prefix.isEmpty() && suffix.isEmpty()) {
        if (single) re.append('(').append(value).append(')').append(modChar(p.mod));
        else re.append("((?:").append(value).append(')').append(modChar(p.mod)).append(')');
      } else if (single) {
        re.append("(?:").append(prefix).append('(').append(value).append(')').append(suffix).append(')').append(modChar(p.mod));
      } else {
        re.append("(?:").append(prefix).append("((?:").append(value).append(")(?:").append(suffix).append(prefix)
            .append("(?:").append(value).append("))*)").append(suffix).append(')');
        if (p.mod == Mod.ZERO_OR_MORE) re.append('?');
      }
    }
    try {
      return new PathPattern(pattern, Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), names);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("bad regular expression in path pattern " + pattern + ": " + e.getDescription(), e);
    }
  }

  private static String modChar(Mod m) {
    return switch (m) {
      case OPTIONAL -> "?";
      case ZERO_OR_MORE -> "*";
      case ONE_OR_MORE -> "+";
      case NONE -> "";
    };
  }

  private static boolean nameStart(int c) {
    return Character.isLetter(c) || c == '_' || c == '$';
  }

  private static boolean namePart(int c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static List<Token> lex(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      switch (c) {
        case '*' -> out.add(new Token(T.ASTERISK, i, "*"));
        case '+', '?' -> out.add(new Token(T.MODIFIER, i, String.valueOf(c)));
        case '{' -> out.add(new Token(T.OPEN, i, "{"));
        case '}' -> out.add(new Token(T.CLOSE, i, "}"));
        case '\\' -> {
          if (i + 1 >= s.length()) throw bad(s, i, "'\\' at the end");
          out.add(new Token(T.ESCAPED, i, String.valueOf(s.charAt(i + 1))));
          i += 2;
          continue;
        }
        case ':' -> {
          int j = i + 1;
          while (j < s.length() && (j == i + 1 ? nameStart(s.charAt(j)) : namePart(s.charAt(j)))) j++;
          if (j == i + 1) throw bad(s, i, "a parameter name after ':'");
          out.add(new Token(T.NAME, i, s.substring(i + 1, j)));
          i = j;
          continue;
        }
        case '(' -> {
          int depth = 1;
          int j = i + 1;
          if (j < s.length() && s.charAt(j) == '?') throw bad(s, j, "a regular expression (it cannot start with '?')");
          StringBuilder re = new StringBuilder();
          while (j < s.length()) {
            char d = s.charAt(j);
            if (d == '\\' && j + 1 < s.length()) {
              re.append(d).append(s.charAt(j + 1));
              j += 2;
              continue;
            }
            if (d == ')' && --depth == 0) {
              j++;
              break;
            }
            if (d == '(') {
              depth++;
              if (j + 1 >= s.length() || s.charAt(j + 1) != '?') throw bad(s, j, "no capturing group inside a parameter's regular expression");
            }
            re.append(d);
            j++;
          }
          if (depth != 0) throw bad(s, i, "a closing ')'");
          if (re.length() == 0) throw bad(s, i, "a regular expression inside '()'");
          out.add(new Token(T.REGEX, i, re.toString()));
          i = j;
          continue;
        }
        default -> out.add(new Token(T.CHAR, i, String.valueOf(c)));
      }
      i++;
    }
    out.add(new Token(T.END, i, ""));
    return out;
  }

  private static IllegalArgumentException bad(String pattern, int at, String expected) {
    return new IllegalArgumentException("path pattern " + pattern + ", column " + (at + 1) + ": expected " + expected);
  }

  private static final class Parser {
    private final List<Token> tokens;
    private final String source;
    private int i;
    private int numbered;
    private final StringBuilder pending = new StringBuilder();
    private final List<Part> parts = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();

    Parser(List<Token> tokens, String source) {
      this.tokens = tokens;
      this.source = source;
    }

    private String take(T type) {
      Token t = tokens.get(i);
      if (t.type != type) return null;
      i++;
      return t.value;
    }

    private String takeModifier() {
      String m = take(T.MODIFIER);
      return m != null ? m : take(T.ASTERISK);
    }

    private String text() {
      StringBuilder b = new StringBuilder();
      for (;;) {
        String v = take(T.CHAR);
        if (v == null) v = take(T.ESCAPED);
        if (v == null) return b.toString();
        b.append(v);
      }
    }

    private void flushPending() {
      if (pending.length() == 0) return;
      parts.add(new Part(Kind.FIXED, "", "", pending.toString(), "", Mod.NONE));
      pending.setLength(0);
    }

    List<Part> parse() {
      while (i < tokens.size()) {
        String ch = take(T.CHAR);
        String name = take(T.NAME);
        String re = take(T.REGEX);
        if (name == null && re == null) re = take(T.ASTERISK);
        if (name != null || re != null) {
          String prefix = ch == null ? "" : ch;
          if (!prefix.equals("/")) {
            pending.append(prefix);
            prefix = "";
          }
          flushPending();
          add(prefix, name, re, "", takeModifier());
          continue;
        }
        String fixed = ch != null ? ch : take(T.ESCAPED);
        if (fixed != null) {
          pending.append(fixed);
          continue;
        }
        if (take(T.OPEN) != null) {
          String prefix = text();
          String name2 = take(T.NAME);
          String re2 = take(T.REGEX);
          if (name2 == null && re2 == null) re2 = take(T.ASTERISK);
          String suffix = text();
          if (take(T.CLOSE) == null) throw bad(source, tokens.get(i).at, "'}'");
          add(prefix, name2, re2, suffix, takeModifier());
          continue;
        }
        flushPending();
        if (take(T.END) == null) throw bad(source, tokens.get(i).at, "text, ':name', '*', '(...)' or '{...}', not '" + tokens.get(i).value + "'");
      }
      return parts;
    }

    private void add(String prefix, String name, String re, String suffix, String modifier) {
      Mod mod = modifier == null ? Mod.NONE : switch (modifier) {
        case "?" -> Mod.OPTIONAL;
        case "*" -> Mod.ZERO_OR_MORE;
        default -> Mod.ONE_OR_MORE;
      };
      if (name == null && re == null && mod == Mod.NONE) {
        pending.append(prefix);
        return;
      }
      flushPending();
      if (name == null && re == null) {
        if (!prefix.isEmpty()) parts.add(new Part(Kind.FIXED, "", "", prefix, "", mod));
        return;
      }
      Kind kind = re == null ? Kind.SEGMENT : re.equals("*") ? Kind.WILDCARD : re.equals("[^/]+?") ? Kind.SEGMENT
          : re.equals(".*") ? Kind.WILDCARD : Kind.REGEX;
      String n = name != null ? name : Integer.toString(numbered++);
      if (seen.contains(n)) throw new IllegalArgumentException("path pattern " + source + ": duplicate parameter name '" + n + "'");
      seen.add(n);
      parts.add(new Part(kind, n, prefix, kind == Kind.REGEX ? re : "", suffix, mod));
    }
  }
}
