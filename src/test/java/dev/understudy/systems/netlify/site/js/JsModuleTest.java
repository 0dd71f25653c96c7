package dev.understudy.systems.netlify.site.js;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.netlify.site.js.JsModule.Assignment;
import dev.understudy.systems.netlify.site.js.JsModule.Binding;
import dev.understudy.systems.netlify.site.js.JsModule.ExportDefault;
import dev.understudy.systems.netlify.site.js.JsModule.ExportFunction;
import dev.understudy.systems.netlify.site.js.JsModule.ExportList;
import dev.understudy.systems.netlify.site.js.JsModule.ExportVariables;
import dev.understudy.systems.netlify.site.js.JsModule.Import;
import dev.understudy.systems.netlify.site.js.JsModule.Specifier;
import dev.understudy.systems.netlify.site.js.JsModule.Statement;
import dev.understudy.systems.netlify.site.js.JsModule.Variables;
import dev.understudy.systems.netlify.site.js.JsValue.Arr;
import dev.understudy.systems.netlify.site.js.JsValue.Obj;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsModuleTest {

  private static <T extends Statement> List<T> all(JsModule m, Class<T> type) {
    return m.statements().stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void readsAV2FunctionWithATypedConfigAndNoSemicolons() {
    JsModule m = JsModule.read("""
        import type { Config, Context } from "@netlify/functions"

        export default async (req: Request, context: Context): Promise<Response> => {
          const { id } = context.params
          return new Response(`item ${id}`)
        }

        export const config: Config = {
          path: ["/items/:id", '/api/*'],
          method: "GET",
          preferStatic: !0,
        }
        """);
    assertThat(m.hasModuleSyntax()).isTrue();
    assertThat(all(m, Import.class)).singleElement().satisfies(i -> {
      assertThat(i.module()).isEqualTo("@netlify/functions");
      assertThat(i.typeOnly()).isTrue();
    });
    assertThat(all(m, ExportDefault.class)).singleElement().extracting(ExportDefault::value).isInstanceOf(JsValue.Func.class);
    ExportVariables config = all(m, ExportVariables.class).get(0);
    assertThat(config.declarators()).singleElement().satisfies(d -> assertThat(d.name()).contains("config"));
    Obj obj = (Obj) config.declarators().get(0).init().orElseThrow();
    assertThat(obj.line()).isEqualTo(8);
    assertThat(obj.column()).isEqualTo(31);
    Arr path = (Arr) obj.get("path").orElseThrow().value();
    assertThat(path.elements()).containsExactly(new JsValue.Str("/items/:id", 9, 10), new JsValue.Str("/api/*", 9, 24));
    assertThat(obj.get("method").orElseThrow().value()).isEqualTo(new JsValue.Str("GET", 10, 11));
    assertThat(obj.get("preferStatic").orElseThrow().value()).isEqualTo(new JsValue.Bool(true, 11, 17));
    assertThat(m.issues()).isEmpty();
  }

  @Test
  void readsEveryV1HandlerShape() {
    JsModule m = JsModule.read("""
        const { schedule: every, stream } = require('@netlify/functions')
        exports.handler = every("@hourly", async () => ({ statusCode: 200 }))
        module.exports.handler = async function (event) { return { statusCode: 200 } }
        module.exports = { handler }
        let handler
        handler = async () => {}
        function named() {}
        """);
    assertThat(m.hasModuleSyntax()).isFalse();
    Variables require = all(m, Variables.class).get(0);
    assertThat(require.declarators().get(0).pattern())
        .containsExactly(new Binding("schedule", "every"), new Binding("stream", "stream"));
    assertThat(require.declarators().get(0).init()).get().isInstanceOf(JsValue.Call.class);
    List<Assignment> assignments = all(m, Assignment.class);
    assertThat(assignments).extracting(Assignment::target).containsExactly(
        List.of("exports", "handler"), List.of("module", "exports", "handler"), List.of("module", "exports"),
        List.of("handler"));
    JsValue.Call call = (JsValue.Call) assignments.get(0).value();
    assertThat(call.callee()).isEqualTo("every");
    assertThat(call.args().get(0)).isEqualTo(new JsValue.Str("@hourly", 2, 25));
    assertThat(call.args().get(1)).isInstanceOf(JsValue.Func.class);
    assertThat(((Obj) assignments.get(2).value()).get("handler").orElseThrow().value())
        .isEqualTo(new JsValue.Ident("handler", 4, 20));
    assertThat(m.statements()).filteredOn(JsModule.FunctionDeclaration.class::isInstance).hasSize(1);
  }

  @Test
  void readsEsmExportForms() {
    JsModule m = JsModule.read("""
        import { schedule as cron } from '@netlify/functions';
        const h = async () => ({});
        export async function handler() {}
        export { h as "handler", h as default, x };
        export { default } from './impl.mjs';
        export * from './all.mjs';
        export default { fetch() {}, async deploySucceeded() {}, config: { path: '/obj' } } satisfies Thing;
        """);
    assertThat(all(m, Import.class).get(0).named()).containsExactly(new Binding("schedule", "cron"));
    assertThat(all(m, ExportFunction.class)).extracting(ExportFunction::name).containsExactly("handler");
    List<ExportList> lists = all(m, ExportList.class);
    assertThat(lists.get(0).specifiers()).containsExactly(new Specifier("h", "handler", true),
        new Specifier("h", "default", false), new Specifier("x", "x", false));
    assertThat(lists.get(1).from()).contains("./impl.mjs");
    JsValue.TypeAssertion def = (JsValue.TypeAssertion) all(m, ExportDefault.class).get(0).value();
    assertThat(def.keyword()).isEqualTo("satisfies");
    Obj obj = (Obj) def.inner();
    assertThat(obj.entries()).extracting(JsValue.Entry::key).containsExactly("fetch", "deploySucceeded", "config");
    assertThat(obj.entries()).extracting(JsValue.Entry::method).containsExactly(true, true, false);
  }

  @Test
  void literalsKeepTheirKindAndAnythingComputedIsOther() {
    JsModule m = JsModule.read("""
        export const config = {
          "path": `/tpl`,
          excludedPath: `/x/${y}`,
          schedule: "@daily" + "",
          timeout: -1,
          name: null,
          background: false,
          memory: 1024,
          vcpu: NAME,
          region: call(),
          nested: { a: [1, , ...rest] },
          ...spread,
          [computed]: 1,
          method() {},
        }
        """);
    Obj obj = (Obj) all(m, ExportVariables.class).get(0).declarators().get(0).init().orElseThrow();
    assertThat(obj.get("path").orElseThrow().value()).isEqualTo(new JsValue.Template(Optional.of("/tpl"), 2, 11));
    assertThat(obj.get("excludedPath").orElseThrow().value()).isEqualTo(new JsValue.Template(Optional.empty(), 3, 17));
    assertThat(obj.get("schedule").orElseThrow().value()).isEqualTo(new JsValue.Other("an expression", 4, 13));
    assertThat(obj.get("timeout").orElseThrow().value()).isInstanceOf(JsValue.Other.class);
    assertThat(obj.get("name").orElseThrow().value()).isEqualTo(new JsValue.Null(6, 9));
    assertThat(obj.get("memory").orElseThrow().value()).isEqualTo(new JsValue.Num(1024, 8, 11));
    assertThat(obj.get("vcpu").orElseThrow().value()).isEqualTo(new JsValue.Ident("NAME", 9, 9));
    assertThat(obj.get("region").orElseThrow().value()).isEqualTo(new JsValue.Call("call", List.of(), 10, 11));
    Arr a = (Arr) ((Obj) obj.get("nested").orElseThrow().value()).get("a").orElseThrow().value();
    assertThat(a.elements()).extracting(JsValue::getClass).containsExactly(JsValue.Num.class, JsValue.Other.class,
        JsValue.Other.class);
    assertThat(obj.entries()).extracting(JsValue.Entry::keyKind).containsSubsequence(JsValue.KeyKind.SPREAD,
        JsValue.KeyKind.COMPUTED);
  }

  @Test
  void configInCommentsStringsAndFunctionsIsNotTopLevel() {
    JsModule m = JsModule.read("""
        // export const config = { path: "/a" }
        const s = "export const config = { path: '/b' }";
        function inner() { exports.handler = () => {} }
        if (x) { module.exports.default = y }
        const re = /export default/;
        export default () => new Response(`export const config = ${JSON.stringify({ path: "/c" })}`)
        """);
    assertThat(all(m, ExportVariables.class)).isEmpty();
    assertThat(all(m, Assignment.class)).isEmpty();
    assertThat(all(m, ExportDefault.class)).hasSize(1);
    assertThat(m.issues()).isEmpty();
  }

  @Test
  void dynamicImportIsNoticed() {
    assertThat(JsModule.read("const m = await import('x')").dynamicImport()).isTrue();
    assertThat(JsModule.read("console.log(import.meta.url)").dynamicImport()).isTrue();
    assertThat(JsModule.read("obj.import('x')").dynamicImport()).isFalse();
  }
}
