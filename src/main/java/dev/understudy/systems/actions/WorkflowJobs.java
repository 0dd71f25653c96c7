package dev.understudy.systems.actions;

import dev.understudy.config.Mode;
import dev.understudy.engine.queue.ConcurrencyPolicy;
import dev.understudy.engine.queue.JobContext;
import dev.understudy.engine.queue.JobDefinition;
import dev.understudy.engine.schedule.CronSchedule;
import dev.understudy.systems.actions.github.FailoverDecision;
import dev.understudy.systems.actions.model.Event;
import dev.understudy.systems.actions.model.Workflow;
import dev.understudy.systems.actions.model.WorkflowParser;
import dev.understudy.systems.actions.runner.DotEnv;
import dev.understudy.systems.actions.runner.JobResult;
import dev.understudy.systems.actions.runner.RunRequest;
import dev.understudy.systems.actions.runner.WorkflowResult;
import dev.understudy.systems.actions.runner.WorkflowRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.understudy.engine.monitor.Check;
import dev.understudy.engine.monitor.PrimaryWatch;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The project's workflows as jobs of the durable queue: one job per workflow (run on demand) and
 * one per {@code on.schedule} cron, named {@code workflow:<file stem>} and
 * {@code workflow:<file stem>#<n>} for the n-th cron after the first. Each run reads the
 * workflow's effective source at that moment: the file while it validates, else its
 * last-known-good copy.
 *
 * <p>A scheduled slot in {@code failover} mode asks GitHub first ({@link FailoverDecision}): it waits
 * until the slot plus the grace period, runs only when GitHub did not, and stays on standby when
 * GitHub cannot be observed, so that a team never posts twice. {@code replace} runs every slot.
 */
public final class WorkflowJobs {
  public static final String SYSTEM = "githubActions";
  public static final String PREFIX = "workflow:";
  /** GitHub's own limit for a job; the queue's attempt timeout for a workflow run. */
  public static final Duration RUN_TIMEOUT = Duration.ofHours(6);

  private final Path project;
  private final Path secretsFile;
  private final Function<String, Optional<ActionsSystem.EffectiveSource>> sources;
  private final Mode mode;
  private final Optional<FailoverDecision> failover;
  private final PrimaryWatch primary;

  /**
   * @param secretsFile the home's secret store (a dotenv file), read at each run
   * @param primary where each failover slot says what it learned about GitHub: {@code
   *     githubActions/FILE/primary} is ok when GitHub ran the slot (or the workflow is disabled there
   *     on purpose), failing when GitHub missed it (it ran here) or could not be observed
   */
  public WorkflowJobs(Path project, Path secretsFile, Function<String, Optional<ActionsSystem.EffectiveSource>> sources, Mode mode,
      Optional<FailoverDecision> failover, PrimaryWatch primary) {
    this.primary = java.util.Objects.requireNonNull(primary);
    this.project = project;
    this.secretsFile = secretsFile;
    this.sources = sources;
    this.mode = mode;
    this.failover = failover;
  }

  /** The jobs for the workflows given (by name, as the actions system knows them). */
  public List<JobDefinition> definitions(List<String> workflowNames) {
    List<JobDefinition> out = new ArrayList<>();
    for (String name : workflowNames) {
      Optional<Workflow> w = parse(name);
      if (w.isEmpty()) continue;
      String stem = stem(name);
      ConcurrencyPolicy concurrency = concurrency(w.get());
      Event.Schedule schedule = w.get().event(Event.Schedule.class);
      List<Event.Cron> crons = schedule == null ? List.of() : schedule.crons();
      if (crons.isEmpty() || mode == Mode.OFF) {
        out.add(base(jobName(name), name, null, concurrency).build());
        continue;
      }
      for (int i = 0; i < crons.size(); i++) {
        Event.Cron c = crons.get(i);
        ZoneId zone = ZoneOffset.UTC;
        if (c.timezone() != null) {
          try {
            zone = ZoneId.of(c.timezone().value());
          } catch (java.time.DateTimeException e) {
            continue; // the validator reports it; a workflow with a bad zone is not valid anyway
          }
        }
        CronSchedule cron;
        try {
          cron = CronSchedule.of(c.cron().value(), zone);
        } catch (RuntimeException e) {
          continue;
        }
        String job = PREFIX + stem + (i == 0 ? "" : "#" + (i + 1));
        out.add(base(job, name, c.cron().value(), concurrency).schedule(cron).build());
      }
    }
    return out;
  }

  private JobDefinition.Builder base(String job, String workflow, String cron, ConcurrencyPolicy concurrency) {
    return JobDefinition.builder(job, SYSTEM, ctx -> run(ctx, workflow, cron))
        .maxAttempts(1)
        .timeout(RUN_TIMEOUT)
        .concurrency(concurrency);
  }

  /** {@code concurrency:} with cancel-in-progress replaces the running one; a group alone skips. */
  private static ConcurrencyPolicy concurrency(Workflow w) {
    if (w.concurrency() == null) return ConcurrencyPolicy.ALLOW;
    var cancel = w.concurrency().cancelInProgress();
    return cancel != null && Boolean.TRUE.equals(cancel.value()) ? ConcurrencyPolicy.REPLACE : ConcurrencyPolicy.FORBID;
  }

  private Optional<Workflow> parse(String name) {
    return sources.apply(name).map(s -> WorkflowParser.parse(new String(s.bytes(), StandardCharsets.UTF_8)).workflow());
  }

  /** The queue job of a workflow file's first cron (and of its manual runs): {@code workflow:STEM}. */
  public static String jobName(String workflowFile) {
    return PREFIX + stem(workflowFile);
  }

  static String stem(String file) {
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  /** One run: scheduled slots may defer to GitHub; manual runs always run. */
  private void run(JobContext ctx, String name, String cron) throws Exception {
    ActionsSystem.EffectiveSource source = sources.apply(name).orElseThrow(
        () -> new IllegalStateException("workflow " + name + " has no valid version and no good copy to run"));
    if (source.origin() == ActionsSystem.Origin.BACKUP) {
      ctx.log("the file does not validate (or is gone): running its last good copy " + source.sha256().substring(0, 12));
    }
    Workflow w = WorkflowParser.parse(new String(source.bytes(), StandardCharsets.UTF_8)).workflow();
    boolean scheduled = cron != null && ctx.slot().isPresent();
    if (scheduled && mode == Mode.FAILOVER && !primaryMissed(ctx, name, ctx.slot().get())) return;
    String event = scheduled ? "schedule" : w.event(Event.Dispatch.class) != null ? "workflow_dispatch"
        : w.on().isEmpty() ? "push" : w.on().get(0).name();
    Map<String, Object> payload = new LinkedHashMap<>();
    if (scheduled) payload.put("schedule", cron);
    Map<String, String> secrets = new LinkedHashMap<>();
    Map<String, String> vars;
    try {
      if (secretsFile != null) secrets.putAll(DotEnv.read(secretsFile));
      secrets.putAll(DotEnv.read(project.resolve(".secrets")));
      vars = DotEnv.read(project.resolve(".vars"));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read the secrets or vars: " + e.getMessage());
    }
    RunRequest request = new RunRequest(project.resolve(".github/workflows").resolve(name), event, payload, Map.of(),
        secrets, vars, project, null, ctx::log);
    WorkflowResult result = new WorkflowRunner().run(w, name, request);
    if (!result.success()) {
      String failed = result.jobs().values().stream().filter(JobResult::failed).map(JobResult::id)
          .collect(Collectors.joining(", "));
      throw new IllegalStateException("workflow " + name + " failed: job(s) " + failed);
    }
  }

  /** Failover: waits for the slot plus the grace period, then asks GitHub whether it ran the slot. */
  private boolean primaryMissed(JobContext ctx, String name, Instant slot) throws InterruptedException {
    Check check = Check.of(SYSTEM, name, PrimaryWatch.PRIMARY);
    if (failover.isEmpty()) {
      ctx.log("standby: primary unobservable (no way to ask GitHub); mode replace runs every slot here");
      primary.unobservable(check, "GitHub could not be observed at the " + slot + " slot: it did not run here (no way to ask GitHub)");
      return false;
    }
    while (true) {
      FailoverDecision.Result r = failover.get().decide(name, slot);
      switch (r.outcome()) {
        case RUN_HERE:
          ctx.log("GitHub did not run the " + slot + " slot: running it here (" + r.reason() + ")");
          primary.failed(check, "GitHub missed the " + slot + " slot (" + r.reason() + "): it ran here");
          return true;
        case WAIT: {
          Instant at = r.askAgainAt().orElse(Instant.now().plusSeconds(60));
          ctx.log("waiting until " + at + " for GitHub to run the " + slot + " slot");
          while (Instant.now().isBefore(at)) {
            if (ctx.cancelled()) return false;
            Thread.sleep(Math.min(1000, Math.max(1, Duration.between(Instant.now(), at).toMillis())));
          }
          continue;
        }
        default:
          ctx.log(r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + r.reason()
              + " - not run here");
          if (r.outcome() == FailoverDecision.Outcome.STANDBY_UNOBSERVABLE) {
            primary.unobservable(check, "GitHub could not be observed at the " + slot + " slot (" + r.reason() + "): it ran nowhere we know of");
          } else {
            primary.ok(check, (r.outcome() == FailoverDecision.Outcome.PRIMARY_RAN ? "GitHub ran the " : "GitHub did not run (on purpose) the ")
                + slot + " slot: " + r.reason());
          }
          return false;
      }
    }
  }
}
