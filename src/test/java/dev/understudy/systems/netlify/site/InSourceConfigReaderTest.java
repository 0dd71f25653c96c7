package dev.understudy.systems.netlify.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.netlify.Route;
import dev.understudy.systems.netlify.site.js.JsModule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InSourceConfigReaderTest {
  private static final String F = "fn.mts";

  /** The config of {@code export default () => {}\nexport const config = {BODY}}: the object starts on line 2. */
  private static InSourceConfig read(String body) {
    FunctionExports e = FunctionExportsReader.read(F, JsModule.read("export default () => {}\nexport const config = {"
        + body + "}"));
    return InSourceConfigReader.read(F, e.config().orElseThrow());
  }

  private static List<String> problems(String body) {
    return read(body).problems().stream().map(Object::toString).toList();
  }

  @Test
  void pathsBecomeRoutesWithTheMethodsAndPreferStatic() {
    InSourceConfig c = read("path: ['/items/:id', '/static'], method: ['get', 'POST', 'GET'], preferStatic: true,"
        + " excludedPath: '/items/admin'");
    assertThat(c.problems()).isEmpty();
    assertThat(c.methods()).containsExactly("GET", "POST");
    assertThat(c.routes()).containsExactly(
        Route.expression("/items/:id", "^\\/items(?:\\/([^\\/]+?))\\/?$", List.of("GET", "POST"), true),
        Route.literal("/static", List.of("GET", "POST"), true));
    assertThat(c.excludedRoutes()).containsExactly(Route.literal("/items/admin", List.of(), false));
    assertThat(read("path: ['/a', '/a']").routes()).hasSize(1);
  }

  @Test
  void everyKeyNetlifyReadsIsTyped() {
    InSourceConfig c = read("schedule: '@daily', background: true, name: 'Nice', generator: 'g@1', timeout: 26,"
        + " nodeBundler: 'none', nodeVersion: '22', includedFiles: ['a/**'], externalNodeModules: ['sharp'],"
        + " ignoredNodeModules: ['aws-sdk'], memory: '2gb', region: 'IAD'");
    assertThat(c.problems()).isEmpty();
    assertThat(c.schedule()).contains("@daily");
    assertThat(c.background()).isTrue();
    assertThat(c.displayName()).contains("Nice");
    assertThat(c.generator()).contains("g@1");
    assertThat(c.timeout()).contains(26.0);
    assertThat(c.nodeBundler()).contains("none");
    assertThat(c.nodeVersion()).contains("22");
    assertThat(c.includedFiles()).containsExactly("a/**");
    assertThat(c.externalNodeModules()).containsExactly("sharp");
    assertThat(c.ignoredNodeModules()).containsExactly("aws-sdk");
    assertThat(c.memory()).contains(2048);
    assertThat(c.region()).contains("iad");
    assertThat(read("vcpu: 1.5").vcpu()).contains(1.5);
  }

  @Test
  void aBadPathOrMethodStopsTheDeployAndSaysWhere() {
    assertThat(problems("path: 'api/hello'")).containsExactly(
        F + ":2:30: config.path \"api/hello\" must start with '/': Netlify refuses to deploy the function with it;"
            + " write \"/api/hello\" [path]");
    assertThat(problems("path: ['/ok', '/q?x/:y']")).containsExactly(
        F + ":2:38: config.path \"/q?x/:y\" is not a valid URLPattern path: a '?' must follow a parameter, a wildcard"
            + " or a { } group (at character 3): escape it as \\? to match it literally; Netlify refuses to deploy the"
            + " function with it [path]");
    assertThat(problems("path: ['/ok', 5]")).containsExactly(
        F + ":2:38: config.path[1] must be a string (found a number): Netlify refuses to deploy the function with it [path]");
    assertThat(problems("excludedPath: true")).containsExactly(
        F + ":2:38: config.excludedPath must be a string or an array of strings (found a boolean): Netlify refuses to"
            + " deploy the function with it [path]");
    assertThat(problems("method: ['GET', 'FETCH']")).containsExactly(
        F + ":2:40: config.method \"FETCH\" is not an HTTP method Netlify routes: Netlify refuses to deploy the function"
            + " with it; use GET, POST, PUT, PATCH, OPTIONS, DELETE, HEAD; did you mean \"PATCH\"? [config]");
  }

  @Test
  void valuesNetlifyCannotReadWithoutRunningTheCodeAreIgnoredAndReported() {
    assertThat(problems("path: `/tpl`")).containsExactly(
        F + ":2:30: config.path is a template literal: Netlify reads config without running the code, so it ignores"
            + " it; write it in quotes instead of backticks [config]");
    assertThat(problems("schedule: CRON")).containsExactly(
        F + ":2:34: config.schedule is the name CRON: Netlify reads config without running the code, so it ignores"
            + " it; write the value itself [config]");
    assertThat(problems("path: '/a' + suffix")).containsExactly(
        F + ":2:30: config.path is an expression: Netlify reads config without running the code, so it ignores it;"
            + " write the value itself [config]");
    assertThat(problems("...base, path: '/a'")).containsExactly(
        F + ":2:24: a spread (...) in config is not read: Netlify reads config without running the code; write each key"
            + " and its value here [config]");
  }

  @Test
  void wrongTypesThatNetlifyDropsAreReportedAsIgnored() {
    assertThat(problems("background: 'yes'")).containsExactly(
        F + ":2:36: config.background must be true or false (found a string): Netlify ignores it [config]");
    assertThat(problems("timeout: '30s'")).containsExactly(
        F + ":2:33: config.timeout must be a number (found a string): Netlify ignores it [config]");
    assertThat(problems("includedFiles: 'a/**'")).containsExactly(
        F + ":2:39: config.includedFiles must be an array of strings (found a string): Netlify ignores it [config]");
    assertThat(problems("nodeBundler: 'webpack'")).containsExactly(
        F + ":2:37: config.nodeBundler \"webpack\" is not one of esbuild, esbuild_zisi, nft, zisi, none: Netlify ignores"
            + " it [config]");
    assertThat(read("preferStatic: !0").preferStatic()).isTrue();
  }

  @Test
  void unknownKeysGetASuggestion() {
    assertThat(problems("paths: ['/a']")).containsExactly(
        F + ":2:24: unknown config key 'paths': Netlify ignores it; did you mean 'path'? [config]");
    assertThat(problems("displayName: 'x'")).containsExactly(
        F + ":2:24: unknown config key 'displayName': Netlify ignores it; the keys Netlify reads are background,"
            + " excludedPath, externalNodeModules, generator, ignoredNodeModules, includedFiles, memory, method, name,"
            + " nodeBundler, nodeVersion, path, preferStatic, rateLimit, region, schedule, timeout, vcpu [config]");
    assertThat(problems("path() { return '/a' }")).containsExactly(
        F + ":2:24: config.path is a method: Netlify reads only values here, so it ignores it; write `path: value` [config]");
  }

  @Test
  void scheduleMemoryVcpuAndRegionAreChecked() {
    assertThat(problems("schedule: '* * *'")).containsExactly(
        F + ":2:34: config.schedule: schedule \"* * *\" is not a cron expression Understudy can run: expected 5 fields"
            + " (minute hour day-of-month month day-of-week), found 3 (column 6): add the missing fields, using * for"
            + " 'any' [schedule]");
    assertThat(read("schedule: '* * *'").schedule()).isEmpty();
    assertThat(problems("memory: 512")).containsExactly(
        F + ":2:32: config.memory must be a whole number of megabytes from 1024 to 4096 (\"1gb\" to \"4gb\"): Netlify"
            + " refuses to deploy the function with it [config]");
    assertThat(problems("vcpu: 4")).containsExactly(
        F + ":2:30: config.vcpu must be a number from 0.5 to 2 (found a number): Netlify refuses to deploy the function"
            + " with it [config]");
    assertThat(problems("region: 'mars'")).containsExactly(
        F + ":2:32: config.region must be one of cmh, dub, fra, gru, iad, lhr, nrt, pdx, sfo, sin, syd, yul (found"
            + " \"mars\"): Netlify refuses to deploy the function with it [config]");
    assertThat(problems("memory: 2048, vcpu: 1")).containsExactly(
        F + ":2:44: config.memory and config.vcpu cannot both be set: Netlify refuses to deploy the function with it;"
            + " keep one of them [config]");
  }

  @Test
  void rateLimitBecomesTheManifestsTrafficRules() {
    InSourceConfig c = read("rateLimit: { windowLimit: 10, windowSize: 60, action: 'rewrite', to: '/slow' }");
    assertThat(c.problems()).isEmpty();
    assertThat(c.trafficRules()).contains(Map.of("action", Map.of("type", "rewrite", "config", Map.of("to", "/slow",
        "rateLimitConfig", Map.of("windowLimit", 10L, "windowSize", 60L, "algorithm", "sliding_window"),
        "aggregate", Map.of("keys", List.of(Map.of("type", "domain")))))));
    assertThat(problems("rateLimit: { windowLimit: 10 }")).containsExactly(
        F + ":2:35: config.rateLimit needs windowLimit and windowSize numbers, and action (rate_limit or rewrite),"
            + " aggregateBy (domain, ip or a list of them), algorithm (sliding_window) and to (a string) when given:"
            + " Netlify ignores it [config]");
  }
}
