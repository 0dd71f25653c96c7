package dev.understudy.systems.actions.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.systems.actions.expr.CaseInsensitiveMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every job of one run shares: the request, the {@code github} context, the masker, the
 * run's temporary folder and the standard environment.
 */
final class RunContext {
  final RunRequest request;
  final Masker masker = new Masker();
  final Path temp;
  final Path eventFile;
  final GitInfo git;
  final long runId;
  final AtomicBoolean cancelled = new AtomicBoolean();
  private final Map<String, Object> github;

  RunContext(RunRequest request, String workflowName) {
    this.request = request;
    request.secrets().values().forEach(v -> {
      if (v != null && !v.isEmpty()) masker.add(v);
    });
    try {
      temp = Files.createTempDirectory("understudy-run-");
      eventFile = temp.resolve("event.json");
      Files.writeString(eventFile, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(request.payload()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the run's temporary folder: " + e.getMessage(), e);
    }
    git = GitInfo.read(request.workspace());
    runId = System.currentTimeMillis();
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("event_name", request.eventName());
    g.put("event", new CaseInsensitiveMap(request.payload()));
    g.put("event_path", eventFile.toString());
    g.put("sha", git.sha());
    g.put("ref", git.ref());
    g.put("ref_name", StandardEnv.refName(git.ref()));
    g.put("ref_type", StandardEnv.refType(git.ref()));
    g.put("repository", git.repository());
    g.put("repository_owner", git.repository().contains("/") ? git.repository().substring(0, git.repository().indexOf('/')) : "");
    g.put("workspace", request.workspace().toString());
    g.put("run_id", String.valueOf(runId));
    g.put("run_number", "1");
    g.put("run_attempt", "1");
    g.put("actor", request.actor());
    g.put("triggering_actor", request.actor());
    g.put("action_path", "");
    g.put("workflow", workflowName);
    g.put("server_url", "https://github.com");
    g.put("api_url", "https://api.github.com");
    g.put("graphql_url", "https://api.github.com/graphql");
    g.put("head_ref", "");
    g.put("base_ref", "");
    g.put("retention_days", "90");
    g.put("token", request.secrets().getOrDefault("GITHUB_TOKEN", ""));
    github = Collections.unmodifiableMap(g);
  }

  /** The {@code github} context for one job (and action, when set). */
  CaseInsensitiveMap github(String job) {
    CaseInsensitiveMap g = new CaseInsensitiveMap(github);
    g.put("job", job);
    return g;
  }

  /** The environment every step starts from: the machine's, then GitHub's standard variables. */
  Map<String, String> standardEnv(String job, Path runnerTemp) {
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.putAll(StandardEnv.builder()
        .workspace(request.workspace())
        .eventName(request.eventName())
        .eventPath(eventFile)
        .git(git)
        .runId(runId)
        .actor(request.actor())
        .job(job)
        .workflow(String.valueOf(github.get("workflow")))
        .runnerTemp(runnerTemp)
        .toolCache(temp.resolve("tool-cache"))
        .build());
    return env;
  }

  void log(String line) {
    request.log().accept(masker.mask(line));
  }
}
