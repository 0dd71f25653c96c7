package dev.understudy.systems.netlify.site.js;

import java.util.List;
import java.util.Optional;

/**
 * The top-level statements of a JavaScript or TypeScript file, as far as imports, exports and
 * top-level names go; what lies inside functions and blocks is not read. {@code issues} are what
 * the tokenizer could not read; {@code dynamicImport}: the file uses {@code import()} or
 * {@code import.meta} somewhere.
 */
public record JsModule(List<Statement> statements, List<JsTokenizer.Issue> issues, boolean dynamicImport) {

  /** Reads {@code source}; never throws. */
  public static JsModule read(String source) {
    return ModuleReader.read(source);
  }

  /** Whether the file has an {@code import} or {@code export} declaration: it is an ES module. */
  public boolean hasModuleSyntax() {
    return statements.stream().anyMatch(Statement::moduleSyntax);
  }

  /** One top-level statement; {@code line} and {@code column} where it starts. */
  public sealed interface Statement permits ModuleDeclaration, Variables, FunctionDeclaration, Assignment, Other {
    int line();

    int column();

    default boolean moduleSyntax() {
      return false;
    }
  }

  /** An {@code import} or {@code export} declaration: the file is an ES module. */
  public sealed interface ModuleDeclaration extends Statement {
    @Override
    default boolean moduleSyntax() {
      return true;
    }
  }

  /** {@code import a, {b as c} from "m"}: the named imports as {@code imported -> local}. */
  public record Import(String module, List<Binding> named, boolean typeOnly, int line, int column) implements ModuleDeclaration {}

  /** {@code export default VALUE} (a function declaration's value is a {@link JsValue.Func}). */
  public record ExportDefault(JsValue value, int line, int column) implements ModuleDeclaration {}

  /** {@code export const a = 1, b = 2}. */
  public record ExportVariables(List<Declarator> declarators, int line, int column) implements ModuleDeclaration {}

  /** {@code export function name() {}} or {@code export async function name() {}}. */
  public record ExportFunction(String name, int line, int column) implements ModuleDeclaration {}

  /** {@code export { a, b as c, d as "e" } [from "m"]}; {@code from} empty for local names. */
  public record ExportList(List<Specifier> specifiers, Optional<String> from, int line, int column) implements ModuleDeclaration {}

  /** Any other export: {@code export * from}, {@code export class}, TypeScript's {@code export type}... */
  public record ExportOther(int line, int column) implements ModuleDeclaration {}

  /** {@code const|let|var ...} at the top level. */
  public record Variables(List<Declarator> declarators, int line, int column) implements Statement {}

  /** {@code function name() {}} at the top level. */
  public record FunctionDeclaration(String name, int line, int column) implements Statement {}

  /**
   * {@code a = VALUE}, {@code exports.a = VALUE}, {@code module.exports.a = VALUE}:
   * {@code target} is the dotted name on the left, split ({@code [module, exports, a]}).
   */
  public record Assignment(List<String> target, JsValue value, int line, int column) implements Statement {}

  /** Anything else, skipped. */
  public record Other(int line, int column) implements Statement {}

  /** {@code imported as local}. */
  public record Binding(String imported, String local) {}

  /** {@code local as exported}; {@code quoted}: the exported name was written as a string. */
  public record Specifier(String local, String exported, boolean quoted) {}

  /**
   * One declarator: {@code name = init}, or a destructuring {@code {a, b: c} = init} whose plain
   * properties are in {@code pattern} ({@code key -> local}); {@code init} empty when absent.
   */
  public record Declarator(Optional<String> name, List<Binding> pattern, Optional<JsValue> init, int line, int column) {}
}
