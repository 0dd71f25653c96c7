package dev.understudy.systems.netlify.site.js;

import dev.understudy.systems.netlify.site.js.JsModule.Binding;
import dev.understudy.systems.netlify.site.js.JsModule.Declarator;
import dev.understudy.systems.netlify.site.js.JsModule.Specifier;
import dev.understudy.systems.netlify.site.js.JsModule.Statement;
import dev.understudy.systems.netlify.site.js.JsToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the top-level statements of a file into a {@link JsModule}. */
final class ModuleReader {
  /** TypeScript declarations that hold no value Netlify reads. */
  private static final Set<String> TYPE_DECLARATIONS = Set.of("declare", "interface", "type", "enum", "namespace",
      "abstract", "module");
  private static final Set<String> VARIABLE_DECLARATION_TYPE_STOPS = Set.of("=");

  private final TokenCursor c;
  private final ExpressionReader expressions;

  private ModuleReader(List<JsToken> tokens) {
    this.c = new TokenCursor(tokens);
    this.expressions = new ExpressionReader(c);
  }

  static JsModule read(String source) {
    JsTokenizer.Result r = JsTokenizer.tokenize(source);
    ModuleReader reader = new ModuleReader(r.tokens());
    List<Statement> statements = new ArrayList<>();
    while (!reader.c.eof()) {
      if (reader.c.accept(";")) continue;
      int before = reader.c.mark();
      statements.add(reader.statement());
      if (reader.c.mark() == before) reader.c.next(); // never loop on something unreadable
    }
    return new JsModule(List.copyOf(statements), r.issues(), usesDynamicImport(r.tokens()));
  }

  private static boolean usesDynamicImport(List<JsToken> tokens) {
    for (int i = 0; i + 1 < tokens.size(); i++) {
      JsToken t = tokens.get(i);
      if (t.is("import") && t.isIdent() && (tokens.get(i + 1).is("(") || tokens.get(i + 1).is("."))
          && (i == 0 || !tokens.get(i - 1).is("."))) return true;
    }
    return false;
  }

  private Statement statement() {
    JsToken t = c.peek();
    if (t.isIdent()) {
      JsToken n = c.peek(1);
      switch (t.text()) {
        case "import":
          if (!n.is("(") && !n.is(".")) return importDeclaration();
          break;
        case "export":
          return exportDeclaration();
        case "const", "let", "var":
          if (n.isIdent() || n.is("{") || n.is("[")) {
            c.next();
            Statement s = new JsModule.Variables(declarators(), t.line(), t.column());
            c.endStatement();
            return s;
          }
          break;
        case "function":
          return functionDeclaration(t);
        case "async":
          if (n.is("function") && !n.newlineBefore()) return functionDeclaration(t);
          break;
        default:
          if (TYPE_DECLARATIONS.contains(t.text()) && n.isIdent() && !n.newlineBefore()) {
            c.skipStatement();
            return new JsModule.Other(t.line(), t.column());
          }
          Statement assignment = assignment();
          if (assignment != null) return assignment;
      }
    }
    c.skipStatement();
    return new JsModule.Other(t.line(), t.column());
  }

  private Statement functionDeclaration(JsToken start) {
    c.accept("async");
    String name = c.peek(1).isIdent() ? c.peek(1).text() : c.peek(2).isIdent() ? c.peek(2).text() : null;
    expressions.skipFunction();
    return name == null ? new JsModule.Other(start.line(), start.column())
        : new JsModule.FunctionDeclaration(name, start.line(), start.column());
  }

  /** {@code a.b.c = value;}, or null (nothing consumed) when the statement is something else. */
  private Statement assignment() {
    int mark = c.mark();
    JsToken start = c.peek();
    List<String> target = new ArrayList<>();
    target.add(c.next().text());
    while (c.peek().is(".") && c.peek(1).isIdent()) {
      c.next();
      target.add(c.next().text());
    }
    if (!c.peek().is("=") || c.peek().kind() != Kind.PUNCT) {
      c.reset(mark);
      return null;
    }
    c.next();
    JsValue value = expressions.expression();
    c.endStatement();
    return new JsModule.Assignment(List.copyOf(target), value, start.line(), start.column());
  }

  private Statement importDeclaration() {
    JsToken start = c.next();
    boolean typeOnly = c.peek().is("type") && !c.peek(1).is(",") && !c.peek(1).is("from");
    if (typeOnly) c.next();
    List<Binding> named = new ArrayList<>();
    if (c.peek().isIdent() && !c.peek().is("from")) c.next(); // default import
    else if (c.peek().isIdent() && c.peek(1).is("from") && c.peek(2).is("from")) c.next(); // import from from "m"
    if (c.peek().isIdent() && c.peek(1).is("=")) { // TypeScript's import x = require("m")
      c.skipStatement();
      return new JsModule.Other(start.line(), start.column());
    }
    c.accept(",");
    if (c.accept("*")) {
      c.accept("as");
      c.next();
    } else if (c.peek().is("{")) {
      for (Renaming r : renamings()) {
        if (r.from().isIdent() && r.to().isIdent()) named.add(new Binding(r.from().text(), r.to().text()));
      }
    }
    String module = null;
    if (c.accept("from") || c.peek().kind() == Kind.STRING) {
      if (c.peek().kind() == Kind.STRING) module = (String) c.next().value();
    }
    c.endStatement();
    if (module == null) return new JsModule.ExportOther(start.line(), start.column());
    return new JsModule.Import(module, List.copyOf(named), typeOnly, start.line(), start.column());
  }

