package dev.understudy.systems.netlify.site;

import dev.understudy.systems.netlify.NetlifyFunction.ApiVersion;
import dev.understudy.systems.netlify.Site.Problem;
import dev.understudy.systems.netlify.site.js.JsModule;
import dev.understudy.systems.netlify.site.js.JsModule.Assignment;
import dev.understudy.systems.netlify.site.js.JsModule.Binding;
import dev.understudy.systems.netlify.site.js.JsModule.Declarator;
import dev.understudy.systems.netlify.site.js.JsModule.ExportDefault;
import dev.understudy.systems.netlify.site.js.JsModule.ExportFunction;
import dev.understudy.systems.netlify.site.js.JsModule.ExportList;
import dev.understudy.systems.netlify.site.js.JsModule.ExportOther;
import dev.understudy.systems.netlify.site.js.JsModule.ExportVariables;
import dev.understudy.systems.netlify.site.js.JsModule.FunctionDeclaration;
import dev.understudy.systems.netlify.site.js.JsModule.Import;
import dev.understudy.systems.netlify.site.js.JsModule.Specifier;
import dev.understudy.systems.netlify.site.js.JsModule.Statement;
import dev.understudy.systems.netlify.site.js.JsModule.Variables;
import dev.understudy.systems.netlify.site.js.JsValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a function file's exports as zip-it-and-ship-it does, statement by statement, including
 * its quirks (a {@code config} written with {@code satisfies}, or named by a variable, is not read;
 * {@code export function handler} does not count as a handler for the API version), and adds what
 * a user needs to hear about them.
 */
final class FunctionExportsReader {
  static final String FUNCTIONS_MODULE = "@netlify/functions";
  /** The default-export object's methods Netlify subscribes to events with (@netlify/serverless-functions-api). */
  private static final Map<String, String> EVENT_HANDLERS = eventHandlers();

  private final String file;
  private final JsModule module;
  private final Map<String, JsValue> bindings = new HashMap<>();
  private final List<Problem> problems = new ArrayList<>();

  // What traverseNodes collects
  private final List<JsValue> handlerExports = new ArrayList<>();
  private Optional<JsValue.Obj> configExport = Optional.empty();
  private boolean hasDefault;
  private JsValue defaultValue;

  // What we look at beyond that, to tell the user
  private JsValue ignoredConfig;
  private boolean handlerDeclared;
  private boolean reexports;
  private Assignment moduleExportsAssignment;

  private FunctionExportsReader(String file, JsModule module) {
    this.file = file;
    this.module = module;
  }

  static FunctionExports read(String file, JsModule module) {
    FunctionExportsReader r = new FunctionExportsReader(file, module);
    return r.read();
  }

  private FunctionExports read() {
    boolean readable = module.issues().isEmpty();
    if (!readable) {
      // Netlify's parser gives up on the whole file: it is a v1 function with no config.
      return new FunctionExports(ApiVersion.V1, module.hasModuleSyntax(), module.dynamicImport(), Optional.empty(),
          List.of(), Optional.empty(), false, false, List.of());
    }
    for (Statement s : module.statements()) bind(s);
    for (Statement s : module.statements()) traverse(s);
    List<Binding> helpers = functionsImports();
    boolean v2 = handlerExports.isEmpty() && hasDefault;
    if (v2) return readV2();
    return readV1(helpers);
  }

  private FunctionExports readV2() {
    Optional<JsValue.Obj> inline = objectOf(defaultValue).flatMap(FunctionExportsReader::inlineConfig);
    Optional<JsValue.Obj> config = configExport.isPresent() ? configExport : inline;
    if (config.isEmpty() && ignoredConfig != null) reportIgnoredConfig(ignoredConfig);
    List<String> events = new ArrayList<>();
    objectOf(defaultValue).ifPresent(o -> o.entries().forEach(e -> {
      if (e.keyKind() == JsValue.KeyKind.IDENTIFIER && EVENT_HANDLERS.containsKey(e.key())) events.add(EVENT_HANDLERS.get(e.key()));
    }));
    return new FunctionExports(ApiVersion.V2, module.hasModuleSyntax(), module.dynamicImport(), config, events,
        Optional.empty(), false, true, problems);
  }

