package dev.understudy.systems.actions.runner;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the workflow commands in one step's output, line by line, and passes every line on,
 * masked, to a sink. A command is a line (leading blanks allowed) of the form
 * {@code ::name key=value,key2=value2::message}; the message unescapes {@code %25 %0D %0A}, the
 * property values also {@code %3A %2C}.
 *
 * <ul>
 *   <li>{@code add-mask}: the message is a secret from now on, in this line's successors too;
 *   <li>{@code error}, {@code warning}, {@code notice} (properties file, line, endLine, col,
 *       endColumn, title): an {@link Annotation}, shown as {@code ##[error]message};
 *   <li>{@code group} / {@code endgroup}: shown as {@code ##[group]title} / {@code ##[endgroup]};
 *   <li>{@code debug}: shown as {@code ##[debug]message} only when step debugging is on;
 *   <li>{@code set-output}, {@code save-state}: honoured, with GitHub's deprecation warning;
 *   <li>{@code set-env}, {@code add-path}: rejected with GitHub's message, failing the step,
 *       unless the step's env has {@code ACTIONS_ALLOW_UNSECURE_COMMANDS=true};
 *   <li>{@code stop-commands::TOKEN}: every command is plain text until a line {@code ::TOKEN::};
 *   <li>{@code echo::on} / {@code echo::off}: show the commands themselves too;
 *   <li>any other line, unknown commands included: passed on as text.
 * </ul>
 *
 * <p>Not thread-safe; feed it from one thread, in output order.
 */
public final class WorkflowCommands {
  static final String SET_OUTPUT_DEPRECATED = "The `set-output` command is deprecated and will be disabled soon."
      + " Please upgrade to using Environment Files. For more information see:"
      + " https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/";
  static final String SAVE_STATE_DEPRECATED = SET_OUTPUT_DEPRECATED.replace("`set-output`", "`save-state`");
  static final String UNSECURE_DISABLED = "The `%s` command is disabled. Please upgrade to using Environment Files"
      + " or opt into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment"
      + " variable to `true`. For more information see:"
      + " https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/";

  private static final Set<String> KNOWN = Set.of("add-mask", "set-output", "save-state", "set-env", "add-path",
      "error", "warning", "notice", "group", "endgroup", "debug", "stop-commands", "echo");

  /** One parsed command line. */
  public record Command(String name, Map<String, String> properties, String data) {
    public Command {
      properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
  }

  /** What a step's commands asked for, besides its output lines. */
  public record Effects(Map<String, String> outputs, Map<String, String> env, List<String> path,
      Map<String, String> state, List<Annotation> annotations, boolean failed) {}

  private final Masker masker;
  private final Consumer<String> sink;
  private final Path workspace;
  private final boolean debug;
  private final boolean allowUnsecure;
  private String stopToken;
  private boolean echo;
  private boolean failed;
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<String> path = new ArrayList<>();
  private final Map<String, String> state = new LinkedHashMap<>();
  private final List<Annotation> annotations = new ArrayList<>();

  /**
   * @param workspace {@code GITHUB_WORKSPACE}, to make annotation paths relative; may be null
   * @param debug show {@code ::debug::} messages
   * @param allowUnsecure honour {@code set-env} and {@code add-path}
   */
  public WorkflowCommands(Masker masker, Consumer<String> sink, Path workspace, boolean debug, boolean allowUnsecure) {
    this.masker = masker;
    this.sink = sink;
    this.workspace = workspace;
    this.debug = debug;
    this.allowUnsecure = allowUnsecure;
  }

  /**
   * The command on {@code line}, whatever its name; empty when the line is not of the form
   * {@code ::name[ properties]::data}.
   */
  public static Optional<Command> parse(String line) {
    if (line == null) return Optional.empty();
    String s = line.stripLeading();
    if (!s.startsWith("::")) return Optional.empty();
    int end = s.indexOf("::", 2);
    if (end < 0) return Optional.empty();
    String info = s.substring(2, end);
    int space = info.indexOf(' ');
    String name = space < 0 ? info : info.substring(0, space);
    if (name.isEmpty()) return Optional.empty();
    Map<String, String> props = new LinkedHashMap<>();
    if (space > 0) {
      for (String prop : info.substring(space + 1).trim().split(",")) {
        int eq = prop.indexOf('=');
        if (eq <= 0 || eq == prop.length() - 1) continue;
        props.put(prop.substring(0, eq), unescape(prop.substring(eq + 1), true));
      }
    }
    return Optional.of(new Command(name, props, unescape(s.substring(end + 2), false)));
  }

  /** Undoes GitHub's escaping: {@code %25 %0D %0A}, and for a property also {@code %3A %2C}. */
  public static String unescape(String text, boolean property) {
    if (text.indexOf('%') < 0) return text;
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length()) {
        String code = text.substring(i + 1, i + 3);
        String decoded = switch (code) {
          case "25" -> "%";
          case "0D" -> "\r";
          case "0A" -> "\n";
          case "3A" -> property ? ":" : null;
          case "2C" -> property ? "," : null;
          default -> null;
        };
        if (decoded != null) {
          sb.append(decoded);
          i += 2;
          continue;
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** GitHub's escaping of a command's message ({@code %}, CR, LF); with {@code property}, also {@code :} and {@code ,}. */
  public static String escape(String text, boolean property) {
    String s = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    return property ? s.replace(":", "%3A").replace(",", "%2C") : s;
  }

  /** Handles one output line. */
  public void accept(String line) {
    Optional<Command> parsed = parse(line);
    if (stopToken != null) {
      if (parsed.isPresent() && parsed.get().name().equals(stopToken)) {
        stopToken = null;
      } else {
        emit(line);
      }
      return;
    }
    if (parsed.isEmpty() || !KNOWN.contains(parsed.get().name())) {
      emit(line);
      return;
    }
    Command c = parsed.get();
    if (echo && !c.name().equals("add-mask")) emit(line);
    try {
      run(c);
    } catch (StepException e) {
      failed = true;
      error("Unable to process command '" + line.strip() + "' successfully.");
      error(e.getMessage());
    }
  }

  private void run(Command c) {
    switch (c.name()) {
      case "add-mask" -> {
        if (c.data().isBlank()) warning("Can't add secret mask for empty string in ##[add-mask] command.");
        else masker.add(c.data());
      }
      case "set-output" -> {
        outputs.put(requireName(c), c.data());
        warning(SET_OUTPUT_DEPRECATED);
      }
      case "save-state" -> {
        state.put(requireName(c), c.data());
        warning(SAVE_STATE_DEPRECATED);
      }
      case "set-env" -> {
        if (!allowUnsecure) throw new StepException(String.format(UNSECURE_DISABLED, c.name()));
        env.put(requireName(c), c.data());
      }
      case "add-path" -> {
        if (!allowUnsecure) throw new StepException(String.format(UNSECURE_DISABLED, c.name()));
        if (!c.data().isBlank()) {
          path.remove(c.data().strip());
          path.add(c.data().strip());
        }
      }
      case "error", "warning", "notice" -> annotate(c);
      case "group" -> emit("##[group]" + c.data());
      case "endgroup" -> emit("##[endgroup]");
      case "debug" -> {
        if (debug) emit("##[debug]" + c.data());
      }
      case "echo" -> {
        String v = c.data().strip().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("on")) echo = true;
        else if (v.equals("off")) echo = false;
        else throw new StepException("Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '" + c.data() + "'.");
      }
      case "stop-commands" -> {
        if (c.data().isEmpty()) throw new StepException("Invalid stop-commands token: the token must not be empty.");
        if (KNOWN.contains(c.data())) {
          throw new StepException("Invalid stop-commands token '" + c.data() + "': it must not be a command's name;"
              + " use a random token, such as a fresh UUID.");
        }
        stopToken = c.data();
      }
      default -> throw new IllegalStateException(c.name());
    }
  }

  private static String requireName(Command c) {
    String name = c.properties().get("name");
    if (name == null || name.isBlank()) {
      throw new StepException("Required field 'name' is missing in ##[" + c.name() + "] command.");
    }
    return name;
  }

  private void annotate(Command c) {
    Annotation.Level level = switch (c.name()) {
      case "error" -> Annotation.Level.ERROR;
      case "warning" -> Annotation.Level.WARNING;
      default -> Annotation.Level.NOTICE;
    };
    Map<String, String> p = c.properties();
    String title = p.get("title");
    annotations.add(new Annotation(level, masker.mask(c.data()), file(p.get("file")), number(p.get("line")),
        number(p.get("endLine")), number(p.get("col")), number(p.get("endColumn")), title == null ? null : masker.mask(title)));
    emit("##[" + level.word() + "]" + c.data());
  }

  private String file(String file) {
    if (file == null || workspace == null) return file;
    try {
      Path f = Path.of(file);
      Path ws = workspace.toAbsolutePath().normalize();
      if (f.isAbsolute() && f.normalize().startsWith(ws)) return ws.relativize(f.normalize()).toString();
    } catch (InvalidPathException ignored) {
      // kept as written
    }
    return file;
  }

  private static Integer number(String s) {
    if (s == null) return null;
    try {
      return Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Reports a runner error about the step: an annotation and a {@code ##[error]} line. */
  void error(String message) {
    annotations.add(Annotation.of(Annotation.Level.ERROR, masker.mask(message)));
    emit("##[error]" + message);
  }

  /** Reports a runner warning about the step. */
  void warning(String message) {
    annotations.add(Annotation.of(Annotation.Level.WARNING, masker.mask(message)));
    emit("##[warning]" + message);
  }

  /** Sends a line to the sink, masked. */
  void emit(String line) {
    String masked = masker.mask(line);
    if (masked.indexOf('\n') < 0 && masked.indexOf('\r') < 0) {
      sink.accept(masked);
    } else {
      for (String part : masked.split("\r?\n|\r", -1)) sink.accept(part);
    }
  }

  /** What the commands so far asked for. */
  public Effects effects() {
    return new Effects(ordered(outputs), ordered(env), List.copyOf(path), ordered(state), List.copyOf(annotations), failed);
  }

  private static Map<String, String> ordered(Map<String, String> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
