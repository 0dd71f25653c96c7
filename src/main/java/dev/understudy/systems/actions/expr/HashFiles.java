package dev.understudy.systems.actions.expr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code hashFiles(patterns...)} as GitHub's runner computes it: the files under the workspace
 * matched by the glob patterns, in ordinal order of their paths; the SHA-256 of each; then the
 * SHA-256 of those digests concatenated, in hex. {@code ""} when no file matches.
 *
 * <p>Patterns are relative to the workspace (an absolute pattern must point inside it); an
 * argument may hold several patterns, one a line; blank lines and {@code #} comments are skipped;
 * {@code !} excludes; the last pattern that matches a file or one of its parent directories
 * decides (so {@code src} includes everything below {@code src}, and {@code !node_modules}
 * excludes everything below it); a pattern ending in {@code /} matches directories only. {@code *} and {@code ?} stay within a path segment and match
 * dot files; {@code **} is any number of segments; {@code [abc]} and {@code [!abc]} are classes.
 * Directories are never hashed; symbolic links to files are hashed through, not followed into
 * directories.
 */
final class HashFiles {
  private HashFiles() {}

  private record Glob(boolean negate, Pattern regex, boolean directoryOnly) {}

  static String hash(Expr.FuncCall call, List<Object> args, Path workspace) {
    if (workspace == null) {
      throw new ExprEvaluationException(call.offset(), "hashFiles() needs a workspace, and none is set here");
    }
    Path root = workspace.toAbsolutePath().normalize();
    List<Glob> globs = new ArrayList<>();
    for (Object arg : args) {
      if (!Values.isPrimitive(arg)) {
        throw new ExprEvaluationException(call.offset(), "hashFiles() takes string patterns, but got "
            + ExprEvaluator.describe(arg));
      }
      for (String line : Values.coerceToString(arg).split("\n", -1)) {
        Glob g = compile(line.strip(), root);
        if (g != null) globs.add(g);
      }
    }
    if (globs.isEmpty() || !Files.isDirectory(root)) return "";
    List<String> matched = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> !p.equals(root) && Files.isRegularFile(p))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(rel -> included(rel, globs))
          .forEach(matched::add);
    } catch (IOException | UncheckedIOException e) {
      throw new ExprEvaluationException(call.offset(), "hashFiles(): cannot list " + root + ": " + e.getMessage(), e);
    }
    if (matched.isEmpty()) return "";
    matched.sort(null); // ordinal, as the runner sorts
    MessageDigest all = sha256();
    for (String rel : matched) {
      MessageDigest one = sha256();
      try (InputStream in = Files.newInputStream(root.resolve(rel))) {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) one.update(buf, 0, n);
      } catch (IOException e) {
        throw new ExprEvaluationException(call.offset(), "hashFiles(): cannot read " + rel + ": " + e.getMessage(), e);
      }
      all.update(one.digest());
    }
    return HexFormat.of().formatHex(all.digest());
  }

  /** True when the last glob matching {@code rel} or a parent directory of it includes. */
  private static boolean included(String rel, List<Glob> globs) {
    List<String> prefixes = new ArrayList<>();
    for (int i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) prefixes.add(rel.substring(0, i));
    prefixes.add(rel);
    boolean in = false;
    for (Glob g : globs) {
      int candidates = g.directoryOnly ? prefixes.size() - 1 : prefixes.size();
      for (String p : prefixes.subList(0, candidates)) {
        if (g.regex.matcher(p).matches()) {
          in = !g.negate;
          break;
        }
      }
    }
    return in;
  }

  private static Glob compile(String pattern, Path root) {
    if (pattern.isEmpty() || pattern.startsWith("#")) return null;
    boolean negate = false;
    while (pattern.startsWith("!")) {
      negate = !negate;
      pattern = pattern.substring(1).strip();
    }
    if (pattern.startsWith("/")) {
      String base = root.toString().replace('\\', '/');
      if (!base.endsWith("/")) base += "/";
      if (pattern.equals(base.substring(0, base.length() - 1))) pattern = "**";
      else if (pattern.startsWith(base)) pattern = pattern.substring(base.length());
      else return new Glob(negate, Pattern.compile("(?!)"), false); // outside the workspace: matches nothing
    }
    while (pattern.startsWith("./")) pattern = pattern.substring(2);
    boolean directoryOnly = false;
    while (pattern.endsWith("/") && pattern.length() > 1) {
      pattern = pattern.substring(0, pattern.length() - 1);
      directoryOnly = true;
    }
    if (pattern.isEmpty() || pattern.equals(".")) pattern = "**";
    return new Glob(negate, Pattern.compile(toRegex(pattern)), directoryOnly);
  }

  /** A glob over '/'-separated relative paths as a regular expression. */
  static String toRegex(String glob) {
    String[] segments = glob.split("/+", -1);
    StringBuilder re = new StringBuilder();
    boolean needSlash = false;
    for (int s = 0; s < segments.length; s++) {
      String seg = segments[s];
      boolean last = s == segments.length - 1;
      if (seg.equals("**")) {
        if (last) {
          // "a/**": a itself and everything below; "**" alone: anything
          re.append(needSlash ? "(?:/.*)?" : ".*");
        } else {
          // zero or more whole segments; the slash bookkeeping stays as it was
          re.append(needSlash ? "(?:/[^/]+)*" : "(?:[^/]+/)*");
        }
        continue;
      }
      if (needSlash) re.append('/');
      segment(seg, re);
      needSlash = true;
    }
    return re.toString();
  }

  private static void segment(String seg, StringBuilder re) {
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      switch (c) {
        case '*' -> {
          while (i + 1 < seg.length() && seg.charAt(i + 1) == '*') i++;
          re.append("[^/]*");
        }
        case '?' -> re.append("[^/]");
        case '[' -> {
          int close = seg.indexOf(']', i + 2);
          if (close < 0) {
            re.append("\\[");
          } else {
            String body = seg.substring(i + 1, close);
            boolean not = body.startsWith("!") || body.startsWith("^");
            if (not) body = body.substring(1);
            re.append('[').append(not ? "^/" : "");
            for (char b : body.toCharArray()) {
              if (b == '\\' || b == '[' || b == ']' || b == '^' || b == '&') re.append('\\');
              re.append(b);
            }
            re.append(']');
            i = close;
          }
        }
        case '\\' -> {
          if (i + 1 < seg.length()) re.append(Pattern.quote(String.valueOf(seg.charAt(++i))));
          else re.append("\\\\");
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
