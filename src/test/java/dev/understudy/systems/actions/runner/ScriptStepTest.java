package dev.understudy.systems.actions.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptStepTest {
  @TempDir Path tmp;
  Steps s;

  @BeforeEach
  void setUp() throws Exception {
    s = new Steps(tmp);
  }

  @Test
  void defaultShellIsBashWithErrexitButWithoutPipefail() {
    StepResult ok = s.run("false | true\necho \"piped ok in $BASH_VERSION\"");
    assertThat(ok.outcome()).isEqualTo(StepResult.Outcome.SUCCESS);
    assertThat(ok.exitCode()).isZero();
    assertThat(s.lines).singleElement().asString().startsWith("piped ok in ");

    StepResult failed = s.run("echo before\nfalse\necho after");
    assertThat(failed.outcome()).isEqualTo(StepResult.Outcome.FAILURE);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(s.lines).containsExactly("before", "##[error]Process completed with exit code 1.");
    assertThat(failed.annotations()).extracting(Annotation::message).containsExactly("Process completed with exit code 1.");
  }

  @Test
  void explicitBashFailsAPipelineWithPipefail() {
    StepResult r = s.run("bash", "false | true\necho never");
    assertThat(r.outcome()).isEqualTo(StepResult.Outcome.FAILURE);
    assertThat(s.lines).doesNotContain("never");
  }

  @Test
  void shRunsPlainShWithErrexit() {
    StepResult r = s.run("sh", "echo \"bash? ${BASH_VERSION:-no}\"\nfalse\necho never");
    assertThat(r.exitCode()).isEqualTo(1);
    // on Debian sh is dash; elsewhere it may be bash in POSIX mode, which still sets no pipefail
    assertThat(s.lines.get(0)).startsWith("bash? ");
    assertThat(s.lines).doesNotContain("never");
  }

  @Test
  void pythonRunsTheScriptAsAPyFile() {
    StepResult r = s.run("python", "import sys, os\nprint('py', sys.version_info[0], os.path.splitext(sys.argv[0])[1])\nsys.exit(3)");
    assertThat(s.lines).startsWith("py 3 .py");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.outcome()).isEqualTo(StepResult.Outcome.FAILURE);
  }

  @Test
  void customTemplateIsSplitIntoArgumentsNotPastedIntoAShell() {
    StepResult r = s.run("bash --noprofile {0} one 'two;", "printf '<%s>' \"$@\"; echo");
    assertThat(r.succeeded()).isTrue();
    assertThat(s.lines).containsExactly("<one><'two;>");
  }

  @Test
  void exitCodeIsReported() {
    StepResult r = s.run("exit 7");
    assertThat(r.exitCode()).isEqualTo(7);
    assertThat(r.outcome()).isEqualTo(StepResult.Outcome.FAILURE);
    assertThat(r.duration()).isPositive();
  }

  @Test
  void stdoutAndStderrArriveMergedInOrder() {
    s.run("for i in 1 2 3; do echo out$i; echo err$i >&2; done");
    assertThat(s.lines).containsExactly("out1", "err1", "out2", "err2", "out3", "err3");
  }

  @Test
  void theEnvironmentIsExactlyTheOneGivenPlusTheFileVariables() {
    s.env.put("ONLY_HERE", "yes");
    s.run("bash", "compgen -e");
    Set<String> allowed = new java.util.HashSet<>(s.env.keySet());
    allowed.addAll(List.of("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY", "GITHUB_STATE",
        "PWD", "OLDPWD", "SHLVL", "_"));
    assertThat(s.lines).contains("ONLY_HERE", "GITHUB_OUTPUT", "GITHUB_STATE");
    assertThat(allowed).containsAll(s.lines);
  }

  @Test
  void workingDirectoryDefaultsToTheWorkspace() throws Exception {
    s.run("pwd");
    assertThat(s.lines).containsExactly(s.workspace.toRealPath().toString());
    Path sub = Files.createDirectories(s.workspace.resolve("sub"));
    s.step("pwd").workingDirectory(sub).build().run();
    assertThat(s.lines).containsExactly(sub.toRealPath().toString());
  }

  @Test
  void missingWorkingDirectoryIsAClearError() {
    StepResult r = s.step("pwd").workingDirectory(s.workspace.resolve("nope")).build().run();
    assertThat(r.outcome()).isEqualTo(StepResult.Outcome.FAILURE);
    assertThat(r.exitCode()).isNull();
    assertThat(r.annotations()).extracting(Annotation::message).singleElement().asString()
        .contains("working directory", "nope", "does not exist");
  }

  @Test
  void environmentFilesWithHeredocsAndMultiLineValues() {
    StepResult r = s.run(String.join("\n",
        "echo 'plain=one=two' >> \"$GITHUB_OUTPUT\"",
        "{ echo 'multi<<EOF_1'; echo 'line 1'; echo ''; echo 'line 3'; echo 'EOF_1'; } >> \"$GITHUB_OUTPUT\"",
        "echo 'empty=' >> \"$GITHUB_OUTPUT\"",
        "echo 'GREETING=hello world' >> \"$GITHUB_ENV\"",
        "printf 'JSON<<ghadelimiter_x\\n{\"a\": 1}\\nghadelimiter_x\\n' >> \"$GITHUB_ENV\"",
        "echo 'pid=123' >> \"$GITHUB_STATE\"",
        "echo '### Done :rocket:' >> \"$GITHUB_STEP_SUMMARY\""));
    assertThat(r.succeeded()).isTrue();
    assertThat(r.outputs()).containsExactly(java.util.Map.entry("plain", "one=two"),
        java.util.Map.entry("multi", "line 1\n\nline 3"), java.util.Map.entry("empty", ""));
    assertThat(r.env()).containsEntry("GREETING", "hello world").containsEntry("JSON", "{\"a\": 1}");
    assertThat(r.state()).containsEntry("pid", "123");
    assertThat(r.summary()).isEqualTo("### Done :rocket:\n");
  }

  @Test
  void eachStepGetsFreshEmptyEnvironmentFiles() {
    s.run("echo a=1 >> \"$GITHUB_OUTPUT\"");
    StepResult second = s.run("cat \"$GITHUB_OUTPUT\"; echo \"size=$(wc -c < \"$GITHUB_OUTPUT\")\"");
    assertThat(s.lines).containsExactly("size=0");
    assertThat(second.outputs()).isEmpty();
  }

  @Test
  void unterminatedHeredocFailsTheStepWithAClearMessage() {
    StepResult r = s.run("printf 'ok=1\\nbody<<END\\nsome text\\n' >> \"$GITHUB_OUTPUT\"");
    assertThat(r.outcome()).isEqualTo(StepResult.Outcome.FAILURE);
    assertThat(r.exitCode()).isZero();
    assertThat(r.annotations()).extracting(Annotation::message).singleElement().asString()
        .contains("$GITHUB_OUTPUT line 2", "body<<END", "never closed", "exactly END");
    assertThat(s.lines).anyMatch(l -> l.startsWith("##[error]$GITHUB_OUTPUT line 2"));
  }

  @Test
  void githubPathReachesALaterProcess() throws Exception {
    Path tools = Files.createDirectories(tmp.resolve("my tools"));
    Path tool = tools.resolve("hello-tool");
    Files.writeString(tool, "#!/bin/sh\necho \"hello from the tool\"\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));

    StepResult first = s.run("echo \"" + tools + "\" >> \"$GITHUB_PATH\"\ncommand -v hello-tool || echo missing");
    assertThat(s.lines).containsExactly("missing");
    assertThat(first.path()).containsExactly(tools.toString());

    s.env.put("PATH", FileCommands.prependPath(s.env.get("PATH"), first.path()));
    StepResult second = s.run("hello-tool");
    assertThat(second.succeeded()).isTrue();
    assertThat(s.lines).containsExactly("hello from the tool");
  }

  @Test
  void addMaskMasksTheRestOfTheSameStep() {
    StepResult r = s.run(String.join("\n",
        "echo 'before: s3cr3t-value'",
        "echo '::add-mask::s3cr3t-value'",
        "echo 'after: s3cr3t-value'",
        "echo 'err: s3cr3t-value' >&2",
        "echo '::error title=about s3cr3t-value::leaked s3cr3t-value'",
        "echo 'leak=s3cr3t-value' >> \"$GITHUB_OUTPUT\"",
        "echo 'sum s3cr3t-value' >> \"$GITHUB_STEP_SUMMARY\""));
    assertThat(s.lines).containsExactly("before: s3cr3t-value", "after: ***", "err: ***", "##[error]leaked ***");
    assertThat(r.annotations()).singleElement().satisfies(a -> {
      assertThat(a.message()).isEqualTo("leaked ***");
      assertThat(a.title()).isEqualTo("about ***");
    });
    assertThat(r.summary()).isEqualTo("sum ***\n");
    assertThat(r.outputs()).containsEntry("leak", "s3cr3t-value"); // data for expressions; shown masked
    assertThat(s.masker.mask("later step: s3cr3t-value")).isEqualTo("later step: ***");
  }

  @Test
  void callerSecretsAreMaskedInOutput() {
    s.env.put("API_TOKEN", "tok-98765-abc");
    s.step("echo \"token is $API_TOKEN\"\nprintf 'multi\\nline\\n'")
        .secrets(List.of("tok-98765-abc", "multi\nline")).build().run();
    assertThat(s.lines).containsExactly("token is ***", "***", "***");
  }

  @Test
  void stopCommandsTurnCommandsIntoText() {
    StepResult r = s.run(String.join("\n",
        "echo '::stop-commands::pause-7f3a'",
        "echo '::error::not an error'",
        "echo '::add-mask::notmasked'",
        "echo 'notmasked'",
        "echo '::pause-7f3a::'",
        "echo '::warning::a real warning'"));
    assertThat(s.lines).containsExactly("::error::not an error", "::add-mask::notmasked", "notmasked",
        "##[warning]a real warning");
    assertThat(r.annotations()).extracting(Annotation::level, Annotation::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Annotation.Level.WARNING, "a real warning"));
    assertThat(r.succeeded()).isTrue();
  }

  @Test
  void errorCommandBecomesAnAnnotation() {
    StepResult r = s.run("echo '::error file=a.js,line=3::msg'\n"
        + "echo '::notice file=" + s.workspace + "/src/b.ts,line=1,endLine=2,col=5,endColumn=9,title=T%3A1%2C2::two%0Alines'");
    assertThat(r.succeeded()).isTrue(); // an ::error alone does not fail the step
    assertThat(r.annotations()).containsExactly(
        new Annotation(Annotation.Level.ERROR, "msg", "a.js", 3, null, null, null, null),
        new Annotation(Annotation.Level.NOTICE, "two\nlines", "src/b.ts", 1, 2, 5, 9, "T:1,2"));
    assertThat(s.lines).containsExactly("##[error]msg", "##[notice]two", "lines");
  }

  @Test
  void groupsDebugAndUnknownCommands() {
    s.run("echo '::group::Build'\necho '::debug::hidden'\necho '::endgroup::'\necho '::frobnicate::x'");
    assertThat(s.lines).containsExactly("##[group]Build", "##[endgroup]", "::frobnicate::x");
    s.step("echo '::debug::shown'").debug(true).build().run();
    assertThat(s.lines).containsExactly("##[debug]shown");
  }

  @Test
  void setOutputStillWorksWithADeprecationWarning() {
    StepResult r = s.run("echo '::set-output name=x::v%25'\necho '::save-state name=k::1'");
    assertThat(r.outputs()).containsEntry("x", "v%");
    assertThat(r.state()).containsEntry("k", "1");
    assertThat(r.succeeded()).isTrue();
    assertThat(r.annotations()).extracting(Annotation::level).containsOnly(Annotation.Level.WARNING);
    assertThat(s.lines.get(0)).startsWith("##[warning]The `set-output` command is deprecated");
  }

  @Test
  void setEnvAndAddPathAreRejectedUnlessOptedIn() {
    StepResult r = s.run("echo '::set-env name=A::1'\necho '::add-path::/opt/x'\necho still running");
    assertThat(r.outcome()).isEqualTo(StepResult.Outcome.FAILURE);
    assertThat(r.exitCode()).isZero();
    assertThat(r.env()).isEmpty();
    assertThat(r.path()).isEmpty();
    assertThat(s.lines).contains("still running", "##[error]Unable to process command '::set-env name=A::1' successfully.",
        "##[error]" + String.format(WorkflowCommands.UNSECURE_DISABLED, "set-env"),
        "##[error]" + String.format(WorkflowCommands.UNSECURE_DISABLED, "add-path"));

    s.env.put("ACTIONS_ALLOW_UNSECURE_COMMANDS", "true");
    StepResult allowed = s.run("echo '::set-env name=A::1'\necho '::add-path::/opt/x'");
    assertThat(allowed.succeeded()).isTrue();
    assertThat(allowed.env()).containsEntry("A", "1");
    assertThat(allowed.path()).containsExactly("/opt/x");
  }

  @Test
  void timeoutStopsTheWholeProcessTree() throws Exception {
    Path pids = tmp.resolve("pids");
    StepResult r = s.step("echo $$ > '" + pids + "'\n"
        + "sleep 300 & echo $! >> '" + pids + "'\n"
        + "bash -c 'echo $$ >> \"" + pids + "\"; sleep 301 & echo $! >> \"" + pids + "\"; wait' &\n"
        + "echo started\nwait")
        .timeout(Duration.ofMillis(2000)).build().run();
    assertThat(r.outcome()).isEqualTo(StepResult.Outcome.TIMED_OUT);
    assertThat(r.outcome().contextValue()).isEqualTo("failure");
    assertThat(r.exitCode()).isNull();
    assertThat(s.lines).containsExactly("started", "##[error]The action has timed out after 2 seconds.");
    List<Long> all = Arrays.stream(Files.readString(pids).split("\\s+")).filter(x -> !x.isEmpty())
        .map(Long::valueOf).collect(Collectors.toList());
    assertThat(all).hasSize(4);
    // a killed grandchild may stay a zombie until PID 1 reaps it; ProcessHandle counts that as alive
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(all).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
  }

  @Test
  void cancelStopsARunningStep() throws Exception {
    StepProcess p = s.step("echo started\nsleep 300\necho never").build().start();
    await().atMost(Duration.ofSeconds(10)).until(() -> s.lines.contains("started"));
    assertThat(p.isDone()).isFalse();
    p.cancel();
    StepResult r = p.await(Duration.ofSeconds(20)).orElseThrow();
    assertThat(r.outcome()).isEqualTo(StepResult.Outcome.CANCELLED);
    assertThat(s.lines).containsExactly("started", "##[error]The operation was canceled.");
    p.cancel(); // no effect after the end
    assertThat(p.await()).isSameAs(r);
  }

  @Test
  void unavailableShellsFailTheStepClearly() {
    StepResult win = s.run("cmd", "echo hi");
    assertThat(win.outcome()).isEqualTo(StepResult.Outcome.FAILURE);
    assertThat(win.annotations().get(0).message()).contains("only on Windows");

    s.env.put("PATH", tmp.resolve("empty").toString());
    StepResult none = s.run("bash", "echo hi");
    assertThat(none.annotations().get(0).message()).contains("shell: bash needs bash on PATH");
  }
}
