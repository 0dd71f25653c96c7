package dev.understudy.systems.actions.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.engine.process.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandardEnvTest {
  @TempDir Path tmp;

  @Test
  void defaultVariables() {
    Map<String, String> env = StandardEnv.builder().workspace(tmp.resolve("ws")).runnerTemp(tmp.resolve("t"))
        .eventName("push").eventPath(tmp.resolve("event.json")).sha("a".repeat(40)).ref("refs/tags/v1.2")
        .repository("octo/site").runId(99).runNumber(5).job("build").actor("mona").workflow("CI").build();
    assertThat(env).containsEntry("CI", "true").containsEntry("GITHUB_ACTIONS", "true")
        .containsEntry("GITHUB_REF_NAME", "v1.2").containsEntry("GITHUB_REF_TYPE", "tag")
        .containsEntry("GITHUB_REPOSITORY_OWNER", "octo").containsEntry("GITHUB_RUN_ID", "99")
        .containsEntry("GITHUB_RUN_NUMBER", "5").containsEntry("GITHUB_RUN_ATTEMPT", "1")
        .containsEntry("GITHUB_EVENT_PATH", tmp.resolve("event.json").toString())
        .containsEntry("GITHUB_SERVER_URL", "https://github.com").containsEntry("GITHUB_API_URL", "https://api.github.com")
        .containsEntry("RUNNER_TEMP", tmp.resolve("t").toString())
        .containsEntry("RUNNER_TOOL_CACHE", tmp.resolve("t").resolve("_tool").toString())
        .containsKeys("GITHUB_WORKSPACE", "GITHUB_SHA", "GITHUB_EVENT_NAME", "GITHUB_JOB", "GITHUB_ACTOR",
            "GITHUB_WORKFLOW", "RUNNER_OS", "RUNNER_ARCH", "RUNNER_NAME");
    assertThat(env.get("RUNNER_OS")).isIn("Linux", "macOS", "Windows");
    assertThat(env.get("RUNNER_ARCH")).isIn("X64", "ARM64", "X86", "ARM");
  }

  @Test
  void enterpriseServerUrls() {
    Map<String, String> env = StandardEnv.builder().workspace(tmp).runnerTemp(tmp).serverUrl("https://ghe.example/").build();
    assertThat(env).containsEntry("GITHUB_API_URL", "https://ghe.example/api/v3")
        .containsEntry("GITHUB_GRAPHQL_URL", "https://ghe.example/api/graphql");
  }

  @Test
  void hostNames() {
    assertThat(StandardEnv.runnerOs("Mac OS X")).isEqualTo("macOS");
    assertThat(StandardEnv.runnerOs("Windows 11")).isEqualTo("Windows");
    assertThat(StandardEnv.runnerOs("Linux")).isEqualTo("Linux");
    assertThat(StandardEnv.runnerArch("amd64")).isEqualTo("X64");
    assertThat(StandardEnv.runnerArch("aarch64")).isEqualTo("ARM64");
    assertThat(StandardEnv.refName("refs/heads/feature/x")).isEqualTo("feature/x");
    assertThat(StandardEnv.refName("refs/pull/7/merge")).isEqualTo("7/merge");
    assertThat(StandardEnv.refType("refs/pull/7/merge")).isEqualTo("branch");
    assertThat(StandardEnv.refType("")).isEmpty();
  }

  @Test
  void repositoryFromRemoteUrls() {
    assertThat(GitInfo.repositoryOf("https://github.com/octo/site.git")).contains("octo/site");
    assertThat(GitInfo.repositoryOf("https://user:tok@github.com/octo/site")).contains("octo/site");
    assertThat(GitInfo.repositoryOf("git@github.com:octo/site.git")).contains("octo/site");
    assertThat(GitInfo.repositoryOf("ssh://git@github.com:22/octo/site.git/")).contains("octo/site");
    assertThat(GitInfo.repositoryOf("https://ghe.example/group/sub/site.git")).contains("sub/site");
    assertThat(GitInfo.repositoryOf("/srv/git/site.git")).isEmpty();
    assertThat(GitInfo.repositoryOf("https://github.com/")).isEmpty();
  }

  @Test
  void gitInfoOfACheckout() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("site"));
    git(repo, "init", "-q", "-b", "trunk");
    assertThat(GitInfo.read(repo)).isEqualTo(new GitInfo(GitInfo.NO_SHA, "refs/heads/trunk", "local/site"));

    Files.writeString(repo.resolve("f"), "x");
    git(repo, "add", "f");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "one");
    git(repo, "remote", "add", "origin", "git@github.com:octo/site.git");
    git(repo, "tag", "v1");
    GitInfo info = GitInfo.read(repo);
    assertThat(info.sha()).matches("[0-9a-f]{40}");
    assertThat(info.ref()).isEqualTo("refs/heads/trunk");
    assertThat(info.repository()).isEqualTo("octo/site");

    git(repo, "checkout", "-q", "--detach");
    assertThat(GitInfo.read(repo).ref()).isEqualTo("refs/tags/v1");
  }

  @Test
  void gitInfoOutsideARepository() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    assertThat(GitInfo.read(plain)).isEqualTo(new GitInfo(GitInfo.NO_SHA, "", "local/plain"));
    assertThat(GitInfo.read(tmp.resolve("missing")).sha()).isEqualTo(GitInfo.NO_SHA);
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
    argv.addAll(List.of(args));
    List<String> out = new ArrayList<>();
    assertThat(CommandRunner.run(argv, dir, Map.of("GIT_CONFIG_NOSYSTEM", "1"), out::add)).as("%s", out).isZero();
  }
}