  private Statement exportDeclaration() {
    JsToken start = c.next();
    int line = start.line(), col = start.column();
    JsToken t = c.peek();
    if (t.is("default")) {
      c.next();
      JsToken v = c.peek();
      if (v.is("function") || (v.is("async") && c.peek(1).is("function") && !c.peek(1).newlineBefore())) {
        c.accept("async");
        expressions.skipFunction();
        return new JsModule.ExportDefault(new JsValue.Func(v.line(), v.column()), line, col);
      }
      if (v.is("class")) {
        expressions.skipClass();
        return new JsModule.ExportDefault(new JsValue.Other("a class", v.line(), v.column()), line, col);
      }
      if (v.is("interface") || (v.is("abstract") && c.peek(1).is("class"))) {
        c.skipStatement();
        return new JsModule.ExportOther(line, col);
      }
      JsValue value = expressions.expression();
      c.endStatement();
      return new JsModule.ExportDefault(value, line, col);
    }
    if ((t.is("const") || t.is("let") || t.is("var")) && !c.peek(1).is("enum")) {
      c.next();
      List<Declarator> declarators = declarators();
      c.endStatement();
      return new JsModule.ExportVariables(declarators, line, col);
    }
    if (t.is("function") || (t.is("async") && c.peek(1).is("function"))) {
      c.accept("async");
      JsToken name = c.peek(1).is("*") ? c.peek(2) : c.peek(1);
      expressions.skipFunction();
      return name.isIdent() ? new JsModule.ExportFunction(name.text(), line, col) : new JsModule.ExportOther(line, col);
    }
    if (t.is("{")) return exportList(line, col);
    if (t.is("type") && c.peek(1).is("{")) { // export type { A }: types only
      c.skipStatement();
      return new JsModule.ExportOther(line, col);
    }
    c.skipStatement();
    return new JsModule.ExportOther(line, col);
  }

  private Statement exportList(int line, int col) {
    List<Specifier> specifiers = new ArrayList<>();
    for (Renaming r : renamings()) {
      String local = r.from().kind() == Kind.STRING ? (String) r.from().value() : r.from().text();
      String exported = r.to().kind() == Kind.STRING ? (String) r.to().value() : r.to().text();
      if (local != null && exported != null) specifiers.add(new Specifier(local, exported, r.to().kind() == Kind.STRING));
    }
    Optional<String> from = Optional.empty();
    if (c.accept("from") && c.peek().kind() == Kind.STRING) from = Optional.ofNullable((String) c.next().value());
    c.endStatement();
    return new JsModule.ExportList(List.copyOf(specifiers), from, line, col);
  }

  /** {@code a as b} in an import or export list; {@code a} alone is {@code a as a}. */
  private record Renaming(JsToken from, JsToken to) {}

  /** At {@code {}: the list {@code { a, b as c, "d" as e, type F }} up to its {@code }}, TypeScript's type-only ones left out. */
  private List<Renaming> renamings() {
    c.next();
    List<Renaming> out = new ArrayList<>();
    while (!c.eof() && !c.peek().is("}")) {
      boolean typeOnly = c.peek().is("type") && (c.peek(1).isIdent() || c.peek(1).kind() == Kind.STRING)
          && !c.peek(1).is("as");
      if (typeOnly) c.next();
      JsToken from = c.next();
      JsToken to = c.accept("as") ? c.next() : from;
      if (!typeOnly) out.add(new Renaming(from, to));
      if (!c.accept(",") && !c.peek().is("}")) break;
    }
    c.accept("}");
    return out;
  }

  /** After {@code const}: {@code a: T = 1, {b, c: d} = e, [f] = g}. */
  private List<Declarator> declarators() {
    List<Declarator> out = new ArrayList<>();
    do {
      JsToken start = c.peek();
      Optional<String> name = Optional.empty();
      List<Binding> pattern = List.of();
      if (start.isIdent()) {
        name = Optional.of(c.next().text());
      } else if (start.is("{")) {
        pattern = objectPattern();
      } else if (start.is("[")) {
        c.skipGroup();
      } else {
        break;
      }
      c.accept("!"); // TypeScript's definite assignment
      if (c.accept(":")) c.skipType(VARIABLE_DECLARATION_TYPE_STOPS);
      Optional<JsValue> init = Optional.empty();
      if (c.peek().is("=")) {
        c.next();
        init = Optional.of(expressions.expression());
      }
      out.add(new Declarator(name, pattern, init, start.line(), start.column()));
    } while (c.accept(","));
    return List.copyOf(out);
  }

  /** {@code {a, b: c, d = 1, ...e}}: the plain {@code key -> local} pairs. */
  private List<Binding> objectPattern() {
    int close = c.matching(c.mark());
    c.next();
    List<Binding> out = new ArrayList<>();
    while (!c.eof() && c.mark() < close) {
      JsToken key = c.peek();
      if (key.isIdent() && (c.peek(1).is(",") || c.peek(1).is("}"))) {
        out.add(new Binding(key.text(), key.text()));
        c.next();
      } else if (key.isIdent() && c.peek(1).is(":") && c.peek(2).isIdent()
          && (c.peek(3).is(",") || c.peek(3).is("}"))) {
        out.add(new Binding(key.text(), c.peek(2).text()));
        c.next();
        c.next();
        c.next();
      } else {
        while (c.mark() < close && !c.peek().is(",")) {
          if (TokenCursor.opens(c.peek())) c.skipGroup();
          else c.next();
        }
      }
      c.accept(",");
    }
    c.reset(close);
    c.accept("}");
    return List.copyOf(out);
  }
}
