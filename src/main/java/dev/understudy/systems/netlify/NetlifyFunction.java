package dev.understudy.systems.netlify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One function of the site, as discovery found it: read from its source and netlify.toml, never
 * run. {@code mainFile} is the file Node loads, {@code srcPath} the child of the functions folder
 * it came from (the file itself, or its directory). {@code paths} are a v2 function's
 * {@code config.path} patterns in order (empty: only {@code /.netlify/functions/NAME});
 * {@code methods} are upper-case, empty meaning every method. {@code routes} are those paths as
 * Netlify matches them (each with the methods and {@code preferStatic}), {@code excludedRoutes} the
 * {@code config.excludedPath} ones; {@code invocationMode} is how Netlify calls it;
 * {@code details} is what the manifest records besides.
 */
public record NetlifyFunction(
    String name,
    Path mainFile,
    Path srcPath,
    ApiVersion apiVersion,
    Optional<String> schedule,
    boolean background,
    List<String> paths,
    List<String> excludedPaths,
    List<String> methods,
    List<String> includedFiles,
    List<Route> routes,
    List<Route> excludedRoutes,
    InvocationMode invocationMode,
    Details details) {

  /** V1 exports {@code handler(event, context)}; V2 exports a default {@code (Request, Context)}. */
  public enum ApiVersion { V1, V2 }

  /**
   * How Netlify calls the function: BUFFER waits for the whole answer (v1); STREAM streams it (every
   * v2 function, and v1 ones wrapped in {@code stream()}); BACKGROUND answers 202 at once and runs
   * it on (a {@code -background} name, or {@code config.background: true}).
   */
  public enum InvocationMode {
    BUFFER, STREAM, BACKGROUND;

    /** As the manifest writes it: {@code buffer}, {@code stream}, {@code background}. */
    public String manifestName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * What Netlify's manifest records beyond routing and scheduling. {@code bundler} is the bundler
   * Netlify would pick ({@code nft}, {@code esbuild}, {@code zisi}, {@code none});
   * {@code runtimeVersion} the Lambda runtime it would ask for, when it decides one;
   * {@code includedFilesBase} the directory {@code includedFiles} globs are relative to;
   * {@code esModule}: the main file uses ES module syntax. {@code trafficRules} is
   * {@code config.rateLimit} in the manifest's shape.
   */
  public record Details(
      Optional<String> displayName,
      Optional<String> generator,
      Optional<Double> timeout,
      Optional<String> nodeBundler,
      String bundler,
      Optional<String> runtimeVersion,
      Optional<Integer> memory,
      Optional<String> region,
      Optional<Double> vcpu,
      List<String> externalNodeModules,
      List<String> ignoredNodeModules,
      Optional<Path> includedFilesBase,
      List<String> eventSubscriptions,
      Optional<Map<String, Object>> trafficRules,
      boolean esModule) {

    public static final Details NONE = new Details(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        "zisi", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(),
        Optional.empty(), List.of(), Optional.empty(), false);

    public Details {
      externalNodeModules = List.copyOf(externalNodeModules);
      ignoredNodeModules = List.copyOf(ignoredNodeModules);
      eventSubscriptions = List.copyOf(eventSubscriptions);
    }
  }

  public static final String FUNCTIONS_PREFIX = "/.netlify/functions/";

  public NetlifyFunction {
    paths = List.copyOf(paths);
    excludedPaths = List.copyOf(excludedPaths);
    methods = List.copyOf(methods);
    includedFiles = List.copyOf(includedFiles);
    routes = List.copyOf(routes);
    excludedRoutes = List.copyOf(excludedRoutes);
  }

  /**
   * A function from its basic facts, with routes made from {@code paths} as Netlify makes them
   * (paths Netlify would refuse are left out), the invocation mode Netlify would use, and no details.
   */
  public NetlifyFunction(String name, Path mainFile, Path srcPath, ApiVersion apiVersion, Optional<String> schedule,
      boolean background, List<String> paths, List<String> excludedPaths, List<String> methods, List<String> includedFiles) {
    this(name, mainFile, srcPath, apiVersion, schedule, background, paths, excludedPaths, methods, includedFiles,
        routesOf(paths, methods), routesOf(excludedPaths, List.of()),
        background ? InvocationMode.BACKGROUND : apiVersion == ApiVersion.V2 ? InvocationMode.STREAM : InvocationMode.BUFFER,
        Details.NONE);
  }

  private static List<Route> routesOf(List<String> paths, List<String> methods) {
    List<Route> out = new ArrayList<>();
    for (String p : paths) {
      try {
        out.add(Route.of(p, methods, false));
      } catch (IllegalArgumentException e) {
        // left out, as documented: the reader reports such paths
      }
    }
    return out;
  }

  public String defaultPath() {
    return FUNCTIONS_PREFIX + name;
  }

  public boolean scheduled() {
    return schedule.isPresent();
  }
}
