package dev.understudy.systems.actions.runner;

import dev.understudy.systems.actions.expr.CaseInsensitiveMap;
import dev.understudy.systems.actions.expr.EvalContext;
import dev.understudy.systems.actions.expr.Expressions;
import dev.understudy.systems.actions.expr.MapEvalContext;
import dev.understudy.systems.actions.expr.Values;
import dev.understudy.systems.actions.model.Event;
import dev.understudy.systems.actions.model.Job;
import dev.understudy.systems.actions.model.Workflow;
import dev.understudy.systems.actions.model.WorkflowParser;
import dev.understudy.systems.actions.runner.JobResult.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job that calls a local reusable workflow ({@code uses: ./.github/workflows/x.yml}): its jobs
 * run within this run with the inputs of {@code with:} and the secrets given (or all, with
 * {@code secrets: inherit}); its {@code on.workflow_call.outputs} become the job's outputs.
 */
final class ReusableCall {
  private final RunContext run;

  ReusableCall(RunContext run, Workflow caller) {
    this.run = run;
  }

  JobResult run(Job job, EvalContext ctx, CaseInsensitiveMap needs) {
    String id = job.id().value();
    String uses = Expressions.interpolate(job.call().uses().value(), ctx);
    if (!uses.startsWith("./")) {
      throw new RunnerException("job " + id + " calls \"" + uses + "\", a workflow of another repository: Understudy "
          + "fetches nothing from the network; copy it into .github/workflows/ and call it as ./.github/workflows/FILE");
    }
    Path file = run.request.workspace().resolve(uses).normalize();
    Workflow called;
    try {
      WorkflowParser.Result r = WorkflowParser.parse(Files.readString(file));
      if (r.workflow() == null) throw new RunnerException("cannot read " + file + ": " + r.problems());
      called = r.workflow();
    } catch (IOException e) {
      throw new RunnerException("job " + id + " calls " + uses + ", which cannot be read: " + e.getMessage());
    }
    Event.Call spec = called.event(Event.Call.class);
    if (spec == null) throw new RunnerException(uses + " has no on.workflow_call: it cannot be called");
    CaseInsensitiveMap inputs = new CaseInsensitiveMap();
    for (Event.CallInput i : spec.inputs()) {
      if (i.defaultValue() != null) inputs.put(i.name().value(), typed(i, Expressions.interpolate(i.defaultValue().value(), ctx)));
    }
    job.call().inputs().forEach((k, a) -> {
      Object v = Expressions.evaluateValue(a.value().value(), ctx);
      Event.CallInput decl = spec.inputs().stream().filter(i -> i.name().value().equalsIgnoreCase(k)).findFirst().orElse(null);
      inputs.put(k, decl == null || !(v instanceof String s) ? v : typed(decl, s));
    });
    Map<String, String> secrets = new LinkedHashMap<>();
    if (job.call().inheritSecrets()) secrets.putAll(run.request.secrets());
    else if (job.call().secrets() != null) {
      job.call().secrets().forEach((k, a) -> secrets.put(k, Expressions.interpolate(a.value().value(), ctx)));
    }
    RunRequest inner = new RunRequest(file, run.request.eventName(), run.request.payload(), Map.of(), secrets,
        run.request.vars(), run.request.workspace(), null, line -> run.request.log().accept("[" + id + "] " + line),
        run.request.env(), run.request.actor());
    RunContext innerRun = new RunContext(inner, called.name() != null ? called.name().value() : file.getFileName().toString());
    WorkflowResult result = WorkflowRunner.run(called, innerRun, inputs);
    Map<String, String> outputs = new LinkedHashMap<>();
    if (!spec.outputs().isEmpty()) {
      CaseInsensitiveMap jobs = new CaseInsensitiveMap();
      result.jobs().forEach((jid, r) -> {
        CaseInsensitiveMap entry = new CaseInsensitiveMap();
        entry.put("result", r.result().word());
        entry.put("outputs", new CaseInsensitiveMap(new LinkedHashMap<>(r.outputs())));
        jobs.put(jid, entry);
      });
      EvalContext outCtx = MapEvalContext.builder().github(run.github(id)).context("jobs", jobs).inputs(inputs).build();
      spec.outputs().forEach((name, o) -> {
        if (o.value() != null) outputs.put(name, Expressions.interpolate(o.value().value(), outCtx));
      });
    }
    return new JobResult(id, result.success() ? Result.SUCCESS : Result.FAILURE, outputs, null);
  }

  private static Object typed(Event.CallInput i, String raw) {
    return switch (i.type()) {
      case BOOLEAN -> raw.equalsIgnoreCase("true");
      case NUMBER -> {
        double d = Values.toNumber(raw);
        yield Double.isNaN(d) ? raw : (Object) d;
      }
      default -> raw;
    };
  }
}
