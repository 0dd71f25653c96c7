package dev.understudy.orchestrator;

import dev.understudy.systems.actions.lint.Finding;
import dev.understudy.systems.actions.lint.WorkflowLinter;
import dev.understudy.systems.actions.model.Event;
import dev.understudy.systems.actions.model.Workflow;
import dev.understudy.systems.actions.model.WorkflowParser;
import dev.understudy.systems.actions.runner.DotEnv;
import dev.understudy.systems.actions.runner.JobResult;
import dev.understudy.systems.actions.runner.RunRequest;
import dev.understudy.systems.actions.runner.WorkflowResult;
import dev.understudy.systems.actions.runner.WorkflowRunner;
import dev.understudy.util.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a project's workflow now, in this process: what {@code understudy run workflow} does
 * without a daemon. The workflow must validate first; secrets come from {@code --secret}, the
 * project's {@code .secrets} and the home's {@code secrets} file; vars from {@code .vars}.
 */
public final class WorkflowRuns {
  private WorkflowRuns() {}

  /** What to run; {@code secrets} given on the command line win over the files. */
  public record Options(Path project, String workflow, String job, String event, Map<String, String> inputs,
      Path payload, Map<String, String> secrets, Path workdir, Path home) {}

  /** A problem with what was asked: the message says what and how to fix it. */
  public static final class BadRequest extends Exception {
    public BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  /** The workflow file NAME means: a path, or a file of the project's .github/workflows. */
  public static Path resolve(Path project, String name) throws BadRequest {
    Path asPath = Path.of(name);
    if (Files.isRegularFile(asPath)) return asPath;
    Path dir = project.resolve(".github/workflows");
    try {
      return dir.resolve(dev.understudy.systems.actions.github.Dispatch.resolve(dir, name));
    } catch (dev.understudy.systems.actions.github.Dispatch.InputException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  /** {@link #resolve}, or null when NAME names no workflow of the project. */
  private static Path resolveOrNull(Path project, String name) {
    try {
      return resolve(project, name);
    } catch (BadRequest e) {
      return null;
    }
  }

  /** The queue job that runs workflow {@code name} of {@code project} in its daemon; empty when there is no such file. */
  public static java.util.Optional<String> queueJob(Path project, String name) {
    Path file = resolveOrNull(project, name);
    return file == null ? java.util.Optional.empty()
        : java.util.Optional.of(dev.understudy.systems.actions.WorkflowJobs.jobName(file.getFileName().toString()));
  }

  /** Runs it and tells whether every job succeeded; every line goes to {@code log}, masked. */
  public static boolean run(Options o, Consumer<String> log) throws BadRequest, IOException {
    Path file = resolve(o.project(), o.workflow());
    String text = Files.readString(file);
    Path root = o.project();
    List<Finding> findings = new WorkflowLinter().lint(file.toString(), text, root);
    if (!findings.isEmpty()) {
      StringBuilder b = new StringBuilder(file + " does not validate, so it does not run (GitHub would not run it either):");
      findings.forEach(f -> b.append("\n  ").append(f));
      throw new BadRequest(b.toString());
    }
    Workflow w = WorkflowParser.parse(text).workflow();
    String event = o.event() != null ? o.event() : defaultEvent(w);
    Map<String, Object> payload = payload(o, event);
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.putAll(dotEnv(o.home() == null ? null : o.home().resolve("secrets")));
    Path workdir = o.workdir() != null ? o.workdir() : o.project();
    secrets.putAll(dotEnv(workdir.resolve(".secrets")));
    secrets.putAll(o.secrets());
    Map<String, String> vars = dotEnv(workdir.resolve(".vars"));
    RunRequest request = new RunRequest(file, event, payload, o.inputs(), secrets, vars, workdir.toAbsolutePath(), o.job(), log);
    WorkflowResult result;
    try {
      result = new WorkflowRunner().run(w, file.getFileName().toString(), request);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
    for (Map.Entry<String, JobResult> e : result.jobs().entrySet()) {
      log.accept("job " + e.getKey() + ": " + e.getValue().result().word()
          + (e.getValue().message() == null ? "" : " (" + e.getValue().message() + ")"));
    }
    return result.success();
  }

  private static String defaultEvent(Workflow w) {
    if (w.event(Event.Dispatch.class) != null) return "workflow_dispatch";
    return w.on().isEmpty() ? "push" : w.on().get(0).name();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> payload(Options o, String event) throws BadRequest, IOException {
    Map<String, Object> payload = new LinkedHashMap<>();
    if (o.payload() != null) {
      if (!Files.isRegularFile(o.payload())) throw new BadRequest("--payload " + o.payload() + ": no such file");
      Object v;
      try {
        v = JsonReader.parse(Files.readString(o.payload(), java.nio.charset.StandardCharsets.UTF_8), o.payload().toString());
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new BadRequest("--payload " + o.payload() + " is not UTF-8 text: save it as UTF-8 JSON");
      } catch (IllegalArgumentException e) {
        throw new BadRequest("--payload: " + e.getMessage() + ": write one JSON object, such as {\"ref\": \"refs/heads/main\"}");
      }
      if (!(v instanceof Map)) throw new BadRequest("--payload " + o.payload() + " must hold a JSON object");
      payload.putAll((Map<String, Object>) v);
    }
    if (event.equals("workflow_dispatch") && !o.inputs().isEmpty()) payload.put("inputs", new LinkedHashMap<>(o.inputs()));
    return payload;
  }

  private static Map<String, String> dotEnv(Path file) throws BadRequest, IOException {
    if (file == null) return Map.of();
    try {
      return DotEnv.read(file);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }
}
