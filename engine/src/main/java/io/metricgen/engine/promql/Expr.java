package io.metricgen.engine.promql;

import java.util.List;
import java.util.Objects;

/**
 * A parsed PromQL expression: the node types of the grammar in the Prometheus documentation
 * (https://prometheus.io/docs/prometheus/latest/querying/basics/). Immutable values; {@link
 * Printer} writes them back as PromQL, and {@link Parser} reads them.
 */
public sealed interface Expr {

  /** The type of the value this expression yields. */
  ValueType type();

  /** The expression written as PromQL that parses back to an equal expression. */
  default String print() {
    return Printer.print(this);
  }

  /** Every vector selector in the expression, in the order they are written. */
  public static List<VectorSelector> selectors(Expr e) {
    List<VectorSelector> out = new java.util.ArrayList<>();
    for (Expr x : nodes(e)) {
      if (x instanceof VectorSelector v) {
        out.add(v);
      }
    }
    return out;
  }

  /** Every node of the expression, itself first, then each child's, in the order written. */
  public static List<Expr> nodes(Expr e) {
    List<Expr> out = new java.util.ArrayList<>();
    java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
    stack.push(e);
    // An explicit stack: expressions can nest deeper than the call stack allows.
    while (!stack.isEmpty()) {
      Expr x = stack.pop();
      out.add(x);
      List<Expr> children = children(x);
      for (int i = children.size() - 1; i >= 0; i--) {
        stack.push(children.get(i));
      }
    }
    return out;
  }

  /** The expression's direct subexpressions, in the order written. */
  public static List<Expr> children(Expr x) {
    if (x instanceof MatrixSelector m) {
      return List.of(m.selector());
    } else if (x instanceof Subquery q) {
      return List.of(q.expr());
    } else if (x instanceof Call c) {
      return c.args();
    } else if (x instanceof Aggregate a) {
      return a.param() == null ? List.of(a.expr()) : List.of(a.param(), a.expr());
    } else if (x instanceof Binary b) {
      return List.of(b.lhs(), b.rhs());
    } else if (x instanceof Unary u) {
      return List.of(u.expr());
    } else if (x instanceof Paren p) {
      return List.of(p.expr());
    }
    return List.of();
  }

  /** A number such as {@code 1}, {@code 0x1f}, {@code 1e-3}, {@code Inf} or {@code NaN}. */
  record NumberLiteral(double value) implements Expr {
    /**
     * A number as PromQL writes it (and promtool's series notation, which reads numbers the same
     * way): {@code 3}, {@code 0.25}, {@code 1.0E21}, {@code Inf}, {@code NaN}; read back exactly.
     */
    public static String format(double value) {
      return Printer.number(value);
    }

    @Override
    public ValueType type() {
      return ValueType.SCALAR;
    }

    @Override
    public boolean equals(Object o) {
      // NaN literals are the same literal, though NaN != NaN.
      return o instanceof NumberLiteral n
          && Double.doubleToLongBits(n.value) == Double.doubleToLongBits(value);
    }

    @Override
    public int hashCode() {
      return Double.hashCode(value);
    }
  }

  /** A string literal, unescaped. */
  record StringLiteral(String value) implements Expr {
    /** A string double-quoted and escaped as Go's {@code strconv.Quote} writes it. */
    public static String quote(String s) {
      return Printer.quote(s);
    }

    @Override
    public ValueType type() {
      return ValueType.STRING;
    }
  }

  /** Where a selector or subquery is evaluated: {@code offset} and {@code @}. */
  record Modifiers(long offsetMillis, At at) {
    /** No offset and no {@code @}. */
    public static final Modifiers NONE = new Modifiers(0, null);

    Modifiers withOffset(long millis) {
      return new Modifiers(millis, at);
    }

    Modifiers withAt(At newAt) {
      return new Modifiers(offsetMillis, newAt);
    }
  }

