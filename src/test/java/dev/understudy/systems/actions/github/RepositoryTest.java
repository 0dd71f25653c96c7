package dev.understudy.systems.actions.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.understudy.config.UnderstudyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryTest {
  @TempDir Path dir;

  @Test
  void readsOwnerAndNameFromEveryRemoteForm() {
    for (String url : List.of(
        "https://github.com/octo/site.git", "https://github.com/octo/site", "https://github.com/octo/site/",
        "git@github.com:octo/site.git", "git@github.com:octo/site", "ssh://git@github.com/octo/site.git",
        "https://x-access-token:ghs_secret123@github.com/octo/site.git", "https://GitHub.com/octo/site.git")) {
      assertThat(Repository.fromRemote(url, "github.com")).as(url).contains(new Repository("octo", "site"));
    }
    assertThat(Repository.fromRemote("git@github.com:my-org/my.repo_name.git", "github.com"))
        .contains(new Repository("my-org", "my.repo_name"));
  }

  @Test
  void remotesElsewhereAreNotGitHub() {
    assertThat(Repository.fromRemote("https://gitlab.com/octo/site.git", "github.com")).isEmpty();
    assertThat(Repository.fromRemote("/srv/git/site.git", "github.com")).isEmpty();
    assertThat(Repository.fromRemote("https://github.com/octo", "github.com")).isEmpty();
    assertThat(Repository.fromRemote("https://github.com/octo/site/tree/main", "github.com")).isEmpty();
    assertThat(Repository.fromRemote("git@ghe.corp.example:team/tool.git", "ghe.corp.example")).contains(new Repository("team", "tool"));
  }

  @Test
  void theGitHostFollowsTheApiUrl() {
    assertThat(Repository.gitHost("https://api.github.com")).isEqualTo("github.com");
    assertThat(Repository.gitHost("https://ghe.corp.example/api/v3")).isEqualTo("ghe.corp.example");
    assertThat(Repository.gitHost("https://api.octo.ghe.com")).isEqualTo("octo.ghe.com");
  }

  @Test
  void theRunsPageIsOnTheWebHost() {
    Repository r = new Repository("octo", "site");
    assertThat(Dispatch.runsPage("https://api.github.com", r, "ci.yml")).isEqualTo("https://github.com/octo/site/actions/workflows/ci.yml");
    assertThat(Dispatch.runsPage("https://ghe.corp.example/api/v3", r, "ci.yml"))
        .isEqualTo("https://ghe.corp.example/octo/site/actions/workflows/ci.yml");
    assertThat(Dispatch.runsPage("https://api.octo.ghe.com", r, "ci.yml")).isEqualTo("https://octo.ghe.com/octo/site/actions/workflows/ci.yml");
  }

  @Test
  void parsesOwnerSlashName() {
    assertThat(Repository.parse("octo/site")).isEqualTo(new Repository("octo", "site"));
    assertThatThrownBy(() -> Repository.parse("octo")).hasMessageContaining("owner/name");
    assertThatThrownBy(() -> Repository.parse("a/b/c")).hasMessageContaining("owner/name");
    assertThatThrownBy(() -> Repository.parse("-x/site")).hasMessageContaining("owner/name");
  }

  @Test
  void discoversTheRepositoryFromARealOriginRemote() throws Exception {
    git("init", "-q", "-b", "main");
    git("remote", "add", "origin", "git@github.com:octo/site.git");
    GitHubAccess a = GitHubAccess.discover(UnderstudyConfig.GithubActions.DEFAULTS, dir, Map.of("GH_TOKEN", "gho_abcdef123456"));
    assertThat(a.repository()).contains(new Repository("octo", "site"));
    assertThat(a.repositorySource()).isEqualTo("the 'origin' git remote");
    assertThat(a.token()).map(dev.understudy.engine.logs.EnvToken::variable).contains("GH_TOKEN");
    assertThat(a.token().orElseThrow().toString()).doesNotContain("gho_abcdef123456");
    assertThat(a.missing()).isEmpty();
    assertThat(Git.currentBranch(dir)).contains("main");
  }

  @Test
  void anHttpsRemoteWithCredentialsIsReadButNeverRepeated() throws Exception {
    git("init", "-q");
    git("remote", "add", "origin", "https://x-access-token:ghs_inurl999@github.com/octo/site.git");
    GitHubAccess a = GitHubAccess.discover(UnderstudyConfig.GithubActions.DEFAULTS, dir, Map.of());
    assertThat(a.repository()).contains(new Repository("octo", "site"));
    assertThat(a.missing()).get().asString().contains("no GitHub token").contains("GITHUB_TOKEN or GH_TOKEN");
  }

  @Test
  void aRemoteOnAnotherHostIsNoRepository() throws Exception {
    git("init", "-q");
    git("remote", "add", "origin", "https://user:pw123456@gitlab.com/octo/site.git");
    GitHubAccess a = GitHubAccess.discover(UnderstudyConfig.GithubActions.DEFAULTS, dir, Map.of("GITHUB_TOKEN", "ghp_x12345"));
    assertThat(a.repository()).isEmpty();
    assertThat(a.missing()).get().asString().contains("not on github.com").contains("githubActions.repository").doesNotContain("pw123456");
  }

  @Test
  void withoutGitOrRemoteThereIsNoRepository() {
    GitHubAccess a = GitHubAccess.discover(UnderstudyConfig.GithubActions.DEFAULTS, dir, Map.of("GITHUB_TOKEN", "ghp_x12345"));
    assertThat(a.repository()).isEmpty();
    assertThat(a.repositorySource()).contains("no 'origin' git remote");
    assertThat(Git.currentBranch(dir)).isEmpty();
  }

  @Test
  void theConfiguredRepositoryAndTokenVariableWin() throws Exception {
    git("init", "-q");
    git("remote", "add", "origin", "git@github.com:octo/site.git");
    UnderstudyConfig.GithubActions s = new UnderstudyConfig.GithubActions(false, 20, Optional.of("team/other"),
        Optional.of("SITE_GH_TOKEN"), "https://api.github.com", Duration.ofMinutes(15));
    GitHubAccess a = GitHubAccess.discover(s, dir, Map.of("GITHUB_TOKEN", "ghp_notthisone", "SITE_GH_TOKEN", "ghp_thisone1"));
    assertThat(a.repository()).contains(new Repository("team", "other"));
    assertThat(a.token()).map(dev.understudy.engine.logs.EnvToken::value).contains("ghp_thisone1");
    GitHubAccess none = GitHubAccess.discover(s, dir, Map.of("GITHUB_TOKEN", "ghp_notthisone"));
    assertThat(none.token()).isEmpty();
    assertThat(none.missing()).get().asString().contains("set SITE_GH_TOKEN");
  }

  @Test
  void gitHubTokenComesBeforeGhToken() {
    GitHubAccess a = GitHubAccess.discover(UnderstudyConfig.GithubActions.DEFAULTS, dir,
        Map.of("GITHUB_TOKEN", "ghp_first1", "GH_TOKEN", "ghp_second"));
    assertThat(a.token()).map(dev.understudy.engine.logs.EnvToken::variable).contains("GITHUB_TOKEN");
  }

  private void git(String... args) throws IOException, InterruptedException {
    List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(Files.isDirectory(dir.resolve(".git"))).isTrue();
  }
}
