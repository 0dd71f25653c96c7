package dev.understudy.systems.netlify.site;

import dev.understudy.systems.netlify.NetlifyFunction.ApiVersion;
import dev.understudy.systems.netlify.Site.Problem;
import dev.understudy.systems.netlify.site.js.JsValue;
import java.util.List;
import java.util.Optional;

/**
 * What a function's main file exports, read the way Netlify reads it (zip-it-and-ship-it's
 * {@code in_source_config}): the API version (2 when there is a default export and no
 * {@code handler}), the v2 {@code config} object, the v1 {@code schedule(...)} helper's cron,
 * the {@code stream(...)} helper, the event handlers of a default-export object, and whether the
 * file is an ES module. {@code problems}: how the exports would fail or be ignored on Netlify.
 */
record FunctionExports(
    ApiVersion apiVersion,
    boolean esModule,
    boolean dynamicImport,
    Optional<JsValue.Obj> config,
    List<String> eventSubscriptions,
    Optional<JsValue.Str> helperSchedule,
    boolean streamHelper,
    boolean readable,
    List<Problem> problems) {

  FunctionExports {
    eventSubscriptions = List.copyOf(eventSubscriptions);
    problems = List.copyOf(problems);
  }
}