  private FunctionExports readV1(List<Binding> helpers) {
    boolean scheduleImported = helpers.stream().anyMatch(b -> b.imported().equals("schedule"));
    boolean scheduleUsed = false;
    boolean stream = false;
    Optional<JsValue.Str> schedule = Optional.empty();
    for (JsValue handler : handlerExports) {
      if (!(handler instanceof JsValue.Call call)) continue;
      Optional<Binding> helper = helpers.stream().filter(b -> b.local().equals(call.callee())).findFirst();
      if (helper.isEmpty()) continue;
      if (helper.get().imported().equals("stream")) stream = true;
      if (!helper.get().imported().equals("schedule")) continue;
      scheduleUsed = true;
      JsValue cron = call.args().isEmpty() ? null : call.args().get(0);
      if (cron instanceof JsValue.Ident name && bindings.get(name.name()) instanceof JsValue.Str s) cron = s;
      if (cron instanceof JsValue.Str s) {
        schedule = Optional.of(s);
      } else {
        JsValue at = cron == null ? call : cron;
        problems.add(problem(at, "the cron expression of schedule() must be a string written in this file ("
            + (cron == null ? "none is given" : "found " + JsValue.describe(cron)) + "): Netlify reads it without running"
            + " the code; write schedule(\"@daily\", handler) or name a const holding the string", Rule.SCHEDULE));
      }
    }
    if (scheduleImported && !scheduleUsed) {
      Binding b = helpers.stream().filter(x -> x.imported().equals("schedule")).findFirst().orElseThrow();
      problems.add(problem(importOf(b), "schedule is imported from " + FUNCTIONS_MODULE + " but the handler is not"
          + " wrapped with it, so nothing is scheduled: write `export const handler = " + b.local()
          + "(\"@daily\", async () => {...})` or remove the import", Rule.SCHEDULE));
    }
    reportMissingOrShadowedExports();
    return new FunctionExports(ApiVersion.V1, module.hasModuleSyntax(), module.dynamicImport(), Optional.empty(),
        List.of(), schedule, stream, true, problems);
  }

  private void reportMissingOrShadowedExports() {
    JsValue config = configExport.isPresent() ? configExport.get() : ignoredConfig;
    if (!handlerExports.isEmpty() && hasDefault) {
      problems.add(new Problem(file, 0, 0, "exports both a handler and a default function: Netlify calls `handler`"
          + " (the v1 API) and ignores the default export" + (config != null ? " and its config" : "")
          + "; remove one of them", Rule.EXPORTS));
      return;
    }
    boolean handler = !handlerExports.isEmpty() || handlerDeclared;
    if (config != null && (handler || hasDefault)) {
      problems.add(problem(config, "config is ignored: Netlify reads `config` only from functions with a default"
          + " export (the v2 API), and this one exports `handler`; move the settings to netlify.toml or switch to"
          + " `export default async (req, context) => ...`", Rule.CONFIG));
    }
    if (handler || hasDefault || reexports) return;
    if (moduleExportsAssignment != null && !(moduleExportsAssignment.value() instanceof JsValue.Obj)) {
      problems.add(new Problem(file, moduleExportsAssignment.line(), moduleExportsAssignment.column(),
          "module.exports = ... makes the module the function itself, so it exports no `handler`: write"
              + " `exports.handler = ...` (or `module.exports = { handler }`)", Rule.EXPORTS));
      return;
    }
    problems.add(new Problem(file, 0, 0, "exports no handler and no default function, so Netlify has nothing to call:"
        + " add `export default async (req, context) => new Response(\"...\")` (or `exports.handler = async (event)"
        + " => ...` for the older API)", Rule.EXPORTS));
  }

  /** The bindings of top-level names, last assignment winning, as zisi's {@code getAllBindings}. */
  private void bind(Statement s) {
    if (s instanceof FunctionDeclaration f) {
      bindings.put(f.name(), new JsValue.Func(f.line(), f.column()));
    } else if (s instanceof Variables v) {
      bindDeclarators(v.declarators());
    } else if (s instanceof ExportVariables v) {
      bindDeclarators(v.declarators());
    } else if (s instanceof Assignment a && a.target().size() == 1) {
      bindings.put(a.target().get(0), a.value());
    }
  }

  private void bindDeclarators(List<Declarator> declarators) {
    for (Declarator d : declarators) {
      if (d.name().isPresent() && d.init().isPresent()) bindings.put(d.name().get(), d.init().get());
    }
  }

