package io.metricgen.engine.promql;

/** PromQL's binary operators with their precedence, from the Prometheus documentation. */
public enum BinaryOp {
  POW("^", 6, true),
  MUL("*", 5, false),
  DIV("/", 5, false),
  MOD("%", 5, false),
  ATAN2("atan2", 5, false),
  ADD("+", 4, false),
  SUB("-", 4, false),
  EQL("==", 3, false),
  NEQ("!=", 3, false),
  LTE("<=", 3, false),
  LSS("<", 3, false),
  GTE(">=", 3, false),
  GTR(">", 3, false),
  AND("and", 2, false),
  UNLESS("unless", 2, false),
  OR("or", 1, false);

  private final String symbol;
  private final int precedence;
  private final boolean rightAssociative;

  BinaryOp(String symbol, int precedence, boolean rightAssociative) {
    this.symbol = symbol;
    this.precedence = precedence;
    this.rightAssociative = rightAssociative;
  }

  /** The operator as written. */
  public String symbol() {
    return symbol;
  }

  /** Higher binds tighter. */
  public int precedence() {
    return precedence;
  }

  /** Only {@code ^} groups to the right. */
  public boolean rightAssociative() {
    return rightAssociative;
  }

  /** {@code ==}, {@code !=}, {@code <} and kin: they filter unless {@code bool} is given. */
  public boolean comparison() {
    return precedence == 3;
  }

  /** {@code and}, {@code or}, {@code unless}: between vectors only. */
  public boolean setOperator() {
    return this == AND || this == OR || this == UNLESS;
  }

  /** The operator written as the symbol, or null. */
  static BinaryOp of(String symbol) {
    for (BinaryOp op : values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    return null;
  }
}
