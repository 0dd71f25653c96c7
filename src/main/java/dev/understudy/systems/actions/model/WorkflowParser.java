package dev.understudy.systems.actions.model;

import dev.understudy.systems.actions.model.Event.InputType;
import dev.understudy.systems.actions.model.Job.Assign;
import dev.understudy.systems.actions.model.Job.CallArg;
import dev.understudy.systems.actions.model.Job.Combination;
import dev.understudy.systems.actions.model.Job.Combinations;
import dev.understudy.systems.actions.model.Job.Container;
import dev.understudy.systems.actions.model.Job.Credentials;
import dev.understudy.systems.actions.model.Job.Matrix;
import dev.understudy.systems.actions.model.Job.Row;
import dev.understudy.systems.actions.model.Job.RunsOn;
import dev.understudy.systems.actions.model.Job.Services;
import dev.understudy.systems.actions.model.Job.Strategy;
import dev.understudy.systems.actions.model.Workflow.Concurrency;
import dev.understudy.systems.actions.model.Workflow.Defaults;
import dev.understudy.systems.actions.model.Workflow.Env;
import dev.understudy.systems.actions.model.Workflow.EnvVar;
import dev.understudy.systems.actions.model.Workflow.Permissions;
import dev.understudy.systems.actions.model.Workflow.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a workflow file into a {@link Workflow}, with a problem for every shape GitHub would
 * reject: unknown, missing and duplicate keys, wrong node kinds, bad literals. It keeps reading
 * after a problem so that one pass finds them all, and never throws on bad content.
 */
public final class WorkflowParser {

  /** What reading gave: the workflow ({@code null} when the YAML itself is broken) and problems. */
  public record Result(Workflow workflow, List<ParseProblem> problems) {}

  private final List<ParseProblem> problems = new ArrayList<>();
  private SourceText source;

  private WorkflowParser() {}

  public static Result parse(String text) {
    return new WorkflowParser().read(text);
  }

  /** What reading an {@code action.yml} gave: the metadata ({@code null} when unreadable) and problems. */
  public record ActionResult(ActionMetadata action, List<ParseProblem> problems) {}

  /** Reads an action's metadata file ({@code action.yml}). */
  public static ActionResult parseAction(String text) {
    WorkflowParser p = new WorkflowParser();
    p.source = new SourceText(text);
    Node root;
    try {
      root = new Compose(LoadSettings.builder().setSchema(new CoreSchema()).build()).composeString(text).orElse(null);
    } catch (MarkedYamlEngineException e) {
      Pos at = e.getProblemMark().map(SourceText::pos).orElse(new Pos(1, 1));
      p.problems.add(new ParseProblem(at, "could not parse as YAML: " + e.getProblem()));
      return new ActionResult(null, p.problems);
    } catch (YamlEngineException | IllegalStateException | StackOverflowError e) {
      p.problems.add(new ParseProblem(new Pos(1, 1), "could not parse as YAML: " + e.getMessage()));
      return new ActionResult(null, p.problems);
    }
    if (root == null || isNull(root)) {
      p.problems.add(new ParseProblem(new Pos(1, 1), "action metadata is empty"));
      return new ActionResult(null, p.problems);
    }
    return new ActionResult(p.action(root), p.problems);
  }

  private ActionMetadata action(Node n) {
    Str name = null;
    Map<String, ActionMetadata.Input> inputs = new LinkedHashMap<>();
    Map<String, ActionMetadata.Output> outputs = new LinkedHashMap<>();
    ActionMetadata.Runs runs = null;
    for (Entry e : mapping("action metadata", n, false, true)) {
      switch (e.id) {
        case "name" -> name = string(e.value, true);
        case "description", "author" -> string(e.value, true);
        case "branding" -> mapping("\"branding\" section", e.value, true, true);
        case "inputs" -> {
          for (Entry i : mapping("\"inputs\" section", e.value, true, false)) {
            Str description = null, def = null;
            boolean required = false;
            for (Entry f : mapping("input of action", i.value, true, true)) {
              switch (f.id) {
                case "description" -> description = string(f.value, true);
                case "required" -> {
                  Scalar<Boolean> b = bool(f.value);
                  required = b != null && Boolean.TRUE.equals(b.value());
                }
                case "default" -> def = string(f.value, true);
                case "deprecationMessage" -> string(f.value, true);
                default -> unexpectedKey(f.key, "inputs", List.of("description", "required", "default", "deprecationMessage"));
              }
            }
            inputs.put(i.id, new ActionMetadata.Input(i.key, description, required, def));
          }
        }
        case "outputs" -> {
          for (Entry o : mapping("\"outputs\" section", e.value, true, false)) {
            Str description = null, value = null;
            for (Entry f : mapping("output of action", o.value, true, true)) {
              switch (f.id) {
                case "description" -> description = string(f.value, true);
                case "value" -> value = string(f.value, true);
                default -> unexpectedKey(f.key, "outputs", List.of("description", "value"));
              }
            }
            outputs.put(o.id, new ActionMetadata.Output(o.key, description, value));
          }
        }
        case "runs" -> runs = runs(e.value);
        default -> unexpectedKey(e.key, "action metadata", List.of("name", "author", "description", "inputs", "outputs", "runs", "branding"));
      }
    }
    if (runs == null) problem(pos(n), "\"runs\" section is missing in action metadata");
    return new ActionMetadata(name, inputs, outputs, runs);
  }

