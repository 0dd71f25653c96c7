package dev.understudy.systems.netlify.site;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code [functions."pattern"]} section name matched against a function name, as minimatch
 * (which Netlify uses) matches a name without slashes: {@code *} and {@code **} any run of
 * characters, {@code ?} one, {@code [a-z]} and {@code [!a-z]} a class, {@code {a,b}} either;
 * a name starting with {@code .} is matched only by a pattern starting with {@code .}.
 * minimatch's extglobs ({@code +(a|b)}) are read literally.
 */
final class NameGlob {
  private NameGlob() {}

  static boolean matches(String name, String pattern) {
    if (name.startsWith(".") && !pattern.startsWith(".")) return false;
    for (String alternative : expandBraces(pattern)) {
      if (Pattern.compile(toRegex(alternative)).matcher(name).matches()) return true;
    }
    return false;
  }

  /**
   * How specific a section is, as Netlify ranks them: its characters other than {@code *}, minus
   * one more when it has any {@code *}. Heavier sections win over lighter ones.
   */
  static int weight(String pattern) {
    int stars = (int) pattern.chars().filter(c -> c == '*').count();
    return pattern.length() - stars - (stars == 0 ? 0 : 1);
  }

  static List<String> expandBraces(String pattern) {
    int open = -1, depth = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{') {
        if (depth++ == 0) open = i;
      } else if (c == '}' && depth > 0 && --depth == 0) {
        List<String> options = splitTopLevel(pattern.substring(open + 1, i));
        if (options.size() < 2) continue;
        List<String> out = new ArrayList<>();
        for (String o : options) out.addAll(expandBraces(pattern.substring(0, open) + o + pattern.substring(i + 1)));
        return out;
      }
    }
    return List.of(pattern);
  }

  private static List<String> splitTopLevel(String body) {
    List<String> out = new ArrayList<>();
    int depth = 0, start = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\') i++;
      else if (c == '{') depth++;
      else if (c == '}') depth--;
      else if (c == ',' && depth == 0) {
        out.add(body.substring(start, i));
        start = i + 1;
      }
    }
    out.add(body.substring(start));
    return out;
  }

  private static String toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          while (i + 1 < glob.length() && glob.charAt(i + 1) == '*') i++;
          re.append(".*");
        }
        case '?' -> re.append('.');
        case '\\' -> {
          if (i + 1 < glob.length()) re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
        }
        case '[' -> {
          int close = glob.indexOf(']', i + 2);
          if (close < 0) {
            re.append("\\[");
            break;
          }
          String body = glob.substring(i + 1, close);
          boolean negate = body.startsWith("!") || body.startsWith("^");
          if (negate) body = body.substring(1);
          re.append('[').append(negate ? "^" : "").append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
          i = close;
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }
}
