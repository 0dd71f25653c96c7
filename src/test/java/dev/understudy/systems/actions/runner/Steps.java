package dev.understudy.systems.actions.runner;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A step's surroundings for tests: a workspace and RUNNER_TEMP under a temp dir, the host's PATH. */
final class Steps {
  final Path workspace;
  final Path runnerTemp;
  final Map<String, String> env = new LinkedHashMap<>();
  final Masker masker = new Masker();
  final List<String> lines = new CopyOnWriteArrayList<>();

  Steps(Path root) throws Exception {
    workspace = java.nio.file.Files.createDirectories(root.resolve("ws"));
    runnerTemp = java.nio.file.Files.createDirectories(root.resolve("temp"));
    env.putAll(StandardEnv.builder().workspace(workspace).runnerTemp(runnerTemp).repository("octo/site")
        .ref("refs/heads/main").job("test").build());
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", System.getenv().getOrDefault("HOME", "/tmp"));
    env.put("LANG", "C.UTF-8");
  }

  ScriptStep.Builder step(String script) {
    lines.clear();
    return ScriptStep.builder(script).env(env).masker(masker).lines(lines::add);
  }

  StepResult run(String script) {
    return step(script).build().run();
  }

  StepResult run(String shell, String script) {
    return step(script).shell(shell).build().run();
  }
}