  /** An {@code @} modifier: a Unix time in seconds, or {@code start()} or {@code end()}. */
  record At(Double seconds, String function) {}

  /** One label matcher of a selector. */
  record Matcher(String label, MatchOp op, String value) {
    public Matcher {
      Objects.requireNonNull(label);
      Objects.requireNonNull(op);
      Objects.requireNonNull(value);
    }

    /** Whether a series whose label has this value (empty when absent) matches. */
    public boolean matches(String labelValue) {
      return switch (op) {
        case EQUAL -> value.equals(labelValue);
        case NOT_EQUAL -> !value.equals(labelValue);
        case REGEX -> RegexMatch.fullMatch(value, labelValue);
        case NOT_REGEX -> !RegexMatch.fullMatch(value, labelValue);
      };
    }
  }

  /** Label matching operators. */
  enum MatchOp {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String symbol;

    MatchOp(String symbol) {
      this.symbol = symbol;
    }

    /** The operator as written. */
    public String symbol() {
      return symbol;
    }
  }

  /**
   * An instant vector selector: {@code name{matchers}}. The metric name, when written before the
   * braces, is {@code name}; a {@code __name__} matcher in the braces stays a matcher.
   */
  record VectorSelector(String name, List<Matcher> matchers, Modifiers modifiers) implements Expr {
    public VectorSelector {
      matchers = List.copyOf(matchers);
    }

    @Override
    public ValueType type() {
      return ValueType.VECTOR;
    }

    /** The metric name the selector asks for: the name, or an equality on {@code __name__}. */
    public String metricName() {
      if (name != null) {
        return name;
      }
      for (Matcher m : matchers) {
        if (m.label().equals("__name__") && m.op() == MatchOp.EQUAL) {
          return m.value();
        }
      }
      return null;
    }
  }

  /** A range vector selector: {@code selector[range]}. */
  record MatrixSelector(VectorSelector selector, long rangeMillis) implements Expr {
    @Override
    public ValueType type() {
      return ValueType.MATRIX;
    }
  }

  /** A subquery: {@code expr[range:step]}; step 0 means the default resolution. */
  record Subquery(Expr expr, long rangeMillis, long stepMillis, Modifiers modifiers)
      implements Expr {
    @Override
    public ValueType type() {
      return ValueType.MATRIX;
    }
  }

  /** A function call. */
  record Call(Functions.Function function, List<Expr> args) implements Expr {
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public ValueType type() {
      return function.returns();
    }
  }

  /** An aggregation such as {@code sum by (job) (x)}; param is set for topk, quantile and kin. */
  record Aggregate(String op, Expr param, Expr expr, List<String> grouping, boolean without)
      implements Expr {
    public Aggregate {
      grouping = List.copyOf(grouping);
    }

    @Override
    public ValueType type() {
      return ValueType.VECTOR;
    }
  }

  /** How a binary operation between vectors pairs series: on/ignoring and group_left/right. */
  record VectorMatching(boolean on, List<String> labels, Grouping grouping, List<String> include) {
    public VectorMatching {
      labels = List.copyOf(labels);
      include = List.copyOf(include);
    }
  }

  /** The side that may have many series per match. */
  enum Grouping {
    ONE_TO_ONE,
    LEFT,
    RIGHT
  }

  /** A binary operation; matching is null when neither side is a vector or none was written. */
  record Binary(BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching)
      implements Expr {
    @Override
    public ValueType type() {
      return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR
          ? ValueType.SCALAR
          : ValueType.VECTOR;
    }
  }

  /** A unary minus or plus on a non-literal. */
  record Unary(char op, Expr expr) implements Expr {
    @Override
    public ValueType type() {
      return expr.type();
    }
  }

  /** Parentheses, kept so that the expression prints as written. */
  record Paren(Expr expr) implements Expr {
    @Override
    public ValueType type() {
      return expr.type();
    }
  }
}
