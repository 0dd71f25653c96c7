package dev.understudy.systems.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code understudy validate} as a user runs it: the built jar, real files, exit statuses. */
class ValidateIT {
  @TempDir Path tmp;

  private static final String GOOD = """
      on:
        schedule:
          - cron: '*/15 * * * *'
        workflow_dispatch:
      jobs:
        check:
          runs-on: ubuntu-latest
          steps:
            - run: echo ok
      """;

  private static final String BAD = """
      on:
        schedule:
          - cron: '*/2 * * * *'
        issues:
      jobs:
        check:
          runs-on: ubuntu-latest
          needs: [deploy]
          steps:
            - run: echo "${{ github.event.issue.title }}"
      """;

  @Test
  void aCleanProjectExitsZeroAndABrokenFileIsOneLinePerFinding() throws Exception {
    Path workflows = Files.createDirectories(tmp.resolve("project/.github/workflows"));
    Files.writeString(workflows.resolve("good.yml"), GOOD);
    Cli cli = new Cli(tmp.resolve("home"));

    Cli.Result clean = cli.run("validate", tmp.resolve("project").toString());
    assertThat(clean.exit()).as(clean.toString()).isZero();
    assertThat(clean.out()).isEmpty();

    Files.writeString(workflows.resolve("bad.yaml"), BAD);
    Cli.Result found = cli.run("validate", tmp.resolve("project").toString());
    assertThat(found.exit()).as(found.toString()).isEqualTo(1);
    String file = workflows.resolve("bad.yaml").toString();
    assertThat(found.out().lines().toList()).containsExactly(
        file + ":3:14: scheduled job runs too frequently. it runs once per 120 seconds. the shortest interval is once every 5 minutes [events]",
        file + ":6:3: job \"check\" needs job \"deploy\" which does not exist in this workflow [job-needs]",
        file + ":10:24: \"github.event.issue.title\" is potentially untrusted. avoid using it directly in inline scripts. "
            + "instead, pass it through an environment variable. see https://docs.github.com/en/actions/security-for-github-actions/"
            + "security-guides/security-hardening-for-github-actions for more details [expression]");
  }

  @Test
  void jsonGivesTheSameFindingsAsAnArray() throws Exception {
    Path bad = tmp.resolve("bad.yml");
    Files.writeString(bad, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ foo }}\n");
    Cli.Result r = new Cli(tmp.resolve("home")).run("validate", "--format", "json", bad.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.out().strip()).startsWith("[{\"file\": \"" + bad + "\", \"line\": 6, \"column\": 23, \"message\": \"undefined variable \\\"foo\\\"")
        .endsWith("\"rule\": \"expression\"}]");
  }

  @Test
  void aMissingPathOrAnUnknownFormatIsBadInput() throws Exception {
    Cli cli = new Cli(tmp.resolve("home"));
    Cli.Result missing = cli.run("validate", tmp.resolve("nope.yml").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.yml: no such file or folder");
    Cli.Result format = cli.run("validate", "--format", "xml", tmp.toString());
    assertThat(format.exit()).isEqualTo(2);
    assertThat(format.err()).contains("--format");
  }
}
