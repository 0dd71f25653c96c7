package dev.understudy.util;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u} style) of two texts, line by line, from a longest common
 * subsequence. Meant for files of human size (workflows, configs): past about 4 million line
 * pairs it shows the whole of both sides as one change instead.
 */
public final class UnifiedDiff {
  private static final long MAX_CELLS = 4_000_000L;

  private UnifiedDiff() {}

  /** The diff from {@code a} to {@code b}, or the empty string when they are equal. */
  public static String diff(String aLabel, String bLabel, String a, String b, int context) {
    if (a.equals(b)) return "";
    List<String> x = lines(a);
    List<String> y = lines(b);
    List<char[]> ops = script(x, y); // one of ' ', '-', '+' per line of the edit script
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(aLabel).append('\n').append("+++ ").append(bLabel).append('\n');
    // walk the script in hunks
    int n = ops.size();
    int[] ax = new int[n + 1];
    int[] by = new int[n + 1];
    for (int k = 0, i = 0, j = 0; k <= n; k++) {
      ax[k] = i;
      by[k] = j;
      if (k == n) break;
      char op = ops.get(k)[0];
      if (op != '+') i++;
      if (op != '-') j++;
    }
    int k = 0;
    while (k < n) {
      while (k < n && ops.get(k)[0] == ' ') k++;
      if (k == n) break;
      int start = Math.max(0, k - context);
      int end = k;
      while (true) {
        while (end < n && ops.get(end)[0] != ' ') end++;
        int same = 0;
        while (end + same < n && ops.get(end + same)[0] == ' ') same++;
        if (end + same < n && same <= 2 * context) {
          end += same;
          continue;
        }
        end = Math.min(n, end + Math.min(same, context));
        break;
      }
      int aStart = ax[start], bStart = by[start];
      int aLen = ax[end] - aStart, bLen = by[end] - bStart;
      out.append("@@ -").append(range(aStart, aLen)).append(" +").append(range(bStart, bLen)).append(" @@\n");
      for (int m = start; m < end; m++) {
        char op = ops.get(m)[0];
        String line = op == '+' ? y.get(by[m]) : x.get(ax[m]);
        out.append(op).append(line);
        if (!line.endsWith("\n")) out.append("\n\\ No newline at end of file\n");
      }
      k = end;
    }
    return out.toString();
  }

  private static String range(int start, int len) {
    int first = len == 0 ? start : start + 1;
    return len == 1 ? String.valueOf(first) : first + "," + len;
  }

  /** Lines with their terminators, so a missing final newline shows. */
  static List<String> lines(String s) {
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        out.add(s.substring(from, i + 1));
        from = i + 1;
      }
    }
    if (from < s.length()) out.add(s.substring(from));
    return out;
  }

  private static List<char[]> script(List<String> x, List<String> y) {
    int pre = 0;
    while (pre < x.size() && pre < y.size() && x.get(pre).equals(y.get(pre))) pre++;
    int suf = 0;
    while (suf < x.size() - pre && suf < y.size() - pre
        && x.get(x.size() - 1 - suf).equals(y.get(y.size() - 1 - suf))) suf++;
    int n = x.size() - pre - suf;
    int m = y.size() - pre - suf;
    List<char[]> ops = new ArrayList<>();
    for (int i = 0; i < pre; i++) ops.add(new char[] {' '});
    if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
      for (int i = 0; i < n; i++) ops.add(new char[] {'-'});
      for (int j = 0; j < m; j++) ops.add(new char[] {'+'});
    } else {
      int[][] lcs = new int[n + 1][m + 1];
      for (int i = n - 1; i >= 0; i--) {
        for (int j = m - 1; j >= 0; j--) {
          lcs[i][j] = x.get(pre + i).equals(y.get(pre + j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        }
      }
      int i = 0, j = 0;
      while (i < n || j < m) {
        if (i < n && j < m && x.get(pre + i).equals(y.get(pre + j))) {
          ops.add(new char[] {' '});
          i++;
          j++;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
          ops.add(new char[] {'-'});
          i++;
        } else {
          ops.add(new char[] {'+'});
          j++;
        }
      }
    }
    for (int i = 0; i < suf; i++) ops.add(new char[] {' '});
    return ops;
  }
}
