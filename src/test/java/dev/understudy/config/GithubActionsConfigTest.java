package dev.understudy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** githubActions.repository, tokenEnv, apiUrl, grace / graceMinutes. */
class GithubActionsConfigTest {
  @TempDir Path dir;

  UnderstudyConfig.GithubActions load(String yaml, Map<String, String> env) throws IOException {
    if (yaml != null) Files.writeString(dir.resolve("understudy.yml"), yaml);
    return new ConfigLoader(env).read(dir).githubActions();
  }

  String file() {
    return dir.resolve("understudy.yml").toString();
  }

  @Test
  void defaults() throws IOException {
    UnderstudyConfig.GithubActions g = load(null, Map.of());
    assertThat(g.repository()).isEmpty();
    assertThat(g.tokenEnv()).isEmpty();
    assertThat(g.apiUrl()).isEqualTo("https://api.github.com");
    assertThat(g.grace()).isEqualTo(Duration.ofMinutes(15));
    assertThat(g).isEqualTo(UnderstudyConfig.GithubActions.DEFAULTS);
  }

  @Test
  void readsEveryKey() throws IOException {
    UnderstudyConfig.GithubActions g = load("""
        githubActions:
          repository: octo/site
          tokenEnv: SITE_GH_TOKEN
          apiUrl: https://ghe.corp.example/api/v3/
          grace: 20m
        """, Map.of());
    assertThat(g.repository()).contains("octo/site");
    assertThat(g.tokenEnv()).contains("SITE_GH_TOKEN");
    assertThat(g.apiUrl()).isEqualTo("https://ghe.corp.example/api/v3");
    assertThat(g.grace()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void graceMinutesIsAWholeNumberOfMinutes() throws IOException {
    assertThat(load("githubActions: {graceMinutes: 30}\n", Map.of()).grace()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void graceAndGraceMinutesTogetherAreAnError() {
    assertThatThrownBy(() -> load("githubActions:\n  grace: 10m\n  graceMinutes: 30\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file() + ":3:17: both 'githubActions.grace' and 'githubActions.graceMinutes' are set: keep one of them");
  }

  @Test
  void aGraceLongerThanADayIsAnError() {
    assertThatThrownBy(() -> load("githubActions: {grace: 2d}\n", Map.of()))
        .hasMessageContaining(":1:24: 'githubActions.grace' is 2880 minutes: use at most 24h");
  }

  @Test
  void aRepositoryUrlIsRefusedWithTheOwnerSlashNameToWrite() {
    assertThatThrownBy(() -> load("githubActions:\n  repository: https://github.com/octo/site.git\n", Map.of()))
        .hasMessage(file() + ":2:15: 'githubActions.repository' is 'https://github.com/octo/site.git', not owner/name: write only owner/name: octo/site");
    assertThatThrownBy(() -> load("githubActions:\n  repository: site\n", Map.of()))
        .hasMessageContaining("not owner/name: write owner/name as in github.com/owner/name");
  }

  @Test
  void tokenEnvMustBeAVariableNameNotAToken() {
    assertThatThrownBy(() -> load("githubActions:\n  tokenEnv: ghp-abc.def\n", Map.of()))
        .hasMessageContaining(":2:13: 'githubActions.tokenEnv' is 'ghp-abc.def', not an environment variable name")
        .hasMessageContaining("never the token itself");
  }

  @Test
  void aBadApiUrlIsAnError() {
    assertThatThrownBy(() -> load("githubActions:\n  apiUrl: api.github.com\n", Map.of()))
        .hasMessageContaining(":2:11: 'api.github.com' is not an API base URL: use https://api.github.com or, for GitHub Enterprise Server, https://HOST/api/v3");
  }

  @Test
  void theApiUrlVariableWins() throws IOException {
    UnderstudyConfig.GithubActions g = load("githubActions:\n  apiUrl: https://ghe.corp.example/api/v3\n",
        Map.of("UNDERSTUDY_GITHUB_API_URL", "http://127.0.0.1:8089/"));
    assertThat(g.apiUrl()).isEqualTo("http://127.0.0.1:8089");
    assertThatThrownBy(() -> load(null, Map.of("UNDERSTUDY_GITHUB_API_URL", "ftp://x")))
        .hasMessageStartingWith("environment variable UNDERSTUDY_GITHUB_API_URL: 'ftp://x' is not an API base URL")
        .hasMessageEndingWith("fix or unset UNDERSTUDY_GITHUB_API_URL");
  }

  @Test
  void aMistypedKeyGetsASuggestion() {
    assertThatThrownBy(() -> load("githubActions:\n  tokenenv: X\n", Map.of()))
        .hasMessage(file() + ":2:3: unknown key 'tokenenv' in 'githubActions': did you mean 'tokenEnv'?");
    assertThatThrownBy(() -> load("githubActions:\n  repo: octo/site\n", Map.of()))
        .hasMessageContaining("unknown key 'repo' in 'githubActions'");
  }
}
