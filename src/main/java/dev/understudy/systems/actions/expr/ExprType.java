package dev.understudy.systems.actions.expr;

/**
 * The static type of an expression, as actionlint models it. {@link #toString()} prints the type
 * the way actionlint does: {@code any}, {@code null}, {@code number}, {@code bool}, {@code
 * string}, {@code object}, {@code {foo: string; bar: number}}, {@code {string => string}}, {@code
 * array<any>}.
 */
public sealed interface ExprType permits ExprType.AnyType, ExprType.NullType, ExprType.NumberType,
    ExprType.BoolType, ExprType.StringType, ObjectType, ArrayType {

  ExprType ANY = new AnyType();
  ExprType NULL = new NullType();
  ExprType NUMBER = new NumberType();
  ExprType BOOL = new BoolType();
  ExprType STRING = new StringType();

  /**
   * Whether a value of type {@code other} may be used where this type is expected (actionlint's
   * {@code Assignable}): {@code string} accepts {@code number}, {@code bool} accepts anything,
   * {@code any} accepts and is accepted by anything.
   */
  boolean accepts(ExprType other);

  /** The type of a value that is either of this type or of {@code other}. */
  ExprType merge(ExprType other);

  /**
   * True for object, array and null: such values print badly in a {@code ${{ }}} template
   * inside a longer string.
   */
  default boolean isObjectArrayOrNull() {
    return this instanceof ObjectType || this instanceof ArrayType || this instanceof NullType;
  }

  record AnyType() implements ExprType {
    public boolean accepts(ExprType other) {
      return true;
    }

    public ExprType merge(ExprType other) {
      return this;
    }

    public String toString() {
      return "any";
    }
  }

  record NullType() implements ExprType {
    public boolean accepts(ExprType other) {
      return other instanceof NullType || other instanceof AnyType;
    }

    public ExprType merge(ExprType other) {
      return other instanceof NullType ? this : ANY;
    }

    public String toString() {
      return "null";
    }
  }

  record NumberType() implements ExprType {
    public boolean accepts(ExprType other) {
      return other instanceof NumberType || other instanceof AnyType;
    }

    public ExprType merge(ExprType other) {
      if (other instanceof NumberType) return this;
      if (other instanceof StringType) return other;
      return ANY;
    }

    public String toString() {
      return "number";
    }
  }

  record BoolType() implements ExprType {
    /** Every value has a truthiness, so anything can stand where a bool is expected. */
    public boolean accepts(ExprType other) {
      return true;
    }

    public ExprType merge(ExprType other) {
      if (other instanceof BoolType) return this;
      if (other instanceof StringType) return other;
      return ANY;
    }

    public String toString() {
      return "bool";
    }
  }

  record StringType() implements ExprType {
    public boolean accepts(ExprType other) {
      return other instanceof StringType || other instanceof NumberType || other instanceof AnyType;
    }

    public ExprType merge(ExprType other) {
      if (other instanceof StringType || other instanceof NumberType || other instanceof BoolType) {
        return this;
      }
      return ANY;
    }

    public String toString() {
      return "string";
    }
  }
}
