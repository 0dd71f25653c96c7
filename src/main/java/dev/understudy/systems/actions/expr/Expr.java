package dev.understudy.systems.actions.expr;

import java.util.List;
import java.util.Locale;

/**
 * A parsed expression. {@link #offset()} is where the node's source text starts in the body
 * (for {@code a.b} and {@code a == b} that is where {@code a} starts), which is where actionlint
 * reports problems of the node.
 */
public sealed interface Expr {
  int offset();

  record NullLit(int offset) implements Expr {}

  record BoolLit(boolean value, int offset) implements Expr {}

  record IntLit(long value, int offset) implements Expr {}

  record FloatLit(double value, int offset) implements Expr {}

  /** A string literal; {@code value} is unescaped ({@code ''} became {@code '}). */
  record StringLit(String value, int offset) implements Expr {}

  /** A context name such as {@code github}, as written. */
  record Variable(String name, int offset) implements Expr {
    public String lowerName() {
      return name.toLowerCase(Locale.ROOT);
    }
  }

  /** {@code receiver.name}, name as written. */
  record PropertyAccess(Expr receiver, String name) implements Expr {
    public int offset() {
      return receiver.offset();
    }

    public String lowerName() {
      return name.toLowerCase(Locale.ROOT);
    }
  }

  /** {@code receiver[index]}. */
  record IndexAccess(Expr receiver, Expr index) implements Expr {
    public int offset() {
      return receiver.offset();
    }
  }

  /** The object filter {@code receiver.*}. */
  record ArrayDeref(Expr receiver) implements Expr {
    public int offset() {
      return receiver.offset();
    }
  }

  /** {@code name(args...)}, name as written. */
  record FuncCall(String name, List<Expr> args, int offset) implements Expr {
    public FuncCall {
      args = List.copyOf(args);
    }

    public String lowerName() {
      return name.toLowerCase(Locale.ROOT);
    }
  }

  record Not(Expr operand, int offset) implements Expr {}

  record Compare(CompareOp op, Expr left, Expr right) implements Expr {
    public int offset() {
      return left.offset();
    }
  }

  record Logical(LogicalOp op, Expr left, Expr right) implements Expr {
    public int offset() {
      return left.offset();
    }
  }

  enum CompareOp {
    LESS("<"), LESS_EQ("<="), GREATER(">"), GREATER_EQ(">="), EQ("=="), NOT_EQ("!=");

    private final String symbol;

    CompareOp(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public boolean isEquality() {
      return this == EQ || this == NOT_EQ;
    }
  }

  enum LogicalOp {
    AND("&&"), OR("||");

    private final String symbol;

    LogicalOp(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }
}
