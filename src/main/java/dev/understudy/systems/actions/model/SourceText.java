package dev.understudy.systems.actions.model;

import java.util.Arrays;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** The text of a workflow file, to turn a YAML node and an offset in its value into a place. */
final class SourceText {
  private final String text;
  private final int[] lineStarts;
  private final boolean hasSurrogates;

  SourceText(String text) {
    this.text = text;
    int[] starts = new int[16];
    int n = 0;
    starts[n++] = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        if (n == starts.length) starts = Arrays.copyOf(starts, n * 2);
        starts[n++] = i + 1;
      }
    }
    lineStarts = Arrays.copyOf(starts, n);
    hasSurrogates = text.codePoints().count() != text.length();
  }

  static Pos pos(Mark m) {
    return new Pos(m.getLine() + 1, m.getColumn() + 1);
  }

  /** A string of the workflow from a scalar node, able to place any offset of its value. */
  Str str(ScalarNode n) {
    Pos start = n.getStartMark().map(SourceText::pos).orElse(new Pos(1, 1));
    ScalarStyle style = n.getScalarStyle();
    boolean quoted = style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED;
    String value = n.getValue();
    int endLine = n.getEndMark().map(m -> m.getLine() + 1).orElse(start.line());
    if (style == ScalarStyle.LITERAL) {
      return new Str(value, start, false, literalLocator(value, start));
    }
    if (style == ScalarStyle.PLAIN && endLine == start.line()) {
      return new Str(value, start, false, null);
    }
    if (n.getStartMark().isEmpty() || n.getEndMark().isEmpty()) return new Str(value, start, quoted, null);
    int from = charIndex(n.getStartMark().get().getIndex());
    int to = Math.min(text.length(), charIndex(n.getEndMark().get().getIndex()));
    return new Str(value, start, quoted, walkingLocator(value, from, to, style, start));
  }

  /** Marks count code points; Java strings count UTF-16 units. */
  private int charIndex(int codePointIndex) {
    if (!hasSurrogates) return codePointIndex;
    try {
      return text.offsetByCodePoints(0, codePointIndex);
    } catch (IndexOutOfBoundsException e) {
      return text.length();
    }
  }

  /**
   * For quoted, folded and multi-line strings, walks the value and its source side by side: a
   * {@code ''} or a backslash escape is one character of the value, and a run of blanks and line
   * breaks in the source is the space or line break it was folded into.
   */
  private java.util.function.IntFunction<Pos> walkingLocator(String value, int from, int to, ScalarStyle style, Pos start) {
    int[][] cache = new int[1][];
    return offset -> {
      if (cache[0] == null) cache[0] = align(value, from, to, style);
      int[] map = cache[0];
      if (offset < 0 || map.length == 0) return start;
      return at(map[Math.min(offset, map.length - 1)]);
    };
  }

  private int[] align(String value, int from, int to, ScalarStyle style) {
    int[] map = new int[value.length() + 1];
    int p = from;
    if (style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED) p++;
    if (style == ScalarStyle.FOLDED) {
      while (p < to && text.charAt(p) != '\n') p++;
      while (p < to && isBlank(text.charAt(p))) p++;
    }
    int i = 0;
    while (i < value.length()) {
      if (p >= to) {
        map[i++] = Math.max(from, to - 1);
        continue;
      }
      char c = value.charAt(i);
      char sc = text.charAt(p);
      if (style == ScalarStyle.SINGLE_QUOTED && sc == '\'' && p + 1 < to && text.charAt(p + 1) == '\'') {
        map[i++] = p;
        p += 2;
      } else if (style == ScalarStyle.DOUBLE_QUOTED && sc == '\\' && p + 1 < to) {
        char e = text.charAt(p + 1);
        if (e == '\n' || e == '\r') {
          p += 2;
          while (p < to && isBlank(text.charAt(p))) p++;
          continue;
        }
        map[i++] = p;
        p += switch (e) {
          case 'x' -> 4;
          case 'u' -> 6;
          case 'U' -> 10;
          default -> 2;
        };
      } else if (isBlank(c) && isBlank(sc)) {
        int k = i;
        while (k < value.length() && isBlank(value.charAt(k))) k++;
        int q = p;
        while (q < to && isBlank(text.charAt(q))) q++;
        boolean oneToOne = k - i == q - p;
        for (int v = i; v < k; v++) map[v] = oneToOne ? p + (v - i) : (v == k - 1 ? q - 1 : p);
        i = k;
        p = q;
      } else {
        map[i++] = p++;
      }
    }
    map[value.length()] = Math.min(p, Math.max(from, to - 1));
    return map;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** In a {@code |} block, line k of the value is line k of the block's body, at its indent. */
  private java.util.function.IntFunction<Pos> literalLocator(String value, Pos header) {
    int bodyLine = header.line() + 1;
    int indent = blockIndent(bodyLine);
    return offset -> {
      int line = bodyLine;
      int lineStart = 0;
      for (int i = 0; i < offset && i < value.length(); i++) {
        if (value.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      return new Pos(line, indent + 1 + (offset - lineStart));
    };
  }

  private int blockIndent(int firstLine) {
    for (int l = firstLine; l <= lineStarts.length; l++) {
      int s = lineStarts[l - 1];
      int i = s;
      while (i < text.length() && text.charAt(i) == ' ') i++;
      if (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') return i - s;
    }
    return 0;
  }

  Pos at(int index) {
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return new Pos(lo + 1, index - lineStarts[lo] + 1);
  }
}
