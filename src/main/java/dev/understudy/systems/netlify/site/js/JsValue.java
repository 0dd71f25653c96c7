package dev.understudy.systems.netlify.site.js;

import java.util.List;
import java.util.Optional;

/**
 * An expression as read from source, without running it: literals come out with their values,
 * objects and arrays with their parts, and everything else as what little a reader without a
 * runtime can say (a function, a call of a named function, a name, "something else"). Each value
 * knows the line and column where it starts.
 */
public sealed interface JsValue {
  int line();

  int column();

  /** {@code "double quoted"} or {@code 'single quoted'}. */
  record Str(String value, int line, int column) implements JsValue {}

  /** A {@code `template`}: {@code cooked} is empty when it holds a {@code ${}} substitution. */
  record Template(Optional<String> cooked, int line, int column) implements JsValue {}

  record Num(double value, int line, int column) implements JsValue {}

  /** {@code true}, {@code false}, and the minifier's {@code !0} and {@code !1}. */
  record Bool(boolean value, int line, int column) implements JsValue {}

  record Null(int line, int column) implements JsValue {}

  /** A bare name: {@code handler}, {@code undefined}. */
  record Ident(String name, int line, int column) implements JsValue {}

  /** {@code name(args)}: a call whose callee is a plain name. */
  record Call(String callee, List<JsValue> args, int line, int column) implements JsValue {}

  /** A function: {@code function ...}, {@code async (...) => ...}, or a function declaration. */
  record Func(int line, int column) implements JsValue {}

  /** TypeScript's {@code value as Type} or {@code value satisfies Type}; {@code keyword} says which. */
  record TypeAssertion(JsValue inner, String keyword, int line, int column) implements JsValue {}

  /** Anything else; {@code what} names it for messages ("an expression", "a spread", "a hole"). */
  record Other(String what, int line, int column) implements JsValue {}

  record Arr(List<JsValue> elements, int line, int column) implements JsValue {}

  record Obj(List<Entry> entries, int line, int column) implements JsValue {
    /** The last entry named {@code key} with an identifier or string key, as JavaScript keeps it. */
    public Optional<Entry> get(String key) {
      Entry found = null;
      for (Entry e : entries) {
        if (key.equals(e.key()) && (e.keyKind() == KeyKind.IDENTIFIER || e.keyKind() == KeyKind.STRING)) found = e;
      }
      return Optional.ofNullable(found);
    }
  }

  /** How an object entry's key is written: {@code a:}, {@code "a":}, {@code 1:}, {@code [a]:}, or {@code ...a}. */
  enum KeyKind { IDENTIFIER, STRING, NUMBER, COMPUTED, SPREAD }

  /** One entry of an object literal; {@code method}: written {@code key() {}} (get/set/async too). */
  record Entry(String key, KeyKind keyKind, JsValue value, boolean method, int line, int column) {}

  /** What a value is, for messages: "a string", "an object", "a function"... */
  static String describe(JsValue v) {
    if (v instanceof Str) return "a string";
    if (v instanceof Template t) return t.cooked().isPresent() ? "a template literal" : "a template with ${}";
    if (v instanceof Num) return "a number";
    if (v instanceof Bool) return "a boolean";
    if (v instanceof Null) return "null";
    if (v instanceof Ident i) return i.name().equals("undefined") ? "undefined" : "the name " + i.name();
    if (v instanceof Call c) return "a call of " + c.callee() + "()";
    if (v instanceof Func) return "a function";
    if (v instanceof TypeAssertion t) return "an expression with '" + t.keyword() + "'";
    if (v instanceof Arr) return "an array";
    if (v instanceof Obj) return "an object";
    return ((Other) v).what();
  }
}
