package dev.understudy.systems.netlify.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.netlify.NetlifyFunction.ApiVersion;
import dev.understudy.systems.netlify.site.js.JsModule;
import dev.understudy.systems.netlify.site.js.JsValue;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FunctionExportsReaderTest {
  private static final String F = "fn.mjs";

  private static FunctionExports read(String source) {
    return FunctionExportsReader.read(F, JsModule.read(source));
  }

  private static List<String> problems(String source) {
    return read(source).problems().stream().map(Object::toString).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "exports.handler = async () => ({})",
      "module.exports.handler = async function () {}",
      "export const handler = async () => ({})",
      "const run = () => {}; export { run as handler }",
      "const run = () => {}; export { run as 'handler' }",
      "const h = () => {}; export { h as handler }; export default () => {}",
      "export default async () => {}; export const handler = () => {}",
      "export async function handler() {}",
      "const handler = () => {}; module.exports = { handler }",
      "exports.default = 1; exports.handler = 2",
      "import type { Handler } from '@netlify/functions'\nexport const handler: Handler = async (event) => ({ statusCode: 200 })",
  })
  void aHandlerMakesAV1Function(String source) {
    assertThat(read(source).apiVersion()).isEqualTo(ApiVersion.V1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "export default async (req, context) => new Response('ok')",
      "export default function (req) { return new Response('ok') }",
      "export default { fetch() {} }",
      "const f = async () => {}; export { f as default }",
      "function f() {}; export { f as default }",
      "export { default } from './impl.mjs'",
      "exports.default = async () => new Response('x')",
      "module.exports.default = async () => new Response('x')",
      "export default class Fn {}",
      "export default async function handler(req: Request): Promise<Response> { return new Response('x') }",
  })
  void aDefaultExportWithoutAHandlerMakesAV2Function(String source) {
    assertThat(read(source).apiVersion()).isEqualTo(ApiVersion.V2);
  }

  @Test
  void theConfigIsTheNamedExportThenTheDefaultObjectsOwn() {
    assertThat(read("export default () => {}; export const config = { path: '/a' }").config()).get()
        .extracting(o -> ((JsValue.Str) o.get("path").orElseThrow().value()).value()).isEqualTo("/a");
    assertThat(read("const c = { path: '/b' }; export default () => {}; export { c as config }").config()).isPresent();
    assertThat(read("exports.default = () => {}; exports.config = { path: '/c' }").config()).isPresent();
    assertThat(read("export default { fetch() {}, config: { path: '/d' } }").config()).isPresent();
    assertThat(read("const o = { fetch() {}, config: { path: '/e' } }; export default o").config()).isPresent();
    // a named export wins, even an empty one
    assertThat(read("export default { fetch() {}, config: { path: '/f' } }; export const config = {}").config()).get()
        .extracting(o -> o.entries().size()).isEqualTo(0);
  }

  @Test
  void configNetlifyDoesNotReadIsReportedWhereItIsWritten() {
    assertThat(problems("export default () => {}\nexport const config = { path: '/x' } satisfies Config")).containsExactly(
        F + ":2:23: config written with 'satisfies' is not read by Netlify: write `export const config: Config = {...}`"
            + " (a type annotation) instead [config]");
    assertThat(problems("const c = {}\nexport default () => {}\nexport const config = c")).containsExactly(
        F + ":3:23: config must be an object literal written in this file (found the name c): Netlify reads it without"
            + " running the code, so it ignores this one; write `export const config = { ... }` [config]");
    assertThat(problems("exports.handler = () => {}\nexports.config = { path: '/x' }")).containsExactly(
        F + ":2:18: config is ignored: Netlify reads `config` only from functions with a default export (the v2 API),"
            + " and this one exports `handler`; move the settings to netlify.toml or switch to"
            + " `export default async (req, context) => ...` [config]");
  }

  @Test
  void aFileWithNothingToCallSaysWhatToExport() {
    assertThat(problems("const x = 1")).containsExactly(F + ": exports no handler and no default function, so Netlify"
        + " has nothing to call: add `export default async (req, context) => new Response(\"...\")` (or"
        + " `exports.handler = async (event) => ...` for the older API) [exports]");
    assertThat(problems("module.exports = async () => ({})")).containsExactly(F + ":1:1: module.exports = ... makes the"
        + " module the function itself, so it exports no `handler`: write `exports.handler = ...` (or"
        + " `module.exports = { handler }`) [exports]");
    assertThat(problems("export default () => {}\nexport const handler = () => {}")).containsExactly(F + ": exports both a"
        + " handler and a default function: Netlify calls `handler` (the v1 API) and ignores the default export; remove"
        + " one of them [exports]");
    assertThat(problems("export * from './impl.mjs'")).isEmpty();
    assertThat(problems("export async function handler() {}")).isEmpty();
  }

  @Test
  void theScheduleHelpersCronIsAStringOrAConstHoldingOne() {
    assertThat(read("import { schedule } from '@netlify/functions'\nexport const handler = schedule('@daily', () => {})")
        .helperSchedule()).get().extracting(JsValue.Str::value).isEqualTo("@daily");
    assertThat(read("const { schedule: s } = require('@netlify/functions')\nconst C = '5 * * * *'\n"
        + "exports.handler = s(C, () => {})").helperSchedule()).get().extracting(JsValue.Str::value).isEqualTo("5 * * * *");
    assertThat(problems("import { schedule } from '@netlify/functions'\nexport const handler = schedule(`@daily`, h)"))
        .containsExactly(F + ":2:33: the cron expression of schedule() must be a string written in this file (found a"
            + " template literal): Netlify reads it without running the code; write schedule(\"@daily\", handler) or name"
            + " a const holding the string [schedule]");
    assertThat(problems("import { schedule } from '@netlify/functions'\nexport const handler = async () => {}"))
        .containsExactly(F + ":1:1: schedule is imported from @netlify/functions but the handler is not wrapped with it,"
            + " so nothing is scheduled: write `export const handler = schedule(\"@daily\", async () => {...})` or remove"
            + " the import [schedule]");
    // a function of the same name from elsewhere is not the helper
    assertThat(read("import { schedule } from './mine.mjs'\nexport const handler = schedule('@daily', h)")
        .helperSchedule()).isEmpty();
  }

  @Test
  void theStreamHelperAndEventHandlersAreRecognised() {
    assertThat(read("const { stream } = require('@netlify/functions')\nexports.handler = stream(async () => ({}))")
        .streamHelper()).isTrue();
    assertThat(read("export default { async fetch() {}, deploySucceeded() {}, formSubmitted: () => {}, other() {} }")
        .eventSubscriptions()).containsExactly("fetch", "deploy_succeeded", "submission_created");
  }

  @Test
  void anUnreadableFileIsAV1FunctionWithNoConfigAsNetlifysParserGivesUp() {
    FunctionExports e = read("export default () => {}\nexport const config = { path: '/x' \n");
    assertThat(e.readable()).isFalse();
    assertThat(e.apiVersion()).isEqualTo(ApiVersion.V1);
    assertThat(e.config()).isEmpty();
    assertThat(e.problems()).isEmpty();
  }

  @Test
  void moduleSyntaxIsNoticed() {
    assertThat(read("export default () => {}").esModule()).isTrue();
    assertThat(read("exports.handler = () => {}").esModule()).isFalse();
    assertThat(read("exports.handler = async () => (await import('x')).y").dynamicImport()).isTrue();
  }
}
