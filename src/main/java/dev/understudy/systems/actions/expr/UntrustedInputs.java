package dev.understudy.systems.actions.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds values an outsider controls (an issue title, a branch name, a commit message...) used in
 * an expression of an inline script, where they allow script injection. The family follows
 * GitHub's security guide and actionlint: paths reached through {@code .prop}, {@code
 * ['prop']}, {@code [0]} and the object filter {@code .*} all count. Arguments of {@code
 * contains()}, {@code startsWith()} and {@code endsWith()} are safe: only a bool comes out.
 */
public final class UntrustedInputs {
  private static final String GUIDE =
      "see https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions for more details";

  private UntrustedInputs() {}

  /** A node of the tree of untrusted paths; a leaf is an untrusted value, "*" an array element. */
  private record Node(String path, Map<String, Node> children) {
    boolean isLeaf() {
      return children.isEmpty();
    }

    Node child(String name) {
      return children.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private static final Map<String, Node> ROOTS = Map.of("github", tree());

  private static Node tree() {
    Map<String, Object> shape = obj(
        "event", obj(
            "issue", obj("title", null, "body", null),
            "pull_request", obj("title", null, "body", null,
                "head", obj("ref", null, "label", null, "repo", obj("default_branch", null))),
            "comment", obj("body", null),
            "review", obj("body", null),
            "review_comment", obj("body", null),
            "pages", obj("*", obj("page_name", null)),
            "commits", obj("*", obj("message", null, "author", obj("email", null, "name", null))),
            "head_commit", obj("message", null, "author", obj("email", null, "name", null)),
            "discussion", obj("title", null, "body", null)),
        "head_ref", null);
    return build("github", shape);
  }

  private static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Node build(String path, Object shape) {
    Map<String, Node> children = new LinkedHashMap<>();
    if (shape != null) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) shape).entrySet()) {
        children.put(e.getKey(), build(path + "." + e.getKey(), e.getValue()));
      }
    }
    return new Node(path, Map.copyOf(children));
  }

  /** Each use of an untrusted value, at the offset of the context name that starts it. */
  public static List<ExprError> find(Expr expr) {
    List<ExprError> out = new ArrayList<>();
    visit(expr, out);
    return out;
  }

  /** Walks the tree; each maximal access chain ({@code a.b[c].*.d}) is resolved once. */
  private static void visit(Expr e, List<ExprError> out) {
    if (isChain(e)) {
      Chain chain = resolve(e, out);
      report(chain, out);
      return;
    }
    if (e instanceof Expr.FuncCall c) {
      String name = c.lowerName();
      if (name.equals("contains") || name.equals("startswith") || name.equals("endswith")) return;
      for (Expr a : c.args()) visit(a, out);
    } else if (e instanceof Expr.Not n) {
      visit(n.operand(), out);
    } else if (e instanceof Expr.Compare c) {
      visit(c.left(), out);
      visit(c.right(), out);
    } else if (e instanceof Expr.Logical l) {
      visit(l.left(), out);
      visit(l.right(), out);
    }
  }

  private static boolean isChain(Expr e) {
    return e instanceof Expr.Variable || e instanceof Expr.PropertyAccess
        || e instanceof Expr.IndexAccess || e instanceof Expr.ArrayDeref;
  }

  /**
   * Where a chain may point in the tree: several nodes after a filter over an object ({@code
   * github.event.*.body}). {@code afterFilter} marks a chain that went through {@code .*} (later
   * properties map over the filtered values): an index then picks one of those values instead
   * of stepping into an array.
   */
  private record Chain(Expr start, List<Node> nodes, boolean afterFilter) {}

  private static Chain resolve(Expr e, List<ExprError> out) {
    if (!isChain(e)) { // a chain on a call or a literal: fromJSON(x).y
      visit(e, out);
      return new Chain(e, List.of(), false);
    }
    if (e instanceof Expr.Variable v) {
      Node root = ROOTS.get(v.lowerName());
      return new Chain(v, root == null ? List.of() : List.of(root), false);
    }
    if (e instanceof Expr.PropertyAccess p) {
      Chain c = resolve(p.receiver(), out);
      return step(c, p.name(), c.afterFilter());
    }
    if (e instanceof Expr.IndexAccess i) {
      Chain c = resolve(i.receiver(), out);
      if (i.index() instanceof Expr.StringLit lit) return step(c, lit.value(), c.afterFilter());
      visit(i.index(), out); // the index is an expression of its own
      if (c.afterFilter()) return new Chain(c.start(), c.nodes(), false);
      return step(c, "*", false);
    }
    Chain c = resolve(((Expr.ArrayDeref) e).receiver(), out);
    List<Node> next = new ArrayList<>();
    for (Node n : c.nodes()) {
      Node elem = n.child("*");
      if (elem != null) next.add(elem);
      else next.addAll(n.children().values()); // filtering an object yields its values
    }
    return new Chain(c.start(), next, true);
  }

  private static Chain step(Chain c, String name, boolean afterFilter) {
    List<Node> next = new ArrayList<>();
    for (Node n : c.nodes()) {
      Node child = n.child(name);
      if (child != null) next.add(child);
    }
    return new Chain(c.start(), next, afterFilter);
  }

  private static void report(Chain chain, List<ExprError> out) {
    TreeSet<String> leaves = new TreeSet<>();
    for (Node n : chain.nodes()) if (n.isLeaf()) leaves.add(n.path());
    if (leaves.size() == 1) {
      out.add(new ExprError(chain.start().offset(), Quote.go(leaves.first())
          + " is potentially untrusted. avoid using it directly in inline scripts. instead, pass it through an"
          + " environment variable. " + GUIDE));
    } else if (leaves.size() > 1) {
      out.add(new ExprError(chain.start().offset(), "object filter extracts potentially untrusted properties "
          + Quote.list(leaves) + ". avoid using the value directly in inline scripts. instead, pass the value"
          + " through an environment variable. " + GUIDE));
    }
  }
}
