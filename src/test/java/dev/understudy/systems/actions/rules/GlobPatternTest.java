package dev.understudy.systems.actions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.actions.rules.GlobPattern.Kind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GlobPatternTest {

  private static final String NOTE = ". note: filter pattern syntax is explained at "
      + "https://docs.github.com/en/actions/using-workflows/workflow-syntax-for-github-actions#filter-pattern-cheat-sheet";
  private static final String GIT = ". see `man git-check-ref-format` for more details. note that regular expression is unavailable";
  private static final String FORBIDDEN = "ref name cannot contain spaces, ~, ^, :, [, ?, *";

  /** Branch and tag values from ok/ and the valid ones of err/glob_more.yaml. */
  @ParameterizedTest
  @ValueSource(strings = {"**", "release/v12", "!*", "main", "v*.*.*", "deploy/*", "test", "foo", "bar",
      "feature/**", "v[0-9]+", "v[12].[0-9]?", "releases/**-alpha", "\\!important", "a\\+b", "[a-z]"})
  void acceptsValidRefPatterns(String pattern) {
    assertThat(GlobPattern.check(pattern, Kind.REF)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"path/to/foo", "/path/to/foo.txt", "foo\\bar", "**/*.js", "!docs/**", "src/[ab]*.c",
      "docs/*.md", "*", ".github/workflows/*.yml"})
  void acceptsValidPathPatterns(String pattern) {
    assertThat(GlobPattern.check(pattern, Kind.PATH)).isEmpty();
  }

  static Stream<Arguments> invalidRefs() {
    return Stream.of(
        // err/glob_more.out, columns minus the column where the value starts
        Arguments.of("[x]", List.of(new Problem(2, "invalid glob pattern. unexpected character ']' while checking "
            + "character match []. character match with single character is useless. simply use x instead of [x]" + NOTE))),
        Arguments.of(" ", List.of(new Problem(0, "character ' ' is invalid for branch and tag names. " + FORBIDDEN + GIT + NOTE))),
        Arguments.of("/v\\d+/", List.of(
            new Problem(0, "character '/' is invalid for branch and tag names. ref name must not start with /" + GIT + NOTE),
            new Problem(2, "character '\\' is invalid for branch and tag names. only special characters [, ?, +, *, \\, ! "
                + "can be escaped with \\" + GIT + NOTE),
            new Problem(5, "character '/' is invalid for branch and tag names. ref name must not end with / and ." + GIT + NOTE))),
        Arguments.of("v[0-", List.of(new Problem(3,
            "invalid glob pattern. unexpected EOF while checking end of character match []. missing ]" + NOTE))),
        Arguments.of("v[9-0]", List.of(new Problem(4, "invalid glob pattern. unexpected character '0' while checking "
            + "character range in []. start of range '9' (57) is larger than end of range '0' (48)" + NOTE))),
        // beyond the corpus
        Arguments.of("a[]", List.of(new Problem(2, "invalid glob pattern. unexpected character ']' while checking "
            + "content of character match []. character match must not be empty" + NOTE))),
        Arguments.of("[0-]", List.of(new Problem(3, "invalid glob pattern. unexpected character ']' while checking "
            + "character range in []. end of range is missing" + NOTE))),
        Arguments.of("?foo", List.of(new Problem(0, "invalid glob pattern. unexpected character '?' while checking "
            + "special character ? (zero or one). the preceding character must not be special character" + NOTE))),
        Arguments.of("a*+", List.of(new Problem(2, "invalid glob pattern. unexpected character '+' while checking "
            + "special character + (one or more). the preceding character must not be special character" + NOTE))),
        Arguments.of("a~b", List.of(new Problem(1, "character '~' is invalid for branch and tag names. " + FORBIDDEN + GIT + NOTE))),
        Arguments.of("fix\\*", List.of(new Problem(4, "character '*' is invalid for branch and tag names. " + FORBIDDEN + GIT + NOTE))),
        Arguments.of("v1.", List.of(new Problem(2, "character '.' is invalid for branch and tag names. ref name must not "
            + "end with / and ." + GIT + NOTE))),
        Arguments.of("", List.of(new Problem(0, "glob pattern cannot be empty" + NOTE))));
  }

  @ParameterizedTest
  @MethodSource("invalidRefs")
  void reportsInvalidRefPatterns(String pattern, List<Problem> expected) {
    assertThat(GlobPattern.check(pattern, Kind.REF)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> invalidPaths() {
    return Stream.of(
        Arguments.of("!", new Problem(0, "invalid glob pattern. unexpected character '!' while checking ! at first "
            + "character (negate pattern). at least one character must follow !" + NOTE)),
        Arguments.of(" ", new Problem(0, "path value must not start with spaces" + NOTE)),
        Arguments.of("  foo", new Problem(0, "path value must not start with spaces" + NOTE)),
        Arguments.of("foo  ", new Problem(4, "path value must not end with spaces" + NOTE)),
        Arguments.of("a\nb", new Problem(1, "invalid glob pattern. unexpected character '\\n'. newline cannot be contained" + NOTE)),
        Arguments.of("./src/**", new Problem(0, "'.' and '..' are not allowed in glob path. paths are matched from the "
            + "repository root: write path/to/file, not ./path/to/file" + NOTE)));
  }

  @ParameterizedTest
  @MethodSource("invalidPaths")
  void reportsInvalidPathPatterns(String pattern, Problem expected) {
    assertThat(GlobPattern.check(pattern, Kind.PATH)).containsExactly(expected);
  }

  @Test
  void spacesAndBackslashesAreFineInPathsButNotInRefs() {
    assertThat(GlobPattern.check("my dir/a\\b", Kind.PATH)).isEmpty();
    assertThat(GlobPattern.check("my dir/a\\b", Kind.REF)).extracting(Problem::offset).containsExactly(2, 8);
  }
}
