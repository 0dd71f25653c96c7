package dev.understudy.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
  @Test
  void equalTextsHaveNoDiff() {
    assertThat(UnifiedDiff.diff("a", "b", "x\ny\n", "x\ny\n", 3)).isEmpty();
  }

  @Test
  void oneChangedLineWithContext() {
    String a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    String b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
    assertThat(UnifiedDiff.diff("a/f", "b/f", a, b, 3)).isEqualTo("""
        --- a/f
        +++ b/f
        @@ -2,7 +2,7 @@
         2
         3
         4
        -5
        +five
         6
         7
         8
        """);
  }

  @Test
  void distantChangesAreSeparateHunksAndAMissingNewlineShows() {
    String a = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    String b = "A\nb\nc\nd\ne\nf\ng\nh\ni\nj";
    assertThat(UnifiedDiff.diff("x", "y", a, b, 1)).isEqualTo("""
        --- x
        +++ y
        @@ -1,2 +1,2 @@
        -a
        +A
         b
        @@ -9,2 +9,2 @@
         i
        -j
        +j
        \\ No newline at end of file
        """);
  }

  @Test
  void fromNothing() {
    assertThat(UnifiedDiff.diff("x", "y", "", "a\nb\n", 3)).isEqualTo("--- x\n+++ y\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  }
}
