package dev.understudy.systems.netlify.site;

import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.systems.netlify.NetlifyFunction.ApiVersion;
import dev.understudy.systems.netlify.NetlifyFunction.Details;
import dev.understudy.systems.netlify.NetlifyFunction.InvocationMode;
import dev.understudy.systems.netlify.Route;
import dev.understudy.systems.netlify.Site.Problem;
import dev.understudy.systems.netlify.site.FunctionsFolder.Found;
import dev.understudy.systems.netlify.site.js.JsModule;
import dev.understudy.systems.netlify.site.js.JsTokenizer;
import dev.understudy.systems.netlify.site.js.JsValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes one {@link NetlifyFunction} of a function found on disk: its source read without running
 * it, its in-source config, and its netlify.toml settings, merged as Netlify merges them (the
 * source's schedule and single values win; lists are joined, except that {@code includedFiles} in
 * the source replace the toml's). Reports what Netlify's build would refuse or quietly ignore.
 */
final class FunctionReader {
  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_-]+");
  /** zip-it-and-ship-it's own entry file. */
  private static final String RESERVED_NAME = "___netlify-entry-point";
  /** Names Netlify triggers on platform events; those cannot have a custom path (@netlify/build). */
  private static final Set<String> EVENT_FUNCTIONS = Set.of("deploy-building", "deploy-succeeded", "deploy-failed",
      "deploy-deleted", "deploy-locked", "deploy-unlocked", "submission-created", "split-test-activated",
      "split-test-deactivated", "split-test-modified", "identity-validate", "identity-signup", "identity-login");
  private static final Set<String> ESBUILD_EXTENSIONS = Set.of(".mjs", ".ts", ".tsx", ".cts", ".mts");
  private static final Map<Integer, String> LAMBDA_RUNTIMES = Map.of(18, "nodejs18.x", 20, "nodejs20.x", 22, "nodejs22.x",
      24, "nodejs24.x");
  private static final String DEFAULT_V2_RUNTIME = "nodejs24.x";
  private static final Pattern MAJOR = Pattern.compile("(\\d+)");

  /** The function (empty when it cannot be read or is not run here), what is wrong, and what the tokenizer could not read. */
  record Result(Optional<NetlifyFunction> function, List<Problem> problems, List<JsTokenizer.Issue> unreadable) {}

  private FunctionReader() {}

  static Result read(Found found, NetlifyToml.Section toml, Path baseDir) throws IOException {
    List<Problem> problems = new ArrayList<>();
    String srcFile = found.srcPath().toString();
    if (!VALID_NAME.matcher(found.name()).matches()) {
      problems.add(new Problem(srcFile, 0, 0, "function name \"" + found.name() + "\" can hold only letters, digits, '-' and"
          + " '_' (it is the last part of /.netlify/functions/NAME); rename " + found.srcPath().getFileName()
          + (found.name().startsWith(".") ? ", or move it out of the functions directory if it is not a function" : ""),
          Rule.NAME));
    } else if (found.name().equals(RESERVED_NAME)) {
      problems.add(new Problem(srcFile, 0, 0, "'" + RESERVED_NAME + "' is a name Netlify reserves; rename the function",
          Rule.NAME));
    }
    if (found.prebuiltZip()) return new Result(Optional.empty(), problems, List.of());
    String file = found.mainFile().toString();
    String source;
    try {
      source = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(found.mainFile()))).toString();
    } catch (CharacterCodingException e) {
      problems.add(new Problem(file, 0, 0, "the file is not UTF-8 text: Node reads function sources as UTF-8; save it as"
          + " UTF-8", Rule.SYNTAX));
      return new Result(Optional.empty(), problems, List.of());
    }
    JsModule module = JsModule.read(source);
    FunctionExports exports = FunctionExportsReader.read(file, module);
    problems.addAll(exports.problems());
    InSourceConfig config = exports.config().map(c -> InSourceConfigReader.read(file, c)).orElse(InSourceConfig.NONE);
    problems.addAll(config.problems());

    exports.helperSchedule().ifPresent(cron -> CronCheck.check(cron.value()).ifPresent(bad ->
        problems.add(new Problem(file, cron.line(), cron.column(), bad, Rule.SCHEDULE))));
    Optional<String> helperSchedule = exports.helperSchedule().map(JsValue.Str::value).filter(c -> CronCheck.check(c).isEmpty());
    boolean sourceSchedule = config.scheduleAt().isPresent() || exports.helperSchedule().isPresent();
    Optional<String> schedule = sourceSchedule ? config.schedule().or(() -> helperSchedule) : toml.schedule();

    boolean background = found.name().endsWith("-background") || config.background();
    boolean v2 = exports.apiVersion() == ApiVersion.V2;
    InvocationMode mode = background ? InvocationMode.BACKGROUND
        : v2 || exports.streamHelper() ? InvocationMode.STREAM : InvocationMode.BUFFER;

    if (schedule.isPresent() && !config.routes().isEmpty()) {
      InSourceConfig.Position at = config.pathAt().orElseThrow();
      problems.add(new Problem(file, at.line(), at.column(), "a scheduled function cannot have a custom path (it has"
          + " schedule \"" + schedule.get() + "\"): Netlify's build stops on it; remove config.path or the schedule",
          Rule.SCHEDULE));
    }
    if (EVENT_FUNCTIONS.contains(found.name().toLowerCase(java.util.Locale.ROOT).replace("-background", ""))
        && !config.routes().isEmpty()) {
      InSourceConfig.Position at = config.pathAt().orElseThrow();
      problems.add(new Problem(file, at.line(), at.column(), "\"" + found.name() + "\" is an event-triggered function name,"
          + " which cannot have a custom path: Netlify's build stops on it; remove config.path or rename the function",
          Rule.PATH));
    }

    boolean inSourceFiles = !config.includedFiles().isEmpty();
    List<String> includedFiles = inSourceFiles ? config.includedFiles() : toml.includedFiles();
    Optional<Path> includedFilesBase = includedFiles.isEmpty() ? Optional.empty()
        : Optional.of(inSourceFiles ? found.mainFile().getParent() : baseDir);
    Optional<String> nodeBundler = config.nodeBundler().or(() -> toml.nodeBundler().map(b -> b.equals("esbuild") ? "esbuild_zisi" : b));
    Details details = new Details(config.displayName().or(toml::name), config.generator(), config.timeout(), nodeBundler,
        bundler(v2, nodeBundler, found, exports), runtimeVersion(v2, config.nodeVersion()), config.memory(),
        config.region(), config.vcpu(), join(toml.externalNodeModules(), config.externalNodeModules()),
        join(toml.ignoredNodeModules(), config.ignoredNodeModules()), includedFilesBase, exports.eventSubscriptions(),
        config.trafficRules(), exports.esModule());
    NetlifyFunction function = new NetlifyFunction(found.name(), found.mainFile(), found.srcPath(), exports.apiVersion(),
        schedule, background, config.routes().stream().map(Route::pattern).toList(),
        config.excludedRoutes().stream().map(Route::pattern).toList(),
        config.methods(), includedFiles, config.routes(), config.excludedRoutes(), mode, details);
    return new Result(Optional.of(function), problems, module.issues());
  }

  /** The bundler Netlify would pick (zisi's {@code getBundlerName}), taking esbuild to succeed where it falls back. */
  private static String bundler(boolean v2, Optional<String> configured, Found found, FunctionExports exports) {
    if (v2) return configured.filter("none"::equals).orElse("nft");
    if (configured.isPresent()) return configured.get().equals("esbuild_zisi") ? "esbuild" : configured.get();
    String ext = found.extension();
    if (ESBUILD_EXTENSIONS.contains(ext)) return "esbuild";
    boolean esm = !ext.equals(".cjs") && (exports.esModule() || exports.dynamicImport());
    return esm ? "nft" : "zisi";
  }

  /** The Lambda runtime zisi asks for ({@code node_runtime.ts}): v2 always has one, v1 only for a known version. */
  private static Optional<String> runtimeVersion(boolean v2, Optional<String> nodeVersion) {
    Optional<Integer> major = nodeVersion.map(MAJOR::matcher).filter(Matcher::find).map(m -> Integer.parseInt(m.group(1)));
    if (!v2) return major.map(LAMBDA_RUNTIMES::get);
    if (major.isEmpty() || major.get() < 18) return Optional.of(DEFAULT_V2_RUNTIME);
    return Optional.ofNullable(LAMBDA_RUNTIMES.get(major.get()));
  }

  private static List<String> join(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
