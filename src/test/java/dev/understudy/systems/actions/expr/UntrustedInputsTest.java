package dev.understudy.systems.actions.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UntrustedInputsTest {
  static final String ADVICE = " is potentially untrusted. avoid using it directly in inline scripts. instead, pass it "
      + "through an environment variable. see https://docs.github.com/en/actions/security-for-github-actions/"
      + "security-guides/security-hardening-for-github-actions for more details";

  static List<ExprError> find(String source) {
    ExprParser.Result r = ExprParser.parse(source);
    assertThat(r.error()).isNull();
    return UntrustedInputs.find(r.expr());
  }

  static List<String> paths(String source) {
    return find(source).stream().map(e -> e.message().substring(0, e.message().indexOf('"', 1) + 1)).toList();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiterString = " ~ ", quoteCharacter = '`', value = {
      "github.event.issue.title ~ github.event.issue.title",
      "GITHUB.Event.Issue.Title ~ github.event.issue.title",
      "github.event.pull_request.body ~ github.event.pull_request.body",
      "github.event.pull_request.head.ref ~ github.event.pull_request.head.ref",
      "github.event.pull_request.head.repo.default_branch ~ github.event.pull_request.head.repo.default_branch",
      "github.head_ref ~ github.head_ref",
      "github.event.comment.body ~ github.event.comment.body",
      "github.event.review.body ~ github.event.review.body",
      "github.event.review_comment.body ~ github.event.review_comment.body",
      "github.event.discussion.title ~ github.event.discussion.title",
      "github.event.head_commit.message ~ github.event.head_commit.message",
      "github.event.head_commit.author.name ~ github.event.head_commit.author.name",
      "github.event.commits.*.author.name ~ github.event.commits.*.author.name",
      "github.event.commits[0].message ~ github.event.commits.*.message",
      "github.event.commits[github.run_attempt].author.email ~ github.event.commits.*.author.email",
      "github.event.pages.*.page_name ~ github.event.pages.*.page_name",
      "github.event['issue']['title'] ~ github.event.issue.title",
      "github['event'].issue['TITLE'] ~ github.event.issue.title",
      "format('{0}', github.event.issue.body) ~ github.event.issue.body",
      "toJSON(github.event.commits.*.message) ~ github.event.commits.*.message",
      "github.event.*.body[0] ~ `object filter extracts",
      "github.event.*.body ~ `object filter extracts",
      "github.event.commits.*.author[0].name ~ github.event.commits.*.author.name",
  })
  void reportsUntrustedPath(String source, String path) {
    List<String> found = paths(source);
    assertThat(found).hasSize(1);
    if (path.startsWith("object filter")) {
      assertThat(found.get(0)).startsWith("object filter extracts");
    } else {
      assertThat(found.get(0)).isEqualTo("\"" + path + "\"");
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiterString = " ~ ", quoteCharacter = '`', value = {
      "github.event.issue",
      "github.event.issue.number",
      "github.event.commits",
      "github.event.commits.*.id",
      "github.sha",
      "env.TITLE",
      "contains(github.event.issue.title, 'bug')",
      "startsWith(github.head_ref, 'dependabot/')",
      "endsWith(github.event.pull_request.head.ref, format('{0}', github.event.issue.title))",
  })
  void ignoresTrustedOrSafelyUsedValues(String source) {
    assertThat(find(source)).isEmpty();
  }

  @Test
  void messageAndOffsetPointAtTheContext() {
    List<ExprError> found = find("'x' == github.event.issue.title");
    assertThat(found).singleElement().satisfies(e -> {
      assertThat(e.offset()).isEqualTo(7);
      assertThat(e.message()).isEqualTo("\"github.event.issue.title\"" + ADVICE);
    });
  }

  @Test
  void onlyTheThreeStringTestsAreSafe() {
    // Like actionlint: a comparison is not exempt, only contains/startsWith/endsWith are.
    assertThat(find("github.event.pull_request.title == 'x'")).hasSize(1);
    assertThat(find("fromJSON(github.event.comment.body)")).hasSize(1);
  }

  @Test
  void reportsEachUse() {
    List<ExprError> found = find("format('{0}{1}', github.event.issue.title, github.head_ref)");
    assertThat(found).extracting(ExprError::offset).containsExactly(17, 43);
  }

  @Test
  void indexExpressionIsCheckedOnItsOwn() {
    assertThat(paths("env[github.event.issue.title]")).containsExactly("\"github.event.issue.title\"");
  }

  @Test
  void filterOverAnObjectListsEveryUntrustedLeaf() {
    assertThat(paths("github.event.head_commit.*")).as("one untrusted leaf among the values")
        .containsExactly("\"github.event.head_commit.message\"");
    List<ExprError> author = find("github.event.head_commit.author.*");
    assertThat(author).singleElement().extracting(ExprError::message).asString().startsWith(
        "object filter extracts potentially untrusted properties \"github.event.head_commit.author.email\", "
            + "\"github.event.head_commit.author.name\". avoid using the value directly in inline scripts.");
  }
}