  private ActionMetadata.Runs runs(Node n) {
    Str using = null, main = null, pre = null, post = null, preIf = null, postIf = null, image = null;
    List<Step> steps = null;
    Map<String, Str> env = new LinkedHashMap<>();
    for (Entry e : mapping("\"runs\" section", n, false, true)) {
      switch (e.id) {
        case "using" -> using = string(e.value, false);
        case "main" -> main = string(e.value, false);
        case "pre" -> pre = string(e.value, false);
        case "post" -> post = string(e.value, false);
        case "pre-if" -> preIf = string(e.value, false);
        case "post-if" -> postIf = string(e.value, false);
        case "image" -> image = string(e.value, false);
        case "steps" -> steps = steps(e.value);
        case "env" -> {
          for (Entry v : mapping("env", e.value, true, false)) env.put(v.id, string(v.value, true));
        }
        case "entrypoint", "pre-entrypoint", "post-entrypoint" -> string(e.value, true);
        case "args" -> stringSequence("args", e.value, true, true);
        default -> unexpectedKey(e.key, "runs", List.of("using", "main", "pre", "post", "pre-if", "post-if", "steps",
            "image", "env", "entrypoint", "pre-entrypoint", "post-entrypoint", "args"));
      }
    }
    if (using == null) problem(pos(n), "\"using\" is missing in \"runs\" section of action metadata");
    return new ActionMetadata.Runs(using, main, pre, post, preIf, postIf, steps == null ? List.of() : steps, image, env);
  }

