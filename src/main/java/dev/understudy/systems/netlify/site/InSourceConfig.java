package dev.understudy.systems.netlify.site;

import dev.understudy.systems.netlify.Route;
import dev.understudy.systems.netlify.Site.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A v2 function's {@code export const config = {...}} as Netlify takes it: each value that passes
 * Netlify's checks, typed; a value Netlify ignores is absent here and explained in
 * {@code problems}. {@code pathAt} and {@code scheduleAt} are where those keys are written
 * ({@code line:column}), for findings that involve them.
 */
record InSourceConfig(
    List<String> paths,
    List<Route> routes,
    List<Route> excludedRoutes,
    List<String> methods,
    Optional<String> schedule,
    boolean preferStatic,
    boolean background,
    Optional<String> displayName,
    Optional<String> generator,
    Optional<Double> timeout,
    Optional<String> nodeBundler,
    Optional<String> nodeVersion,
    List<String> includedFiles,
    List<String> externalNodeModules,
    List<String> ignoredNodeModules,
    Optional<Integer> memory,
    Optional<String> region,
    Optional<Double> vcpu,
    Optional<Map<String, Object>> trafficRules,
    Optional<Position> pathAt,
    Optional<Position> scheduleAt,
    List<Problem> problems) {

  record Position(int line, int column) {}

  static final InSourceConfig NONE = new InSourceConfig(List.of(), List.of(), List.of(), List.of(), Optional.empty(),
      false, false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
      List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), List.of());
}
