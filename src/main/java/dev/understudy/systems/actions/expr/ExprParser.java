package dev.understudy.systems.actions.expr;

import dev.understudy.systems.actions.expr.Expr.CompareOp;
import dev.understudy.systems.actions.expr.Expr.LogicalOp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parses the body of a {@code ${{ }}} (or a bare {@code if:} condition) with GitHub's
 * precedence, loosest first: {@code ||}, {@code &&}, {@code == !=}, {@code < <= > >=}, {@code
 * !}, then {@code .prop}, {@code [index]}, {@code .*} and calls.
 */
public final class ExprParser {

  /** Either {@code expr} or {@code error} is set. */
  public record Result(Expr expr, ExprError error) {
    public boolean ok() {
      return error == null;
    }
  }

  private final ExprLexer lexer;
  private Token current;

  private ExprParser(String body) {
    this.lexer = new ExprLexer(body);
  }

  /** Parses a whole expression body; offsets in the result are 0-based into {@code body}. */
  public static Result parse(String body) {
    ExprParser p = new ExprParser(body);
    try {
      p.advance();
      Expr e = p.or();
      if (p.current.kind() != Token.Kind.END) {
        throw new ExprLexer.SyntaxError(
            p.current.offset(),
            "unexpected " + describe(p.current) + " after the end of the expression: expected an operator"
                + " such as \"&&\", \"||\" or \"==\", or the end of input");
      }
      return new Result(e, null);
    } catch (ExprLexer.SyntaxError err) {
      return new Result(null, new ExprError(err.offset, err.getMessage()));
    }
  }

  private Expr or() {
    Expr left = and();
    while (current.kind() == Token.Kind.OR) {
      advance();
      left = new Expr.Logical(LogicalOp.OR, left, and());
    }
    return left;
  }

  private Expr and() {
    Expr left = equality();
    while (current.kind() == Token.Kind.AND) {
      advance();
      left = new Expr.Logical(LogicalOp.AND, left, equality());
    }
    return left;
  }

  private Expr equality() {
    Expr left = relational();
    while (true) {
      CompareOp op =
          switch (current.kind()) {
            case EQ -> CompareOp.EQ;
            case NOT_EQ -> CompareOp.NOT_EQ;
            default -> null;
          };
      if (op == null) return left;
      advance();
      left = new Expr.Compare(op, left, relational());
    }
  }

  private Expr relational() {
    Expr left = unary();
    while (true) {
      CompareOp op =
          switch (current.kind()) {
            case LESS -> CompareOp.LESS;
            case LESS_EQ -> CompareOp.LESS_EQ;
            case GREATER -> CompareOp.GREATER;
            case GREATER_EQ -> CompareOp.GREATER_EQ;
            default -> null;
          };
      if (op == null) return left;
      advance();
      left = new Expr.Compare(op, left, unary());
    }
  }

  private Expr unary() {
    if (current.kind() == Token.Kind.NOT) {
      int at = current.offset();
      advance();
      return new Expr.Not(unary(), at);
    }
    return postfix();
  }

  private Expr postfix() {
    Expr e = primary();
    while (true) {
      switch (current.kind()) {
        case DOT -> {
          advance();
          if (current.kind() == Token.Kind.STAR) {
            advance();
            e = new Expr.ArrayDeref(e);
          } else if (current.kind() == Token.Kind.IDENT) {
            e = new Expr.PropertyAccess(e, current.text());
            advance();
          } else {
            throw unexpected("a property access like \"a.b\" or an object filter like \"a.*\"",
                Token.Kind.IDENT, Token.Kind.STAR);
          }
        }
        case LBRACKET -> {
          advance();
          Expr index = or();
          expect(Token.Kind.RBRACKET, "an index access like \"a[0]\"");
          e = new Expr.IndexAccess(e, index);
        }
        default -> {
          return e;
        }
      }
    }
  }

  private Expr primary() {
    Token t = current;
    switch (t.kind()) {
      case IDENT -> {
        advance();
        if (current.kind() == Token.Kind.LPAREN) return call(t);
        return switch (t.text()) {
          case "null" -> new Expr.NullLit(t.offset());
          case "true" -> new Expr.BoolLit(true, t.offset());
          case "false" -> new Expr.BoolLit(false, t.offset());
          default -> new Expr.Variable(t.text(), t.offset());
        };
      }
      case LPAREN -> {
        advance();
        Expr nested = or();
        expect(Token.Kind.RPAREN, "a parenthesized expression");
        return nested;
      }
      case INT -> {
        advance();
        return integer(t);
      }
      case FLOAT -> {
        advance();
        return new Expr.FloatLit(Double.parseDouble(t.text()), t.offset());
      }
      case STRING -> {
        advance();
        String raw = t.text();
        return new Expr.StringLit(raw.substring(1, raw.length() - 1).replace("''", "'"), t.offset());
      }
      default -> throw unexpected(
          "an operand (a context, a function call, null, a boolean, a number or a string)",
          Token.Kind.IDENT, Token.Kind.LPAREN, Token.Kind.INT, Token.Kind.FLOAT, Token.Kind.STRING);
    }
  }

  private Expr call(Token name) {
    advance(); // (
    List<Expr> args = new ArrayList<>();
    if (current.kind() == Token.Kind.RPAREN) {
      advance();
      return new Expr.FuncCall(name.text(), args, name.offset());
    }
    while (true) {
      args.add(or());
      if (current.kind() == Token.Kind.COMMA) {
        advance();
      } else if (current.kind() == Token.Kind.RPAREN) {
        advance();
        return new Expr.FuncCall(name.text(), args, name.offset());
      } else {
        throw unexpected("the arguments of a call to " + name.text() + "()",
            Token.Kind.COMMA, Token.Kind.RPAREN);
      }
    }
  }

  private Expr integer(Token t) {
    String text = t.text();
    boolean negative = text.startsWith("-");
    String digits = negative ? text.substring(1) : text;
    try {
      long v = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
      return new Expr.IntLit(negative ? -v : v, t.offset());
    } catch (NumberFormatException e) {
      // Too big for a long: GitHub's numbers are doubles anyway.
      double v = digits.startsWith("0x")
          ? new java.math.BigInteger(digits.substring(2), 16).doubleValue()
          : Double.parseDouble(digits);
      return new Expr.FloatLit(negative ? -v : v, t.offset());
    }
  }

  private void expect(Token.Kind kind, String where) {
    if (current.kind() != kind) throw unexpected(where, kind);
    advance();
  }

  private void advance() {
    current = lexer.next();
  }

  private ExprLexer.SyntaxError unexpected(String where, Token.Kind... expected) {
    String list = Stream.of(expected).map(k -> Quote.go(k.display)).collect(Collectors.joining(" or "));
    return new ExprLexer.SyntaxError(
        current.offset(), "unexpected " + describe(current) + " while parsing " + where + ": expected " + list);
  }

  private static String describe(Token t) {
    return t.kind() == Token.Kind.END ? "end of input" : "token " + Quote.go(t.text());
  }
}
