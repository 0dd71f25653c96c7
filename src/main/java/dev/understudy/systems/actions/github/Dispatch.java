package dev.understudy.systems.actions.github;

import dev.understudy.systems.actions.WorkflowRestore;
import dev.understudy.systems.actions.model.Event;
import dev.understudy.systems.actions.model.Str;
import dev.understudy.systems.actions.model.WorkflowParser;
import dev.understudy.util.Suggestions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a dispatch checks in the project before asking GitHub: the workflow file named, its {@code
 * workflow_dispatch} trigger and the inputs given against those it declares (GitHub would refuse
 * them with a 422; here the message names the file and line). The local file stands for the copy
 * on the ref dispatched: when they differ, GitHub has the last word.
 */
public final class Dispatch {
  private Dispatch() {}

  /** A name or an input the workflow does not accept; the message says how to fix it. */
  public static final class InputException extends Exception {
    public InputException(String message) {
      super(message);
    }
  }

  /** The inputs to send, and what the check could not vouch for. */
  public record Checked(Map<String, String> inputs, List<String> warnings) {}

  /** The file in {@code workflowsDir} that {@code name} means: {@code ci.yml}, or {@code ci} for ci.yml or ci.yaml. */
  public static String resolve(Path workflowsDir, String name) throws InputException {
    TreeSet<String> known = new TreeSet<>(WorkflowRestore.present(workflowsDir));
    String[] problem = new String[1];
    var found = dev.understudy.systems.actions.WorkflowNames.resolve(known, name, problem);
    if (found.isPresent()) return found.get();
    if (problem[0] != null && problem[0].contains("matches")) throw new InputException(problem[0]);
    String hint = problem[0] != null ? ": " + problem[0]
        : known.isEmpty() ? ": there are none in " + workflowsDir : ": known workflows: " + String.join(", ", known);
    throw new InputException("no workflow '" + name + "' in " + workflowsDir + hint);
  }

  /** Checks {@code given} against the workflow_dispatch inputs {@code file} declares. */
  public static Checked check(Path file, Map<String, String> given) throws InputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InputException("cannot read " + file + " (" + e.getMessage() + "): check its permissions");
    }
    WorkflowParser.Result parsed = WorkflowParser.parse(text);
    if (parsed.workflow() == null) {
      return new Checked(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(given)), List.of(file + " cannot be read as YAML here (" + parsed.problems().get(0).message()
          + "); sending the dispatch unchecked: GitHub reads its own copy"));
    }
    Event.Dispatch d = parsed.workflow().event(Event.Dispatch.class);
    if (d == null) {
      throw new InputException(file + " has no workflow_dispatch trigger, so GitHub refuses to dispatch it: add 'workflow_dispatch:' under 'on:' (and push it)");
    }
    Map<String, Event.DispatchInput> declared = d.inputs() == null ? Map.of() : d.inputs();
    for (Map.Entry<String, String> e : given.entrySet()) {
      Event.DispatchInput in = declared.get(e.getKey());
      if (in == null) {
        String hint = Suggestions.closest(e.getKey(), declared.keySet()).map(s -> "did you mean '" + s + "'?")
            .orElse(declared.isEmpty() ? "it declares none" : "it declares " + String.join(", ", declared.keySet()));
        throw new InputException("--input " + e.getKey() + ": " + file.getFileName() + " has no such workflow_dispatch input: " + hint);
      }
      checkValue(file, e.getKey(), e.getValue(), in);
    }
    for (Map.Entry<String, Event.DispatchInput> e : declared.entrySet()) {
      Event.DispatchInput in = e.getValue();
      boolean required = in.required() != null && Boolean.TRUE.equals(in.required().value());
      if (required && !given.containsKey(e.getKey()) && (in.defaultValue() == null || in.defaultValue().value() == null)) {
        throw new InputException(file.getFileName() + " requires the input '" + e.getKey() + "' (" + where(file, in.name())
            + "): pass --input " + e.getKey() + "=VALUE");
      }
    }
    return new Checked(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(given)), List.of());
  }

  private static void checkValue(Path file, String key, String value, Event.DispatchInput in) throws InputException {
    if (in.type() == null) return;
    switch (in.type()) {
      case BOOLEAN:
        if (!value.equals("true") && !value.equals("false")) {
          throw new InputException("--input " + key + "=" + value + ": the input is a boolean (" + where(file, in.name()) + "): write true or false");
        }
        break;
      case NUMBER:
        try {
          Double.parseDouble(value.trim());
        } catch (NumberFormatException ex) {
          throw new InputException("--input " + key + "=" + value + ": the input is a number (" + where(file, in.name()) + ")");
        }
        break;
      case CHOICE:
        if (in.options() != null && !in.options().isEmpty()) {
          List<String> options = in.options().stream().map(Str::value).toList();
          if (!options.contains(value)) {
            String hint = Suggestions.closest(value, options).map(s -> "did you mean '" + s + "'?")
                .orElse("choose one of " + String.join(", ", options));
            throw new InputException("--input " + key + "=" + value + ": not one of the input's options (" + where(file, in.name()) + "): " + hint);
          }
        }
        break;
      default:
        break;
    }
  }

  private static String where(Path file, Str s) {
    return s == null || s.pos() == null ? file.toString() : file + ":" + s.pos().line() + ":" + s.pos().column();
  }

  /**
   * Where a person sees the workflow's runs: https://github.com/o/r/actions/workflows/ci.yml, or on
   * the GitHub Enterprise host when the API is one's ({@code https://HOST/api/v3}, {@code api.X.ghe.com}).
   */
  public static String runsPage(String apiUrl, Repository repo, String file) {
    String web = "https://github.com";
    try {
      java.net.URI u = new java.net.URI(apiUrl);
      String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
      if (u.getPath() != null && u.getPath().endsWith("/api/v3")) {
        web = u.getScheme() + "://" + u.getRawAuthority();
      } else if (host.startsWith("api.") && host.endsWith(".ghe.com")) {
        web = "https://" + host.substring(4);
      }
    } catch (java.net.URISyntaxException e) {
      // github.com
    }
    return web + "/" + repo + "/actions/workflows/" + file;
  }
}