  /** One statement, as zisi's {@code traverseNodes} looks at it. */
  private void traverse(Statement s) {
    List<Export> esmHandler = namedEsmExport(s, "handler");
    List<Export> esmConfig = namedEsmExport(s, "config");
    if (!esmConfig.isEmpty() && esmConfig.get(0).value() instanceof JsValue.Obj o) configExport = Optional.of(o);
    noteIgnoredConfig(esmConfig);
    if (!esmHandler.isEmpty()) {
      if (esmHandler.stream().anyMatch(Export::isDefault)) {
        hasDefault = true;
        return;
      }
      esmHandler.forEach(e -> handlerExports.add(e.value()));
      return;
    }
    Optional<JsValue> cjsHandler = cjsExport(s, "handler");
    if (cjsHandler.isPresent()) {
      handlerExports.add(cjsHandler.get());
      return;
    }
    Optional<JsValue> cjsDefault = cjsExport(s, "default");
    if (cjsDefault.isPresent()) {
      hasDefault = true;
      defaultValue = cjsDefault.get();
      return;
    }
    if (s instanceof ExportDefault d) {
      hasDefault = true;
      defaultValue = d.value();
      return;
    }
    noteOtherExports(s);
    if (s instanceof ExportList list && list.specifiers().stream().anyMatch(x -> !x.quoted() && x.exported().equals("default"))) {
      hasDefault = true;
      defaultValue = list.specifiers().stream().filter(x -> x.exported().equals("default")).findFirst()
          .map(x -> bindings.get(x.local())).orElse(null);
    }
    if (s instanceof ExportVariables v && v.declarators().get(0).name().filter("config"::equals).isPresent()
        && v.declarators().get(0).init().orElse(null) instanceof JsValue.Obj o) {
      configExport = Optional.of(o);
      return;
    }
    Optional<JsValue> cjsConfig = cjsExport(s, "config");
    if (cjsConfig.isPresent() && cjsConfig.get() instanceof JsValue.Obj o) configExport = Optional.of(o);
    else if (cjsConfig.isPresent()) ignoredConfig = cjsConfig.get();
  }

  /** An export found by name: its value (null when absent), or the marker of a default function. */
  private record Export(JsValue value, boolean isDefault) {}

  /** zisi's {@code getNamedESMExport}: {@code export const NAME = ...} or {@code export { x as NAME }}. */
  private List<Export> namedEsmExport(Statement s, String name) {
    if (s instanceof ExportList list && list.from().isEmpty() && !list.specifiers().isEmpty()) {
      Optional<Specifier> named = list.specifiers().stream().filter(x -> x.exported().equals(name)).findFirst();
      if (named.isEmpty()) {
        Optional<Specifier> def = list.specifiers().stream().filter(x -> !x.quoted() && x.exported().equals("default")).findFirst();
        if (def.isPresent()) {
          JsValue b = bindings.get(def.get().local());
          if (b instanceof JsValue.Func || b instanceof JsValue.Ident) return List.of(new Export(null, true));
        }
        return List.of();
      }
      return exportOf(bindings.get(named.get().local()));
    }
    if (s instanceof ExportList list && list.from().isPresent() && !list.specifiers().isEmpty()) {
      // A re-export: zisi finds no binding for it and sees nothing.
      return List.of();
    }
    if (s instanceof ExportVariables v) {
      for (Declarator d : v.declarators()) {
        if (d.name().filter(name::equals).isPresent()) return exportOf(d.init().orElse(null));
      }
    }
    return List.of();
  }

  private static List<Export> exportOf(JsValue v) {
    return v == null ? List.of() : List.of(new Export(v, false));
  }

  /** zisi's {@code getCJSExports}: {@code exports.NAME = v} or {@code module.exports.NAME = v}. */
  private static Optional<JsValue> cjsExport(Statement s, String name) {
    if (!(s instanceof Assignment a)) return Optional.empty();
    if (a.target().equals(List.of("exports", name)) || a.target().equals(List.of("module", "exports", name))) {
      return Optional.of(a.value());
    }
    return Optional.empty();
  }

  /** Exports zisi does not count that still tell us the file exports something. */
  private void noteOtherExports(Statement s) {
    if (s instanceof ExportFunction f && f.name().equals("handler")) handlerDeclared = true;
    if (s instanceof ExportOther) reexports = true; // export * from ..., export class ..., TypeScript's exports
    if (s instanceof ExportList list && list.from().isPresent()) {
      reexports = true;
      if (list.specifiers().stream().anyMatch(x -> x.exported().equals("handler"))) handlerDeclared = true;
    }
    if (s instanceof Assignment a && a.target().equals(List.of("module", "exports"))) {
      moduleExportsAssignment = a;
      if (a.value() instanceof JsValue.Obj o && o.get("handler").isPresent()) handlerDeclared = true;
    }
  }

