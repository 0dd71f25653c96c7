package dev.understudy.orchestrator;

import dev.understudy.config.JobSettings;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.process.CommandRunner;
import dev.understudy.engine.queue.JobDefinition;
import dev.understudy.engine.queue.JobHandler;
import dev.understudy.engine.schedule.CronSchedule;
import java.util.HashMap;
import java.util.Map;

/** The {@code jobs:} of understudy.yml: commands the queue runs on demand or on a schedule. */
final class CommandJobs {
  private CommandJobs() {}

  static JobDefinition definition(JobSettings s) {
    JobDefinition.Builder b = JobDefinition.builder(s.name(), UnderstudyConfig.JOBS_SYSTEM, handler(s))
        .maxAttempts(s.retries() + 1)
        .backoff(s.backoff(), JobDefinition.DEFAULT_MAX_BACKOFF)
        .timeout(s.timeout())
        .priority(s.priority())
        .concurrency(s.concurrency());
    s.schedule().ifPresent(expr -> b.schedule(CronSchedule.of(expr, s.timezone())));
    return b.build();
  }

  private static JobHandler handler(JobSettings s) {
    return ctx -> {
      Map<String, String> env = new HashMap<>(s.env());
      env.put("UNDERSTUDY_JOB", ctx.job());
      env.put("UNDERSTUDY_RUN_ID", ctx.runId());
      env.put("UNDERSTUDY_ATTEMPT", String.valueOf(ctx.attempt()));
      env.put("UNDERSTUDY_TRIGGER", ctx.trigger().word());
      ctx.slot().ifPresent(t -> env.put("UNDERSTUDY_SLOT", t.toString()));
      int code = CommandRunner.run(s.command(), s.cwd(), env, ctx::log);
      if (code != 0) {
        throw new IllegalStateException("exit code " + code);
      }
    };
  }
}
