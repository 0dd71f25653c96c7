package dev.understudy.systems.actions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.actions.rules.Ids.Id;
import dev.understudy.systems.actions.rules.Ids.IdProblem;
import dev.understudy.systems.actions.rules.ShellNames.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PermissionScopes, Ids, DeprecatedCommands, ShellNames and EnvVarNames. */
class SmallCheckersTest {

  private static final String SCOPES = "\"actions\", \"artifact-metadata\", \"attestations\", \"checks\", \"contents\", "
      + "\"deployments\", \"discussions\", \"id-token\", \"issues\", \"models\", \"packages\", \"pages\", \"pull-requests\", "
      + "\"repository-projects\", \"security-events\", \"statuses\"";

  @Test
  void permissions() {
    assertThat(PermissionScopes.checkAll("read-all")).isEmpty(); // ok/ (workflow_call_job)
    assertThat(PermissionScopes.checkAll("write-all")).isEmpty();
    // err/issue170_empty_permissions.out
    assertThat(PermissionScopes.checkAll("")).hasValue(
        "\"\" is invalid for permission for all the scopes. available values are \"read-all\" and \"write-all\"");
    // err/permissions_upper_case.out, plus the two scopes GitHub added since (artifact-metadata, models)
    assertThat(PermissionScopes.checkScope("ACTIONS"))
        .hasValue("unknown permission scope \"ACTIONS\". all available permission scopes are " + SCOPES);
    assertThat(PermissionScopes.checkScope("actions")).isEmpty();
    assertThat(PermissionScopes.checkScope("models")).isEmpty();
    assertThat(PermissionScopes.checkValue("contents", "write")).isEmpty();
    assertThat(PermissionScopes.checkValue("contents", "admin")).hasValue(
        "\"admin\" is invalid as permission of scope \"contents\". available values are \"read\", \"write\", \"none\"");
    assertThat(PermissionScopes.checkValue("id-token", "read")).hasValue(
        "\"read\" is invalid as permission of scope \"id-token\". available values are \"write\", \"none\"");
    assertThat(PermissionScopes.checkValue("models", "write")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"test", "build_and_test", "_private", "job-1", "A", "call1", "get_latest_release", "${{ x }}", ""})
  void acceptsWellFormedIds(String id) {
    assertThat(Ids.checkJobId(id)).isEmpty();
    assertThat(Ids.checkStepId(id)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-foo", "v1.2.3", "1-2-3", "foo bar", "é"})
  void reportsMalformedIds(String id) {
    // err/invalid_id.out
    assertThat(Ids.checkJobId(id)).hasValue("invalid job ID " + Quoting.quote(id)
        + ". job ID must start with a letter or _ and contain only alphanumeric characters, -, or _");
    assertThat(Ids.checkStepId(id)).hasValue("invalid step ID " + Quoting.quote(id)
        + ". step ID must start with a letter or _ and contain only alphanumeric characters, -, or _");
  }

  @Test
  void duplicateStepIdsIgnoreCase() {
    List<Id> ids = List.of(new Id("build", "line:7,col:13"), new Id("test", "line:9,col:13"),
        new Id("BUILD", "line:11,col:13"), new Id("${{ x }}", "a"), new Id("${{ x }}", "b"));
    assertThat(Ids.duplicateStepIds(ids)).containsExactly(new IdProblem(2, "step ID \"BUILD\" duplicates. previously "
        + "defined at line:7,col:13. step ID must be unique within a job. note that step ID is case insensitive"));
  }

  @Test
  void deprecatedCommands() {
    String url = " instead: https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions";
    // err/deprecated_workflow_commands.out
    assertThat(DeprecatedCommands.check("echo '::set-output name=foo::bar'")).containsExactly(new Problem(6,
        "workflow command \"set-output\" was deprecated. use `echo \"{name}={value}\" >> $GITHUB_OUTPUT`" + url));
    assertThat(DeprecatedCommands.check("echo '::save-state name=foo::bar'")).containsExactly(new Problem(6,
        "workflow command \"save-state\" was deprecated. use `echo \"{name}={value}\" >> $GITHUB_STATE`" + url));
    assertThat(DeprecatedCommands.check("echo '::set-env name=foo::bar'")).containsExactly(new Problem(6,
        "workflow command \"set-env\" was deprecated. use `echo \"{name}={value}\" >> $GITHUB_ENV`" + url));
    assertThat(DeprecatedCommands.check("echo '::add-path::/path/to/foo'")).containsExactly(new Problem(6,
        "workflow command \"add-path\" was deprecated. use `echo \"{path}\" >> $GITHUB_PATH`" + url));
    assertThat(DeprecatedCommands.check("set -e\necho ::set-output name=a::1\necho \"::add-path::$HOME/bin\""))
        .extracting(Problem::offset).containsExactly(12, 41);
  }

  @ParameterizedTest
  @ValueSource(strings = {"echo \"::debug::Set the Octocat variable\"",
      "echo \"::notice file=app.js,line=1,col=5,endColumn=7::Missing semicolon\"", "echo \"::group::My title\"",
      "echo \"::endgroup::\"", "echo \"::add-mask::Mona The Octocat\"", "echo \"::stop-commands::hogehoge\"",
      "echo \"foo=bar\" >> $GITHUB_OUTPUT", "echo '::set-output name=::bar'", "echo ::add-path::"})
  void otherWorkflowCommandsPass(String script) {
    assertThat(DeprecatedCommands.check(script)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bash|ANY", "pwsh|ANY", "python|ANY", "sh|ANY", "cmd|ANY", "powershell|ANY", "PowerShell|WINDOWS",
      "POWERSHELL|ANY", "sh -e {0}|WINDOWS", "bash -e {0}|MAC_OR_LINUX", "python {0}|ANY", "${{ env.SHELL }}|ANY",
      "${{ 'sh {0}' }}|ANY", "bash|WINDOWS", "pwsh|MAC_OR_LINUX"})
  void acceptsShells(String shell, Platform platform) {
    assertThat(ShellNames.check(shell, platform)).isEmpty();
  }

  @Test
  void reportsShells() {
    assertThat(ShellNames.check("fish", Platform.ANY)).hasValue("shell name \"fish\" is invalid. available names are "
        + "\"bash\", \"cmd\", \"powershell\", \"pwsh\", \"python\", \"sh\"");
    assertThat(ShellNames.check("powershell", Platform.MAC_OR_LINUX)).hasValue("shell name \"powershell\" is invalid "
        + "on macOS or Linux. available names are \"bash\", \"pwsh\", \"python\", \"sh\"");
    assertThat(ShellNames.check("sh", Platform.WINDOWS)).hasValue("shell name \"sh\" is invalid on Windows. "
        + "available names are \"bash\", \"cmd\", \"powershell\", \"pwsh\", \"python\"");
    assertThat(ShellNames.check("zsh", Platform.WINDOWS)).hasValue("shell name \"zsh\" is invalid. "
        + "available names are \"bash\", \"cmd\", \"powershell\", \"pwsh\", \"python\"");
  }

  @Test
  void platformsFromLabels() {
    assertThat(Platform.of(List.of("ubuntu-latest"))).isEqualTo(Platform.MAC_OR_LINUX);
    assertThat(Platform.of(List.of("self-hosted", "Windows"))).isEqualTo(Platform.WINDOWS);
    assertThat(Platform.of(List.of("windows-latest", "macos-latest"))).isEqualTo(Platform.ANY);
    assertThat(Platform.of(List.of("self-hosted", "gpu"))).isEqualTo(Platform.ANY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"FOO", "foo_bar", "FOO-BAR", "${{ matrix.name }}", "${{ 'a b' }}"})
  void acceptsEnvNames(String name) {
    assertThat(EnvVarNames.check(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"FOO BAR", "FOO=BAR", "A&B", "TAB\tX"})
  void reportsEnvNames(String name) {
    assertThat(EnvVarNames.check(name)).hasValue("environment variable name " + Quoting.quote(name)
        + " is invalid. '&', '=' and spaces should not be contained");
  }
}