  /** A {@code config} export Netlify does not read: remembered to say so. */
  private void noteIgnoredConfig(List<Export> esmConfig) {
    if (!esmConfig.isEmpty() && esmConfig.get(0).value() != null && !(esmConfig.get(0).value() instanceof JsValue.Obj)) {
      ignoredConfig = esmConfig.get(0).value();
    }
  }

  private void reportIgnoredConfig(JsValue v) {
    String how = v instanceof JsValue.TypeAssertion t
        ? "config written with '" + t.keyword() + "' is not read by Netlify: write `export const config: Config = {...}`"
            + " (a type annotation) instead"
        : "config must be an object literal written in this file (found " + JsValue.describe(v) + "): Netlify reads"
            + " it without running the code, so it ignores this one; write `export const config = { ... }`";
    problems.add(problem(v, how, Rule.CONFIG));
  }

  /** {@code config: {...}} inside a default-export object. */
  private static Optional<JsValue.Obj> inlineConfig(JsValue.Obj defaultObject) {
    for (JsValue.Entry e : defaultObject.entries()) {
      if ("config".equals(e.key()) && !e.method() && e.value() instanceof JsValue.Obj o
          && (e.keyKind() == JsValue.KeyKind.IDENTIFIER || e.keyKind() == JsValue.KeyKind.STRING)) return Optional.of(o);
    }
    return Optional.empty();
  }

  /** zisi's {@code resolveObjectExpression}: the object a default export is, through a name or a type assertion. */
  private Optional<JsValue.Obj> objectOf(JsValue v) {
    JsValue x = v instanceof JsValue.TypeAssertion t ? t.inner() : v;
    if (x instanceof JsValue.Ident i) {
      x = bindings.get(i.name());
      if (x instanceof JsValue.TypeAssertion t) x = t.inner();
    }
    return x instanceof JsValue.Obj o ? Optional.of(o) : Optional.empty();
  }

  /** Named imports from @netlify/functions: ESM {@code import {schedule}} or CJS {@code const {schedule} = require()}. */
  private List<Binding> functionsImports() {
    List<Binding> out = new ArrayList<>();
    for (Statement s : module.statements()) {
      if (s instanceof Import i && i.module().equals(FUNCTIONS_MODULE)) out.addAll(i.named());
      if (s instanceof Variables v) {
        v.declarators().stream().filter(d -> requires(d, FUNCTIONS_MODULE)).findFirst().ifPresent(d -> out.addAll(d.pattern()));
      }
    }
    return out;
  }

  private static boolean requires(Declarator d, String module) {
    return d.init().orElse(null) instanceof JsValue.Call c && c.callee().equals("require") && !c.args().isEmpty()
        && c.args().get(0) instanceof JsValue.Str s && s.value().equals(module);
  }

  private Statement importOf(Binding b) {
    for (Statement s : module.statements()) {
      if (s instanceof Import i && i.named().contains(b)) return s;
      if (s instanceof Variables v && v.declarators().stream().anyMatch(d -> d.pattern().contains(b))) return s;
    }
    return module.statements().get(0);
  }

  private Problem problem(JsValue at, String message, String rule) {
    return new Problem(file, at.line(), at.column(), message, rule);
  }

  private Problem problem(Statement at, String message, String rule) {
    return new Problem(file, at.line(), at.column(), message, rule);
  }

  private static Map<String, String> eventHandlers() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("deployBuilding", "deploy_building");
    m.put("deploySucceeded", "deploy_succeeded");
    m.put("deployFailed", "deploy_failed");
    m.put("deployDeleted", "deploy_deleted");
    m.put("deployLocked", "deploy_locked");
    m.put("deployUnlocked", "deploy_unlocked");
    m.put("formSubmitted", "submission_created");
    m.put("userLogin", "identity_login");
    m.put("userSignup", "identity_signup");
    m.put("userValidate", "identity_validate");
    m.put("userModified", "identity_usermodified");
    m.put("userDeleted", "identity_userdeleted");
    m.put("fetch", "fetch");
    return Map.copyOf(m);
  }
}
