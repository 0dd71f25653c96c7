package dev.understudy.systems.actions.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks one value of a {@code branches}, {@code tags}, {@code paths} (and {@code -ignore}) filter
 * against GitHub's filter pattern syntax: {@code *}, {@code **}, {@code ?} and {@code +} after a
 * literal character, {@code [...]} character sets and ranges, a leading {@code !} to negate and
 * {@code \} to escape a special character. Branch and tag patterns ({@link Kind#REF}) must also
 * describe names that {@code git check-ref-format} accepts.
 *
 * <pre>{@code
 * GlobPattern.check("v[9-0]", GlobPattern.Kind.REF)
 *   // [Problem[offset=4, message=invalid glob pattern. unexpected character '0' while checking ...]]
 * }</pre>
 *
 * <p>Every message ends with a pointer to GitHub's cheat sheet ({@link #NOTE}). Empty values are
 * reported (offset 0), though a caller that already reports empty filter values may skip them.
 */
public final class GlobPattern {

  /** What a pattern filters on. */
  public enum Kind {
    /** Branch and tag names: glob syntax plus git's rules for ref names. */
    REF,
    /** File paths, relative to the repository root. */
    PATH
  }

  /** The note every message ends with. */
  public static final String NOTE = "note: filter pattern syntax is explained at "
      + "https://docs.github.com/en/actions/using-workflows/workflow-syntax-for-github-actions#filter-pattern-cheat-sheet";

  private static final String REF_FORBIDDEN = "ref name cannot contain spaces, ~, ^, :, [, ?, *";

  private GlobPattern() {}

  /** All problems in {@code pattern}, in the order of their offsets; empty when it is valid. */
  public static List<Problem> check(String pattern, Kind kind) {
    return new Scan(pattern, kind == Kind.REF).run();
  }

  /** One pass over the pattern; {@code i} is the index of the next unread character. */
  private static final class Scan {
    private final String p;
    private final boolean ref;
    private final List<Problem> problems = new ArrayList<>();
    private int i;
    /** Whether the previous token was a literal character, which {@code ?} and {@code +} need. */
    private boolean afterLiteral;

    Scan(String pattern, boolean ref) {
      this.p = pattern;
      this.ref = ref;
    }

    List<Problem> run() {
      if (p.isEmpty()) return List.of(problem(0, "glob pattern cannot be empty"));
      if (!ref) {
        if (p.startsWith(" ")) return List.of(problem(0, "path value must not start with spaces"));
        if (p.endsWith(" ")) return List.of(problem(p.length() - 1, "path value must not end with spaces"));
        String body = p.startsWith("!") ? p.substring(1) : p;
        if (body.equals(".") || body.equals("..") || body.startsWith("./") || body.startsWith("../")) {
          return List.of(problem(0, "'.' and '..' are not allowed in glob path. paths are matched from the "
              + "repository root: write path/to/file, not ./path/to/file"));
        }
      }
      char first = p.charAt(0);
      if (first == '!') {
        if (p.length() == 1) {
          unexpected(0, '!', "! at first character (negate pattern)", "at least one character must follow !");
          return problems;
        }
        i = 1;
      } else if (first == '/' && ref) {
        refChar(0, '/', "ref name must not start with /");
        i = 1;
        afterLiteral = true;
      }
      while (i < p.length()) {
        if (!token()) break;
      }
      return problems;
    }

    /** Reads one token; false when the rest of the pattern cannot be checked. */
    private boolean token() {
      int at = i;
      char c = p.charAt(i++);
      int lastAt = at; // the character that ends this token, for the trailing '/' and '.' check
      boolean literal = true;
      switch (c) {
        case '\\' -> {
          char next = i < p.length() ? p.charAt(i) : 0;
          if (next == '[' || next == '?' || next == '*') {
            if (ref) refChar(i, next, REF_FORBIDDEN); // escaped, it is a literal '[' in a ref name: git forbids it
            lastAt = i++;
          } else if (next == '+' || next == '\\' || next == '!') {
            lastAt = i++;
          } else if (ref) {
            refChar(at, '\\', "only special characters [, ?, +, *, \\, ! can be escaped with \\");
            if (i < p.length()) lastAt = i++;
          } // in a path, a lone backslash is an ordinary character
        }
        case '?' -> {
          if (!afterLiteral) {
            unexpected(at, c, "special character ? (zero or one)", "the preceding character must not be special character");
          }
          literal = false;
        }
        case '+' -> {
          if (!afterLiteral) {
            unexpected(at, c, "special character + (one or more)", "the preceding character must not be special character");
          }
          literal = false;
        }
        case '*' -> literal = false;
        case '[' -> {
          Integer end = characterSet(at);
          if (end == null) return false;
          lastAt = end;
        }
        case '\n', '\r' -> {
          if (c == '\r' && i < p.length() && p.charAt(i) == '\n') i++;
          problems.add(problem(at, "invalid glob pattern. unexpected character " + Quoting.quoteChar(p.charAt(i - 1))
              + ". newline cannot be contained"));
        }
        case ' ', '\t', '~', '^', ':' -> {
          if (ref) refChar(at, c, REF_FORBIDDEN);
        }
        default -> { }
      }
      afterLiteral = literal;
      if (i >= p.length() && ref) {
        char last = p.charAt(lastAt);
        if (last == '/' || last == '.') refChar(lastAt, last, "ref name must not end with / and .");
      }
      return true;
    }

    /**
     * Reads {@code [...]} whose '[' is at {@code open}; returns the index of its ']', or null when
     * the pattern ends inside it.
     */
    private Integer characterSet(int open) {
      if (i < p.length() && p.charAt(i) == ']') {
        unexpected(i, ']', "content of character match []", "character match must not be empty");
        return i++;
      }
      int members = 0;
      while (true) {
        if (i >= p.length()) {
          unexpected(p.length() - 1, -1, "end of character match []", "missing ]");
          return null;
        }
        char c = p.charAt(i++);
        if (c == ']') {
          if (members == 1) {
            unexpected(i - 1, c, "character match []",
                "character match with single character is useless. simply use x instead of [x]");
          }
          return i - 1;
        }
        if (i < p.length() && p.charAt(i) == '-') { // a range c-e
          members += 2;
          i++;
          if (i >= p.length()) continue; // reported as a missing ']' above
          char e = p.charAt(i++);
          if (e == ']') {
            unexpected(i - 1, e, "character range in []", "end of range is missing");
            return i - 1;
          }
          if (c > e) {
            unexpected(i - 1, e, "character range in []", "start of range " + Quoting.quoteChar(c) + " (" + (int) c
                + ") is larger than end of range " + Quoting.quoteChar(e) + " (" + (int) e + ")");
          }
        } else {
          members++;
        }
      }
    }

    /** {@code c < 0} means the end of the pattern. */
    private void unexpected(int at, int c, String what, String why) {
      String found = c < 0 ? "unexpected EOF" : "unexpected character " + Quoting.quoteChar(c);
      problems.add(problem(at, "invalid glob pattern. " + found + " while checking " + what + ". " + why));
    }

    private void refChar(int at, char c, String why) {
      String shown = Character.isISOControl(c) ? Quoting.quoteChar(c) : "'" + c + "'";
      problems.add(problem(at, "character " + shown + " is invalid for branch and tag names. " + why
          + ". see `man git-check-ref-format` for more details. note that regular expression is unavailable"));
    }

    private static Problem problem(int at, String message) {
      return new Problem(at, message + ". " + NOTE);
    }
  }
}
