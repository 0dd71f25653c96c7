package dev.understudy.systems.actions.runner;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * GitHub's default environment variables of a job ("Variables" in GitHub's docs), for one run on
 * this host. The caller adds the host's own variables it wants the steps to see ({@code PATH},
 * {@code HOME}...) and the workflow's {@code env:}.
 *
 * <pre>{@code
 * Map<String, String> env = StandardEnv.builder()
 *     .workspace(ws).eventName("push").eventPath(runnerTemp.resolve("event.json"))
 *     .git(GitInfo.read(ws)).runId(42).runNumber(7).job("build").actor("octocat").workflow("CI")
 *     .runnerTemp(runnerTemp).toolCache(toolCache)
 *     .build();
 * }</pre>
 */
public final class StandardEnv {
  private StandardEnv() {}

  public static Builder builder() {
    return new Builder();
  }

  /** {@code Linux}, {@code macOS} or {@code Windows} for this host. */
  public static String runnerOs() {
    return runnerOs(System.getProperty("os.name", ""));
  }

  static String runnerOs(String osName) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) return "Windows";
    if (os.startsWith("mac") || os.startsWith("darwin")) return "macOS";
    return "Linux";
  }

  /** {@code X64}, {@code ARM64}, {@code X86} or {@code ARM} for this host. */
  public static String runnerArch() {
    return runnerArch(System.getProperty("os.arch", ""));
  }

  static String runnerArch(String osArch) {
    return switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64", "x64" -> "X64";
      case "aarch64", "arm64" -> "ARM64";
      case "x86", "i386", "i486", "i586", "i686" -> "X86";
      case "arm", "arm32", "armv7l" -> "ARM";
      default -> osArch.toUpperCase(Locale.ROOT);
    };
  }

  /** The short name of a ref: {@code refs/heads/main} → {@code main}, {@code refs/pull/7/merge} → {@code 7/merge}. */
  public static String refName(String ref) {
    if (ref == null) return "";
    for (String prefix : new String[] {"refs/heads/", "refs/tags/", "refs/pull/", "refs/remotes/"}) {
      if (ref.startsWith(prefix)) return ref.substring(prefix.length());
    }
    return ref;
  }

  /** {@code tag} for {@code refs/tags/...}, {@code branch} for other refs, empty without a ref. */
  public static String refType(String ref) {
    if (ref == null || ref.isEmpty()) return "";
    return ref.startsWith("refs/tags/") ? "tag" : "branch";
  }

  /** The settings of one run; everything has a sensible default except the workspace. */
  public static final class Builder {
    private Path workspace;
    private String eventName = "workflow_dispatch";
    private Path eventPath;
    private String sha = GitInfo.NO_SHA;
    private String ref = "";
    private String repository = "";
    private long runId = 1;
    private long runNumber = 1;
    private int runAttempt = 1;
    private String job = "";
    private String actor = "";
    private String workflow = "";
    private String serverUrl = "https://github.com";
    private String apiUrl = "https://api.github.com";
    private String graphqlUrl = "https://api.github.com/graphql";
    private String runnerName = "understudy";
    private Path runnerTemp;
    private Path toolCache;
    private String headRef = "";
    private String baseRef = "";

    private Builder() {}

    public Builder workspace(Path workspace) {
      this.workspace = workspace;
      return this;
    }

    public Builder eventName(String eventName) {
      this.eventName = eventName;
      return this;
    }

    public Builder eventPath(Path eventPath) {
      this.eventPath = eventPath;
      return this;
    }

    public Builder sha(String sha) {
      this.sha = sha;
      return this;
    }

    public Builder ref(String ref) {
      this.ref = ref;
      return this;
    }

    /** {@code owner/name}. */
    public Builder repository(String repository) {
      this.repository = repository;
      return this;
    }

    /** Sha, ref and repository from a checkout. */
    public Builder git(GitInfo git) {
      this.sha = git.sha();
      this.ref = git.ref();
      this.repository = git.repository();
      return this;
    }

    public Builder runId(long runId) {
      this.runId = runId;
      return this;
    }

    public Builder runNumber(long runNumber) {
      this.runNumber = runNumber;
      return this;
    }

    public Builder runAttempt(int runAttempt) {
      this.runAttempt = runAttempt;
      return this;
    }

    /** The job's id ({@code jobs.<id>}). */
    public Builder job(String job) {
      this.job = job;
      return this;
    }

    public Builder actor(String actor) {
      this.actor = actor;
      return this;
    }

    /** The workflow's {@code name:}, or its file path when it has none. */
    public Builder workflow(String workflow) {
      this.workflow = workflow;
      return this;
    }

    /** For GitHub Enterprise Server: {@code https://host}; the API becomes {@code https://host/api/v3}. */
    public Builder serverUrl(String serverUrl) {
      this.serverUrl = stripSlash(serverUrl);
      boolean dotCom = this.serverUrl.equals("https://github.com");
      this.apiUrl = dotCom ? "https://api.github.com" : this.serverUrl + "/api/v3";
      this.graphqlUrl = dotCom ? "https://api.github.com/graphql" : this.serverUrl + "/api/graphql";
      return this;
    }

    public Builder runnerName(String runnerName) {
      this.runnerName = runnerName;
      return this;
    }

    public Builder runnerTemp(Path runnerTemp) {
      this.runnerTemp = runnerTemp;
      return this;
    }

    public Builder toolCache(Path toolCache) {
      this.toolCache = toolCache;
      return this;
    }

    /** For pull_request events: the head and base branch names. */
    public Builder pullRequestRefs(String headRef, String baseRef) {
      this.headRef = headRef == null ? "" : headRef;
      this.baseRef = baseRef == null ? "" : baseRef;
      return this;
    }

    /** The variables, in GitHub's documented order as far as it has one. */
    public Map<String, String> build() {
      Objects.requireNonNull(workspace, "workspace");
      Objects.requireNonNull(runnerTemp, "runnerTemp");
      Map<String, String> m = new LinkedHashMap<>();
      m.put("CI", "true");
      m.put("GITHUB_ACTIONS", "true");
      m.put("GITHUB_WORKSPACE", workspace.toAbsolutePath().toString());
      m.put("GITHUB_SHA", sha);
      m.put("GITHUB_REF", ref);
      m.put("GITHUB_REF_NAME", refName(ref));
      m.put("GITHUB_REF_TYPE", refType(ref));
      m.put("GITHUB_HEAD_REF", headRef);
      m.put("GITHUB_BASE_REF", baseRef);
      m.put("GITHUB_EVENT_NAME", eventName);
      m.put("GITHUB_EVENT_PATH", eventPath == null ? "" : eventPath.toAbsolutePath().toString());
      m.put("GITHUB_REPOSITORY", repository);
      int slash = repository.indexOf('/');
      m.put("GITHUB_REPOSITORY_OWNER", slash < 0 ? repository : repository.substring(0, slash));
      m.put("GITHUB_RUN_ID", Long.toString(runId));
      m.put("GITHUB_RUN_NUMBER", Long.toString(runNumber));
      m.put("GITHUB_RUN_ATTEMPT", Integer.toString(runAttempt));
      m.put("GITHUB_JOB", job);
      m.put("GITHUB_ACTOR", actor);
      m.put("GITHUB_TRIGGERING_ACTOR", actor);
      m.put("GITHUB_WORKFLOW", workflow);
      m.put("GITHUB_SERVER_URL", serverUrl);
      m.put("GITHUB_API_URL", apiUrl);
      m.put("GITHUB_GRAPHQL_URL", graphqlUrl);
      m.put("RUNNER_OS", runnerOs());
      m.put("RUNNER_ARCH", runnerArch());
      m.put("RUNNER_NAME", runnerName);
      m.put("RUNNER_ENVIRONMENT", "self-hosted");
      m.put("RUNNER_TEMP", runnerTemp.toAbsolutePath().toString());
      m.put("RUNNER_TOOL_CACHE", toolCache == null ? runnerTemp.resolve("_tool").toAbsolutePath().toString()
          : toolCache.toAbsolutePath().toString());
      return m;
    }

    private static String stripSlash(String url) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
  }
}
