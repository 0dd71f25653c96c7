package dev.understudy.systems.actions.model;

import java.util.Arrays;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** The text of a workflow file, to turn a YAML node and an offset in its value into a place. */
final class SourceText {
  private final String text;
  private final int[] lineStarts;

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
    if (endLine == start.line() || !value.contains("${{")) {
      return new Str(value, start, quoted, null);
    }
    int from = n.getStartMark().get().getIndex();
    int to = Math.min(text.length(), n.getEndMark().get().getIndex());
    return new Str(value, start, quoted, templateLocator(value, from, to, start));
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

  /**
   * For folded and multi-line strings the value's characters do not line up with the file's, but
   * each {@code ${{} of the value is the same-numbered {@code ${{} of the source.
   */
  private java.util.function.IntFunction<Pos> templateLocator(String value, int from, int to, Pos start) {
    String source = text.substring(from, to);
    return offset -> {
      int k = 0;
      int anchor = -1;
      for (int i = value.indexOf("${{"); i >= 0 && i <= offset; i = value.indexOf("${{", i + 3)) {
        anchor = i;
        k++;
      }
      if (anchor < 0) return start;
      int src = -1;
      for (int j = 0; j < k; j++) {
        src = source.indexOf("${{", src + 1);
        if (src < 0) return start;
      }
      return at(from + src + (offset - anchor));
    };
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
