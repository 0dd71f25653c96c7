package dev.understudy.systems.netlify;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One function of the site, as discovery found it: read from its source and netlify.toml, never
 * run. {@code mainFile} is the file Node loads, {@code srcPath} the child of the functions folder
 * it came from (the file itself, or its directory). {@code paths} are a v2 function's
 * {@code config.path} patterns in order (empty: only {@code /.netlify/functions/NAME});
 * {@code methods} are upper-case, empty meaning every method.
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
    List<String> includedFiles) {

  /** V1 exports {@code handler(event, context)}; V2 exports a default {@code (Request, Context)}. */
  public enum ApiVersion { V1, V2 }

  public static final String FUNCTIONS_PREFIX = "/.netlify/functions/";

  public NetlifyFunction {
    paths = List.copyOf(paths);
    excludedPaths = List.copyOf(excludedPaths);
    methods = List.copyOf(methods);
    includedFiles = List.copyOf(includedFiles);
  }

  public String defaultPath() {
    return FUNCTIONS_PREFIX + name;
  }

  public boolean scheduled() {
    return schedule.isPresent();
  }
}
