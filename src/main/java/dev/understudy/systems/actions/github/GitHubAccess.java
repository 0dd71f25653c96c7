package dev.understudy.systems.actions.github;

import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.logs.EnvToken;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where Understudy finds the repository and the token to watch or drive GitHub with: the
 * repository from {@code githubActions.repository}, else the project's {@code origin} remote; the
 * token from the variable named by {@code githubActions.tokenEnv}, else {@code GITHUB_TOKEN}, else
 * {@code GH_TOKEN}. Missing pieces are reasons, not errors: without them GitHub is unobservable.
 */
public record GitHubAccess(
    String apiUrl,
    Optional<Repository> repository,
    String repositorySource,
    Optional<EnvToken> token,
    List<String> tokenVariables) {

  public static final List<String> DEFAULT_TOKEN_VARIABLES = List.of("GITHUB_TOKEN", "GH_TOKEN");
  public static final String REMOTE = "origin";

  public static GitHubAccess discover(UnderstudyConfig.GithubActions settings, Path projectDir, Map<String, String> env) {
    List<String> vars = settings.tokenEnv().map(List::of).orElse(DEFAULT_TOKEN_VARIABLES);
    Optional<EnvToken> token = EnvToken.first(vars, env);
    Optional<Repository> repo;
    String source;
    if (settings.repository().isPresent()) {
      repo = Optional.of(Repository.parse(settings.repository().get()));
      source = "githubActions.repository";
    } else {
      String host = Repository.gitHost(settings.apiUrl());
      Optional<String> url = Git.remoteUrl(projectDir, REMOTE);
      // github.com remotes count whatever the API URL (a proxy, a test double); else the API's own host (GitHub Enterprise).
      repo = url.flatMap(u -> Repository.fromRemote(u, "github.com").or(() -> Repository.fromRemote(u, host)));
      // The remote's URL may hold credentials (https://user:token@host/...): it is never repeated here.
      source = url.isEmpty()
          ? "no '" + REMOTE + "' git remote in " + projectDir
          : repo.isPresent() ? "the '" + REMOTE + "' git remote" : "the '" + REMOTE + "' git remote is not on " + (host.equals("github.com") ? host : "github.com or " + host);
    }
    return new GitHubAccess(settings.apiUrl(), repo, source, token, vars);
  }

  /** Why GitHub cannot be asked, or empty when it can. */
  public Optional<String> missing() {
    if (repository.isEmpty()) {
      return Optional.of("no GitHub repository: " + repositorySource + "; set githubActions.repository: owner/name in understudy.yml");
    }
    if (token.isEmpty()) {
      return Optional.of("no GitHub token: set " + String.join(" or ", tokenVariables) + " in the environment");
    }
    return Optional.empty();
  }
}