  private Result read(String text) {
    source = new SourceText(text);
    Optional<Node> root;
    try {
      LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).setAllowRecursiveKeys(false)
          .setMaxAliasesForCollections(10_000).build();
      root = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      Pos p = e.getProblemMark().map(SourceText::pos).orElse(new Pos(1, 1));
      problems.add(new ParseProblem(p, "could not parse as YAML: " + e.getProblem()));
      return new Result(null, problems);
    } catch (YamlEngineException | IllegalStateException | StackOverflowError e) {
      String why = e instanceof StackOverflowError ? "the nesting is too deep" : String.valueOf(e.getMessage());
      problems.add(new ParseProblem(new Pos(1, 1), "could not parse as YAML: " + why));
      return new Result(null, problems);
    }
    if (root.isEmpty() || isNull(root.get())) {
      problems.add(new ParseProblem(new Pos(1, 1), "workflow is empty"));
      return new Result(null, problems);
    }
    return new Result(workflow(root.get()), problems);
  }

  // ---- the workflow ----

  private Workflow workflow(Node n) {
    Str name = null, runName = null;
    List<Event> on = null;
    Permissions permissions = null;
    Env env = null;
    Defaults defaults = null;
    Concurrency concurrency = null;
    Map<String, Job> jobs = null;
    for (Entry e : mapping("\"workflow\" section", n, false, true)) {
      switch (e.id) {
        case "name" -> name = string(e.value, true);
        case "run-name" -> runName = string(e.value, false);
        case "on" -> on = events(e.value);
        case "permissions" -> permissions = permissions(e.key.pos(), e.value);
        case "env" -> env = env(e.value);
        case "defaults" -> defaults = defaults(e.key.pos(), e.value);
        case "concurrency" -> concurrency = concurrency(e.key.pos(), e.value);
        case "jobs" -> jobs = jobs(e.value);
        default -> unexpectedKey(e.key, "workflow",
            List.of("name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"));
      }
    }
    Pos top = new Pos(1, 1);
    if (n instanceof MappingNode) top = pos(n);
    if (on == null) problem(top, "\"on\" section is missing in workflow");
    if (jobs == null) problem(top, "\"jobs\" section is missing in workflow");
    return new Workflow(name, runName, on == null ? List.of() : on, permissions, env, defaults, concurrency,
        jobs == null ? Map.of() : jobs);
  }

  // ---- events ----

  private List<Event> events(Node n) {
    List<Event> out = new ArrayList<>();
    if (n instanceof ScalarNode) {
      Event e = eventWithoutConfig(n);
      if (e != null) out.add(e);
    } else if (n instanceof MappingNode) {
      for (Entry e : mapping("\"on\" section", n, false, true)) {
        Pos p = e.key.pos();
        switch (e.id) {
          case "schedule" -> {
            Event.Schedule s = schedule(p, e.value);
            if (s != null) out.add(s);
          }
          case "workflow_dispatch" -> out.add(dispatch(p, e.value));
          case "repository_dispatch" -> out.add(repositoryDispatch(p, e.value));
          case "workflow_call" -> out.add(call(p, e.value));
          case "image_version" -> out.add(imageVersion(p, e.value));
          default -> out.add(webhook(e.key, e.value));
        }
      }
    } else if (n instanceof SequenceNode s) {
      notEmpty("on", s.getValue().size(), n);
      for (Node c : s.getValue()) {
        Event e = eventWithoutConfig(c);
        if (e != null) out.add(e);
      }
    } else {
      problem(n, "\"on\" section value is expected to be mapping or sequence but found " + kind(n) + " node");
    }
    return out;
  }

  private Event eventWithoutConfig(Node n) {
    Str s = string(n, false);
    Pos p = pos(n);
    switch (s.value()) {
      case "":
        return null;
      case "schedule":
        problem(n, "schedule event must be configured with mapping");
        return null;
      case "repository_dispatch":
        return new Event.RepositoryDispatch(List.of(), p);
      case "workflow_dispatch":
        return new Event.Dispatch(Map.of(), p);
      case "workflow_call":
        return new Event.Call(List.of(), null, Map.of(), p);
      case "image_version":
        return new Event.ImageVersion(List.of(), List.of(), p);
      default:
        return new Event.Webhook(s, List.of(), null, null, null, null, null, null, List.of(), p);
    }
  }

  private Event.Schedule schedule(Pos p, Node n) {
    if (!sequence("schedule", n, false)) return null;
    List<Event.Cron> crons = new ArrayList<>();
    for (Node c : ((SequenceNode) n).getValue()) {
      Str cron = null, zone = null;
      for (Entry e : mapping("element of \"schedule\" section", c, false, true)) {
        switch (e.id) {
          case "cron" -> {
            Str s = string(e.value, false);
            if (!s.isEmpty()) cron = s;
          }
          case "timezone" -> {
            Str s = string(e.value, false);
            if (!s.isEmpty()) zone = s;
          }
          default -> unexpectedKey(e.key, "element of \"schedule\" section", List.of("cron", "timezone"));
        }
      }
      if (cron != null) crons.add(new Event.Cron(cron, zone));
    }
    return new Event.Schedule(crons, p);
  }

  private Event.Dispatch dispatch(Pos p, Node n) {
    Map<String, Event.DispatchInput> inputs = new LinkedHashMap<>();
    for (Entry e : mapping("\"workflow_dispatch\" section", n, true, true)) {
      if (!e.id.equals("inputs")) {
        unexpectedKey(e.key, "workflow_dispatch", List.of("inputs"));
        continue;
      }
      for (Entry i : mapping("\"inputs\" section", e.value, true, false)) {
        inputs.put(i.id, dispatchInput(i.key, i.value));
      }
    }
    return new Event.Dispatch(inputs, p);
  }

  private Event.DispatchInput dispatchInput(Str name, Node n) {
    Str description = null, defaultValue = null, typeNode = null;
    Scalar<Boolean> required = null;
    InputType type = InputType.NONE;
    List<Str> options = null;
    for (Entry e : mapping("input settings of workflow_dispatch event", n, true, true)) {
      switch (e.id) {
        case "description" -> description = string(e.value, true);
        case "required" -> required = bool(e.value);
        case "default" -> defaultValue = string(e.value, true);
        case "type" -> {
          if (!checkString(e.value, false)) continue;
          typeNode = str(e.value);
          switch (typeNode.value()) {
            case "string" -> type = InputType.STRING;
            case "number" -> type = InputType.NUMBER;
            case "boolean" -> type = InputType.BOOLEAN;
            case "choice" -> type = InputType.CHOICE;
            case "environment" -> type = InputType.ENVIRONMENT;
            default -> problem(e.value, "input type of workflow_dispatch event must be one of \"string\", \"number\", "
                + "\"boolean\", \"choice\", \"environment\" but got \"" + typeNode.value() + "\"");
          }
        }
        case "options" -> options = stringSequence("options", e.value, false, false);
        default -> unexpectedKey(e.key, "inputs", List.of("description", "required", "default", "type", "options"));
      }
    }
    return new Event.DispatchInput(name, description, required, defaultValue, type, typeNode, options);
  }

  private Event.RepositoryDispatch repositoryDispatch(Pos p, Node n) {
    List<Str> types = List.of();
    for (Entry e : mapping("\"repository_dispatch\" section", n, true, true)) {
      if (e.id.equals("types")) types = stringOrSequence("types", e.value, false, false);
      else unexpectedKey(e.key, "repository_dispatch", List.of("types"));
    }
    return new Event.RepositoryDispatch(types, p);
  }

  private Event.Webhook webhook(Str name, Node n) {
    List<Str> types = List.of(), workflows = List.of();
    Event.Filter branches = null, branchesIgnore = null, tags = null, tagsIgnore = null, paths = null,
        pathsIgnore = null;
    for (Entry e : mapping(quoteSection(name.value()), n, true, true)) {
      switch (e.id) {
        case "types" -> types = stringOrSequence(e.key.value(), e.value, false, false);
        case "branches" -> branches = filter(e.key, e.value);
        case "branches-ignore" -> branchesIgnore = filter(e.key, e.value);
        case "tags" -> tags = filter(e.key, e.value);
        case "tags-ignore" -> tagsIgnore = filter(e.key, e.value);
        case "paths" -> paths = filter(e.key, e.value);
        case "paths-ignore" -> pathsIgnore = filter(e.key, e.value);
        case "workflows" -> workflows = stringOrSequence(e.key.value(), e.value, false, false);
        default -> unexpectedKey(e.key, name.value(), List.of("types", "branches", "branches-ignore", "tags",
            "tags-ignore", "paths", "paths-ignore", "workflows"));
      }
    }
    return new Event.Webhook(name, types, branches, branchesIgnore, tags, tagsIgnore, paths, pathsIgnore, workflows,
        name.pos());
  }

  private Event.Filter filter(Str name, Node n) {
    return new Event.Filter(name, stringOrSequence(name.value(), n, false, false));
  }

  private Event.Call call(Pos p, Node n) {
    List<Event.CallInput> inputs = new ArrayList<>();
    Map<String, Event.CallSecret> secrets = null;
    Map<String, Event.CallOutput> outputs = new LinkedHashMap<>();
    for (Entry e : mapping("\"workflow_call\" section", n, true, true)) {
      switch (e.id) {
        case "inputs" -> {
          for (Entry i : mapping("\"inputs\" section", e.value, true, false)) inputs.add(callInput(i.key, i.value));
        }
        case "secrets" -> {
          secrets = new LinkedHashMap<>();
          for (Entry s : mapping("\"secrets\" section", e.value, true, false)) {
            secrets.put(s.id, callSecret(s.key, s.value));
          }
        }
        case "outputs" -> {
          for (Entry o : mapping("\"outputs\" section", e.value, true, false)) {
            outputs.put(o.id, callOutput(o.key, o.value));
          }
        }
        default -> unexpectedKey(e.key, "workflow_call", List.of("inputs", "secrets", "outputs"));
      }
    }
    return new Event.Call(inputs, secrets, outputs, p);
  }

  private Event.CallInput callInput(Str name, Node n) {
    Str description = null, defaultValue = null;
    Scalar<Boolean> required = null;
    InputType type = InputType.NONE;
    boolean typed = false;
    for (Entry e : mapping("input of workflow_call event", n, true, true)) {
      switch (e.id) {
        case "description" -> description = string(e.value, true);
        case "required" -> required = bool(e.value);
        case "default" -> defaultValue = string(e.value, true);
        case "type" -> {
          typed = true;
          if (!checkString(e.value, false)) continue;
          String t = ((ScalarNode) e.value).getValue();
          switch (t) {
            case "boolean" -> type = InputType.BOOLEAN;
            case "number" -> type = InputType.NUMBER;
            case "string" -> type = InputType.STRING;
            default -> problem(e.value, "invalid value \"" + t + "\" for input type of workflow_call event. "
                + "it must be one of \"boolean\", \"number\", or \"string\"");
          }
        }
        default -> unexpectedKey(e.key, "inputs at workflow_call event",
            List.of("description", "required", "default", "type"));
      }
    }
    if (!typed) problem(name.pos(), "\"type\" is missing at \"" + name.value() + "\" input of workflow_call event");
    return new Event.CallInput(name, description, required, defaultValue, type);
  }

  private Event.CallSecret callSecret(Str name, Node n) {
    Str description = null;
    Scalar<Boolean> required = null;
    for (Entry e : mapping("secret of workflow_call event", n, true, true)) {
      switch (e.id) {
        case "description" -> description = string(e.value, true);
        case "required" -> required = bool(e.value);
        default -> unexpectedKey(e.key, "secrets", List.of("description", "required"));
      }
    }
    return new Event.CallSecret(name, description, required);
  }

  private Event.CallOutput callOutput(Str name, Node n) {
    Str description = null, value = null;
    for (Entry e : mapping("output of workflow_call event", n, true, true)) {
      switch (e.id) {
        case "description" -> description = string(e.value, true);
        case "value" -> value = string(e.value, false);
        default -> unexpectedKey(e.key, "outputs at workflow_call event", List.of("description", "value"));
      }
    }
    if (value == null) problem(name.pos(), "\"value\" is missing at \"" + name.value() + "\" output of workflow_call event");
    return new Event.CallOutput(name, description, value);
  }

  private Event.ImageVersion imageVersion(Pos p, Node n) {
    List<Str> names = List.of(), versions = List.of();
    for (Entry e : mapping("\"image_version\" section", n, true, true)) {
      switch (e.id) {
        case "names" -> names = stringSequence("names", e.value, false, false);
        case "versions" -> versions = stringSequence("versions", e.value, false, false);
        default -> unexpectedKey(e.key, "image_version", List.of("names", "versions"));
      }
    }
    return new Event.ImageVersion(names, versions, p);
  }

  // ---- sections shared by the workflow and its jobs ----

  private Permissions permissions(Pos p, Node n) {
    if (n instanceof ScalarNode) return new Permissions(string(n, false), null, p);
    Map<String, Scope> scopes = new LinkedHashMap<>();
    for (Entry e : mapping("\"permissions\" section", n, true, false)) {
      scopes.put(e.id, new Scope(e.key, string(e.value, false)));
    }
    return new Permissions(null, scopes, p);
  }

  private Env env(Node n) {
    if (n instanceof ScalarNode) {
      return new Env(null, expression(n, "mapping value for \"env\" section"));
    }
    Map<String, EnvVar> vars = new LinkedHashMap<>();
    for (Entry e : mapping("env", n, false, false)) vars.put(e.id, new EnvVar(e.key, string(e.value, true)));
    return new Env(vars, null);
  }

  private Defaults defaults(Pos p, Node n) {
    Str shell = null, dir = null;
    boolean hasRun = false;
    for (Entry e : mapping("\"defaults\" section", n, false, true)) {
      if (!e.id.equals("run")) {
        unexpectedKey(e.key, "defaults", List.of("run"));
        continue;
      }
      hasRun = true;
      for (Entry r : mapping("\"run\" section", e.value, false, true)) {
        switch (r.id) {
          case "shell" -> shell = string(r.value, false);
          case "working-directory" -> dir = string(r.value, false);
          default -> unexpectedKey(r.key, "run", List.of("shell", "working-directory"));
        }
      }
    }
    if (!hasRun) problem(n, "\"defaults\" section should have \"run\" section");
    return new Defaults(shell, dir, p, hasRun);
  }

  private Concurrency concurrency(Pos p, Node n) {
    if (n instanceof ScalarNode) return new Concurrency(string(n, false), null, p);
    Str group = null;
    Scalar<Boolean> cancel = null;
    for (Entry e : mapping("\"concurrency\" section", n, false, true)) {
      switch (e.id) {
        case "group" -> group = string(e.value, false);
        case "cancel-in-progress" -> cancel = bool(e.value);
        default -> unexpectedKey(e.key, "concurrency", List.of("group", "cancel-in-progress"));
      }
    }
    if (group == null) problem(p, "group name is missing in \"concurrency\" section");
    return new Concurrency(group, cancel, p);
  }

  // ---- jobs ----

  private Map<String, Job> jobs(Node n) {
    Map<String, Job> jobs = new LinkedHashMap<>();
    for (Entry e : mapping("\"jobs\" section", n, false, false)) jobs.put(e.id, job(e.key, e.value));
    return jobs;
  }

  private Job job(Str id, Node n) {
    Str name = null, ifCondition = null, uses = null;
    List<Str> needs = null;
    RunsOn runsOn = null;
    Permissions permissions = null;
    Job.Environment environment = null;
    Concurrency concurrency = null;
    Map<String, Job.Output> outputs = null;
    Env env = null;
    Defaults defaults = null;
    List<Step> steps = null;
    Scalar<Double> timeout = null;
    Strategy strategy = null;
    Scalar<Boolean> continueOnError = null;
    Container container = null;
    Services services = null;
    Map<String, CallArg> with = null, secrets = null;
    boolean inherit = false;
    Str stepsOnlyKey = null, callOnlyKey = null;
    for (Entry e : mapping("\"" + id.value() + "\" job", n, false, true)) {
      Str k = e.key;
      Node v = e.value;
      switch (e.id) {
        case "name" -> name = string(v, true);
        case "needs" -> needs = v instanceof ScalarNode ? List.of(string(v, false)) : stringSequence("needs", v, false, false);
        case "runs-on" -> {
          runsOn = runsOn(v);
          stepsOnlyKey = k;
        }
        case "permissions" -> permissions = permissions(k.pos(), v);
        case "environment" -> {
          environment = environment(k.pos(), v);
          stepsOnlyKey = k;
        }
        case "concurrency" -> concurrency = concurrency(k.pos(), v);
        case "outputs" -> {
          outputs = outputs(v);
          stepsOnlyKey = k;
        }
        case "env" -> {
          env = env(v);
          stepsOnlyKey = k;
        }
        case "defaults" -> {
          defaults = defaults(k.pos(), v);
          stepsOnlyKey = k;
        }
        case "if" -> ifCondition = string(v, false);
        case "steps" -> {
          steps = steps(v);
          stepsOnlyKey = k;
        }
        case "timeout-minutes" -> {
          timeout = timeoutMinutes(v);
          stepsOnlyKey = k;
        }
        case "strategy" -> strategy = strategy(k.pos(), v);
        case "continue-on-error" -> {
          continueOnError = bool(v);
          stepsOnlyKey = k;
        }
        case "container" -> {
          container = container("container", k.pos(), v);
          stepsOnlyKey = k;
        }
        case "services" -> services = services(v);
        case "uses" -> {
          uses = string(v, false);
          callOnlyKey = k;
        }
        case "with" -> {
          with = new LinkedHashMap<>();
          for (Entry w : mapping("\"with\" section", v, false, false)) with.put(w.id, new CallArg(w.key, string(w.value, true)));
          callOnlyKey = k;
        }
        case "secrets" -> {
          if (v instanceof ScalarNode s) {
            if (s.getValue().equals("inherit")) inherit = true;
            else problem(v, "expected mapping node for secrets or \"inherit\" string node but found \"" + s.getValue() + "\" node");
          } else {
            secrets = new LinkedHashMap<>();
            for (Entry s : mapping("\"secrets\" section", v, false, false)) secrets.put(s.id, new CallArg(s.key, string(s.value, true)));
          }
          callOnlyKey = k;
        }
        case "snapshot" -> snapshot(k.pos(), v);
        default -> unexpectedKey(k, "job", List.of("name", "needs", "runs-on", "permissions", "environment",
            "concurrency", "outputs", "env", "defaults", "if", "steps", "timeout-minutes", "strategy",
            "continue-on-error", "container", "services", "uses", "with", "secrets", "snapshot"));
      }
    }
    Job.WorkflowCall call = null;
    if (uses != null) {
      if (stepsOnlyKey != null) {
        problem(stepsOnlyKey.pos(), "when a reusable workflow is called with \"uses\", \"" + stepsOnlyKey.value()
            + "\" is not available. only following keys are allowed: \"name\", \"uses\", \"with\", \"secrets\", "
            + "\"needs\", \"if\", and \"permissions\" in job \"" + id.value() + "\"");
      } else {
        call = new Job.WorkflowCall(uses, with == null ? Map.of() : with, secrets, inherit);
      }
    } else {
      if (steps == null) problem(id.pos(), "\"steps\" section is missing in job \"" + id.value() + "\"");
      if (runsOn == null) problem(id.pos(), "\"runs-on\" section is missing in job \"" + id.value() + "\"");
      if (callOnlyKey != null) {
        problem(callOnlyKey.pos(), "\"" + callOnlyKey.value() + "\" is only available for a reusable workflow call "
            + "with \"uses\" but \"uses\" is not found in job \"" + id.value() + "\"");
      }
    }
    return new Job(id, name, needs, runsOn, permissions, environment, concurrency, outputs, env, defaults,
        ifCondition, steps, timeout, strategy, continueOnError, container, services, call, id.pos());
  }

  private RunsOn runsOn(Node n) {
    Str expr = optionalExpression(n);
    if (expr != null) return new RunsOn(null, expr, null);
    if (n instanceof ScalarNode || n instanceof SequenceNode) {
      return new RunsOn(stringOrSequence("runs-on", n, false, false), null, null);
    }
    List<Str> labels = null;
    Str labelsExpr = null, group = null;
    for (Entry e : mapping("\"runs-on\" section", n, false, true)) {
      switch (e.id) {
        case "labels" -> {
          labelsExpr = optionalExpression(e.value);
          if (labelsExpr == null) labels = stringOrSequence("labels", e.value, false, false);
        }
        case "group" -> group = string(e.value, false);
        default -> unexpectedKey(e.key, "runs-on", List.of("labels", "group"));
      }
    }
    return new RunsOn(labels, labelsExpr, group);
  }

  private Job.Environment environment(Pos p, Node n) {
    if (n instanceof ScalarNode) return new Job.Environment(string(n, false), null, p);
    Str name = null, url = null;
    for (Entry e : mapping("\"environment\" section", n, false, true)) {
      switch (e.id) {
        case "name" -> name = string(e.value, false);
        case "url" -> url = string(e.value, false);
        case "deployment" -> bool(e.value);
        default -> unexpectedKey(e.key, "environment", List.of("name", "url", "deployment"));
      }
    }
    if (name == null) problem(p, "name is missing in \"environment\" section");
    return new Job.Environment(name, url, p);
  }

  private Map<String, Job.Output> outputs(Node n) {
    Map<String, Job.Output> out = new LinkedHashMap<>();
    for (Entry e : mapping("\"outputs\" section", n, false, false)) out.put(e.id, new Job.Output(e.key, string(e.value, true)));
    return out;
  }

  private void snapshot(Pos p, Node n) {
    if (n instanceof ScalarNode) {
      string(n, false);
    } else if (n instanceof MappingNode) {
      boolean image = false;
      for (Entry e : mapping("\"snapshot\" section", n, false, true)) {
        switch (e.id) {
          case "image-name" -> {
            image = true;
            string(e.value, false);
          }
          case "version", "if" -> string(e.value, false);
          default -> unexpectedKey(e.key, "snapshot", List.of("image-name", "version", "if"));
        }
      }
      if (!image) problem(p, "\"snapshot\" section must have \"image-name\" configuration");
    } else {
      problem(n, "\"snapshot\" section value must be string or mapping but found " + kind(n) + " node");
    }
  }

  private Strategy strategy(Pos p, Node n) {
    Matrix matrix = null;
    Scalar<Boolean> failFast = null;
    Scalar<Integer> maxParallel = null;
    for (Entry e : mapping("\"strategy\" section", n, false, true)) {
      switch (e.id) {
        case "matrix" -> matrix = matrix(e.key.pos(), e.value);
        case "fail-fast" -> failFast = bool(e.value);
        case "max-parallel" -> {
          maxParallel = integer(e.value);
          if (maxParallel != null && maxParallel.value() != null && maxParallel.value() <= 0) {
            problem(e.value, "value at \"max-parallel\" must be greater than zero: " + maxParallel.value());
          }
        }
        default -> unexpectedKey(e.key, "strategy", List.of("matrix", "fail-fast", "max-parallel"));
      }
    }
    return new Strategy(matrix, failFast, maxParallel, p);
  }

  private Matrix matrix(Pos p, Node n) {
    if (n instanceof ScalarNode) return new Matrix(Map.of(), null, null, expression(n, "matrix"), pos(n));
    Map<String, Row> rows = new LinkedHashMap<>();
    Combinations include = null, exclude = null;
    for (Entry e : mapping("\"matrix\" section", n, false, false)) {
      switch (e.id) {
        case "include" -> include = combinations("include", e.value);
        case "exclude" -> exclude = combinations("exclude", e.value);
        default -> {
          if (e.value instanceof ScalarNode) {
            Str expr = expression(e.value, "array value for matrix variations");
            if (expr != null) rows.put(e.id, new Row(e.key, null, expr));
            continue;
          }
          if (!sequence("matrix values", e.value, false)) continue;
          List<RawValue> values = new ArrayList<>();
          for (Node c : ((SequenceNode) e.value).getValue()) {
            RawValue v = raw(c);
            if (v != null) values.add(v);
          }
          rows.put(e.id, new Row(e.key, values, null));
        }
      }
    }
    return new Matrix(rows, include, exclude, null, p);
  }

  private Combinations combinations(String section, Node n) {
    if (n instanceof ScalarNode) {
      Str expr = expression(n, "array of matrix combination");
      return expr == null ? null : new Combinations(null, expr);
    }
    if (!sequence(section, n, false)) return null;
    List<Combination> list = new ArrayList<>();
    for (Node c : ((SequenceNode) n).getValue()) {
      if (c instanceof ScalarNode) {
        Str e = expression(c, "mapping of matrix combination");
        if (e != null) list.add(new Combination(null, e));
        continue;
      }
      Map<String, Assign> assigns = new LinkedHashMap<>();
      for (Entry e : mapping("element in \"" + section + "\" section", c, false, false)) {
        RawValue v = raw(e.value);
        if (v != null) assigns.put(e.id, new Assign(e.key, v));
      }
      list.add(new Combination(assigns, null));
    }
    return new Combinations(list, null);
  }

  private RawValue raw(Node n) {
    if (n instanceof ScalarNode s) return new RawValue.Text(str(s));
    if (n instanceof SequenceNode s) {
      List<RawValue> items = new ArrayList<>();
      for (Node c : s.getValue()) {
        RawValue v = raw(c);
        if (v != null) items.add(v);
      }
      return new RawValue.Array(items, pos(n));
    }
    if (n instanceof MappingNode) {
      Map<String, RawValue> props = new LinkedHashMap<>();
      for (Entry e : mapping("matrix row value", n, true, false)) {
        RawValue v = raw(e.value);
        if (v != null) props.put(e.id, v);
      }
      return new RawValue.Obj(props, pos(n));
    }
    problem(n, "unexpected " + kind(n) + " node on parsing value in matrix row");
    return null;
  }

  private Container container(String section, Pos p, Node n) {
    List<String> keys = new ArrayList<>(List.of("image", "credentials", "env", "ports", "volumes", "options"));
    if (section.equals("services")) keys.addAll(List.of("command", "entrypoint"));
    if (n instanceof ScalarNode) return new Container(string(n, false), null, null, null, null, null, p);
    Str image = null, options = null;
    Credentials credentials = null;
    Env env = null;
    List<Str> ports = null, volumes = null;
    for (Entry e : mapping("\"" + section + "\" section", n, false, true)) {
      switch (e.id) {
        case "image" -> image = string(e.value, false);
        case "credentials" -> credentials = credentials(e.key.pos(), e.value);
        case "env" -> env = env(e.value);
        case "ports" -> ports = stringSequence("ports", e.value, true, false);
        case "volumes" -> volumes = stringSequence("volumes", e.value, true, false);
        case "options" -> options = string(e.value, true);
        case "command", "entrypoint" -> {
          if (section.equals("services")) string(e.value, true);
          else unexpectedKey(e.key, section, keys);
        }
        default -> unexpectedKey(e.key, section, keys);
      }
    }
    if (image == null) problem(p, "\"image\" is missing in \"" + section + "\" section");
    return new Container(image, credentials, env, ports, volumes, options, p);
  }

  private Credentials credentials(Pos p, Node n) {
    Str expr = optionalExpression(n);
    if (expr != null) return new Credentials(null, null, expr, p);
    Str user = null, password = null;
    for (Entry e : mapping("\"credentials\" section", n, false, true)) {
      switch (e.id) {
        case "username" -> user = string(e.value, false);
        case "password" -> password = string(e.value, false);
        default -> unexpectedKey(e.key, "credentials", List.of("username", "password"));
      }
    }
    if (user == null || password == null) {
      problem(p, "both \"username\" and \"password\" must be specified in \"credentials\" section");
      return null;
    }
    return new Credentials(user, password, null, p);
  }

  private Services services(Node n) {
    Str expr = optionalExpression(n);
    if (expr != null) return new Services(null, expr, pos(n));
    Map<String, Job.Service> map = new LinkedHashMap<>();
    for (Entry e : mapping("\"services\" section", n, false, false)) {
      map.put(e.id, new Job.Service(e.key, container("services", e.key.pos(), e.value)));
    }
    return new Services(map, null, pos(n));
  }

  private Scalar<Double> timeoutMinutes(Node n) {
    Scalar<Double> f = floating(n);
    if (f != null && f.value() != null && f.value() <= 0) {
      problem(n, "value at \"timeout-minutes\" must be greater than zero: " + formatNumber(f.value()));
    }
    return f;
  }

  // ---- steps ----

  private List<Step> steps(Node n) {
    if (!sequence("steps", n, false)) return null;
    List<Step> steps = new ArrayList<>();
    for (Node c : ((SequenceNode) n).getValue()) steps.add(step(c));
    return steps;
  }

  private static final List<String> COMMON_STEP_KEYS =
      List.of("id", "if", "name", "env", "continue-on-error", "timeout-minutes");

  private Step step(Node n) {
    Str id = null, ifCondition = null, name = null;
    Env env = null;
    Scalar<Boolean> continueOnError = null;
    Scalar<Double> timeout = null;
    List<Entry> entries = mapping("element of \"steps\" section", n, false, true);
    String kind = null;
    boolean hasRun = false, hasUses = false;
    for (Entry e : entries) {
      switch (e.id) {
        case "id" -> id = string(e.value, false);
        case "if" -> ifCondition = string(e.value, false);
        case "name" -> name = string(e.value, true);
        case "env" -> env = env(e.value);
        case "continue-on-error" -> continueOnError = bool(e.value);
        case "timeout-minutes" -> timeout = timeoutMinutes(e.value);
        case "run", "shell" -> {
          hasRun |= e.id.equals("run");
          if (kind == null) kind = "run";
        }
        case "uses", "with" -> {
          hasUses |= e.id.equals("uses");
          if (kind == null) kind = "action";
        }
        default -> { }
      }
    }
    Step.Exec exec = null;
    if (kind == null) {
      problem(n, "step must run script with \"run\" section or run action with \"uses\" section");
    } else if (kind.equals("run")) {
      for (Entry e : entries) {
        if (e.id.equals("uses") || e.id.equals("with")) {
          problem(e.key.pos(), "this step is for running shell command since it contains at least one of \"run\", "
              + "\"shell\" keys, but also contains \"" + e.id + "\" key which is used for running action");
        }
      }
      if (!hasRun) problem(n, "\"run\" is required to run script in step");
      else exec = run(entries);
    } else {
      for (Entry e : entries) {
        if (e.id.equals("run") || e.id.equals("shell") || e.id.equals("working-directory")) {
          problem(e.key.pos(), "this step is for running action since it contains at least one of \"uses\", "
              + "\"with\" keys, but also contains \"" + e.id + "\" key which is used for running shell command");
        }
      }
      if (!hasUses) {
        problem(n, "\"uses\" is required to run action in step");
      } else {
        Node uses = entries.stream().filter(e -> e.id.equals("uses")).findFirst().get().value;
        exec = action(entries, uses instanceof ScalarNode s && s.getValue().startsWith("docker://"));
      }
    }
    return new Step(id, ifCondition, name, env, continueOnError, timeout, exec, pos(n));
  }

  private Step.Run run(List<Entry> entries) {
    Str script = null, shell = null, dir = null;
    Pos runKey = null;
    for (Entry e : entries) {
      switch (e.id) {
        case "run" -> {
          script = string(e.value, false);
          runKey = e.key.pos();
        }
        case "shell" -> shell = string(e.value, false);
        case "working-directory" -> dir = string(e.value, false);
        case "uses", "with" -> { }
        default -> {
          if (!COMMON_STEP_KEYS.contains(e.id)) {
            List<String> keys = new ArrayList<>(COMMON_STEP_KEYS);
            keys.addAll(List.of("run", "shell", "working-directory"));
            unexpectedKey(e.key, "step to run shell command", keys);
          }
        }
      }
    }
    return new Step.Run(script, runKey, shell, dir);
  }

  private Step.Action action(List<Entry> entries, boolean docker) {
    Str uses = null, entrypoint = null, args = null;
    Map<String, Step.Input> inputs = new LinkedHashMap<>();
    for (Entry e : entries) {
      switch (e.id) {
        case "uses" -> uses = string(e.value, false);
        case "with" -> {
          for (Entry w : mapping("\"with\" section", e.value, false, false)) {
            if (docker && w.id.equals("entrypoint")) entrypoint = string(w.value, false);
            else if (docker && w.id.equals("args")) args = string(w.value, true);
            else inputs.put(w.id, new Step.Input(w.key, string(w.value, true)));
          }
        }
        case "run", "shell", "working-directory" -> { }
        default -> {
          if (!COMMON_STEP_KEYS.contains(e.id)) {
            List<String> keys = new ArrayList<>(COMMON_STEP_KEYS);
            keys.addAll(List.of("uses", "with"));
            unexpectedKey(e.key, "step to execute action", keys);
          }
        }
      }
    }
    return new Step.Action(uses, inputs, entrypoint, args);
  }

  // ---- YAML helpers ----

  /** A key of a mapping with its value; {@code id} is the key as written. */
  private record Entry(String id, Str key, Node value) {}

  /**
   * The entries of mapping {@code n}, reporting a node of another kind, an empty section (unless
   * allowed), merge keys and duplicate keys (compared ignoring case unless {@code caseSensitive}).
   */
  private List<Entry> mapping(String where, Node n, boolean allowEmpty, boolean caseSensitive) {
    if (isNull(n)) {
      if (!allowEmpty) problem(n, where + " should not be empty. please remove this section if it's unnecessary");
      return List.of();
    }
    if (!(n instanceof MappingNode m)) {
      problem(n, where + " is " + kind(n) + " node but mapping node is expected");
      return List.of();
    }
    List<Entry> out = new ArrayList<>(m.getValue().size());
    Map<String, Pos> seen = new HashMap<>();
    for (NodeTuple t : m.getValue()) {
      Str k = string(t.getKeyNode(), false);
      if (k.value().equals("<<")) {
        problem(k.pos(), "GitHub Actions does not support YAML merge key \"<<\"");
        continue;
      }
      String id = caseSensitive ? k.value() : k.value().toLowerCase(Locale.ROOT);
      Pos first = seen.get(id);
      if (first != null) {
        problem(k.pos(), "key \"" + k.value() + "\" is duplicated in " + where + ". previously defined at line:"
            + first.line() + ",col:" + first.column() + (caseSensitive ? "" : ". note that this key is case insensitive"));
        continue;
      }
      seen.put(id, k.pos());
      out.add(new Entry(k.value(), k, t.getValueNode()));
    }
    if (!allowEmpty && out.isEmpty()) {
      problem(n, where + " should not be empty. please remove this section if it's unnecessary");
    }
    return out;
  }

  private void unexpectedKey(Str key, String section, List<String> expected) {
    String sec = section.contains(" ") ? section : quoteSection(section);
    String message;
    if (expected.size() == 1) {
      message = "expected \"" + expected.get(0) + "\" key for " + sec + " but got \"" + key.value() + "\"";
    } else {
      StringBuilder b = new StringBuilder();
      for (String s : new TreeSet<>(expected)) b.append(b.length() == 0 ? "" : ", ").append('"').append(s).append('"');
      message = "unexpected key \"" + key.value() + "\" for " + sec + ". expected one of " + b;
    }
    problem(key.pos(), message);
  }

  private static String quoteSection(String name) {
    return "\"" + name + "\" section";
  }

  private boolean notEmpty(String section, int size, Node n) {
    if (size == 0) {
      problem(n, "\"" + section + "\" section should not be empty");
      return false;
    }
    return true;
  }

  private boolean sequence(String section, Node n, boolean allowEmpty) {
    if (!(n instanceof SequenceNode s)) {
      problem(n, "\"" + section + "\" section must be sequence node but got " + kind(n) + " node with \"" + tag(n) + "\" tag");
      return false;
    }
    return allowEmpty || notEmpty(section, s.getValue().size(), n);
  }

  private boolean checkString(Node n, boolean allowEmpty) {
    if (!(n instanceof ScalarNode s)) {
      problem(n, "expected scalar node for string value but found " + kind(n) + " node with \"" + tag(n) + "\" tag");
      return false;
    }
    if (!allowEmpty && s.getValue().isEmpty()) {
      problem(n, "string should not be empty");
      return false;
    }
    return true;
  }

  private Str string(Node n, boolean allowEmpty) {
    if (!checkString(n, allowEmpty)) return new Str("", pos(n));
    return str(n);
  }

  private Str str(Node n) {
    return source.str((ScalarNode) n);
  }

  private List<Str> stringSequence(String section, Node n, boolean allowEmpty, boolean allowElementEmpty) {
    if (!sequence(section, n, allowEmpty)) return List.of();
    List<Str> out = new ArrayList<>();
    for (Node c : ((SequenceNode) n).getValue()) out.add(string(c, allowElementEmpty));
    return out;
  }

  private List<Str> stringOrSequence(String section, Node n, boolean allowEmpty, boolean allowElementEmpty) {
    if (n instanceof ScalarNode) {
      if (allowEmpty && isNull(n)) return List.of();
      return List.of(string(n, allowElementEmpty));
    }
    return stringSequence(section, n, allowEmpty, allowElementEmpty);
  }

  private static boolean isExpressionValue(String s) {
    return Str.isOneExpression(s);
  }

  private Str expression(Node n, String expecting) {
    if (n instanceof ScalarNode s && isExpressionValue(s.getValue())) return str(n);
    problem(n, "expecting a single ${{...}} expression or " + expecting + ", but found plain text node");
    return null;
  }

  private Str optionalExpression(Node n) {
    if (n instanceof ScalarNode s && tag(n).equals("!!str") && isExpressionValue(s.getValue())) return str(n);
    return null;
  }

  private Scalar<Boolean> bool(Node n) {
    String tag = tag(n);
    if (!(n instanceof ScalarNode s) || (!tag.equals("!!bool") && !tag.equals("!!str"))) {
      problem(n, "expected bool value but found " + kind(n) + " node with \"" + tag + "\" tag");
      return null;
    }
    if (tag.equals("!!str")) {
      return new Scalar<>(null, expression(n, "boolean literal \"true\" or \"false\""), pos(n));
    }
    return new Scalar<>(s.getValue().equalsIgnoreCase("true"), null, pos(n));
  }

  private Scalar<Integer> integer(Node n) {
    String tag = tag(n);
    if (!(n instanceof ScalarNode s) || (!tag.equals("!!int") && !tag.equals("!!str"))) {
      problem(n, "expected scalar node for integer value but found " + kind(n) + " node with \"" + tag + "\" tag");
      return null;
    }
    if (tag.equals("!!str")) {
      Str e = expression(n, "integer literal");
      return e == null ? null : new Scalar<>(null, e, pos(n));
    }
    try {
      return new Scalar<>(Integer.decode(s.getValue().replace("0o", "0")), null, pos(n));
    } catch (NumberFormatException ex) {
      problem(n, "invalid integer value: \"" + s.getValue() + "\"");
      return null;
    }
  }

  private Scalar<Double> floating(Node n) {
    String tag = tag(n);
    if (!(n instanceof ScalarNode s) || (!tag.equals("!!float") && !tag.equals("!!int") && !tag.equals("!!str"))) {
      problem(n, "expected scalar node for float value but found " + kind(n) + " node with \"" + tag + "\" tag");
      return null;
    }
    if (tag.equals("!!str")) {
      Str e = expression(n, "float number literal");
      return e == null ? null : new Scalar<>(null, e, pos(n));
    }
    String v = s.getValue();
    try {
      double d = switch (v.toLowerCase(Locale.ROOT)) {
        case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
        case "-.inf" -> Double.NEGATIVE_INFINITY;
        case ".nan" -> Double.NaN;
        default -> v.startsWith("0x") || v.startsWith("0o") ? Integer.decode(v.replace("0o", "0")) : Double.parseDouble(v);
      };
      if (Double.isNaN(d)) throw new NumberFormatException();
      return new Scalar<>(d, null, pos(n));
    } catch (NumberFormatException ex) {
      problem(n, "invalid float value: \"" + v + "\"");
      return null;
    }
  }

  private static String formatNumber(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode && tag(n).equals("!!null");
  }

  private static String tag(Node n) {
    String t = n.getTag().getValue();
    return t.startsWith("tag:yaml.org,2002:") ? "!!" + t.substring("tag:yaml.org,2002:".length()) : t;
  }

  private static String kind(Node n) {
    if (n instanceof ScalarNode) return "scalar";
    if (n instanceof SequenceNode) return "sequence";
    if (n instanceof MappingNode) return "mapping";
    return "unknown";
  }

  private static Pos pos(Node n) {
    return n.getStartMark().map(SourceText::pos).orElse(new Pos(1, 1));
  }

  private void problem(Node n, String message) {
    problems.add(new ParseProblem(pos(n), message));
  }

  private void problem(Pos p, String message) {
    problems.add(new ParseProblem(p, message));
  }

}
