package io.metricgen.engine.scaffold;

import io.metricgen.engine.promql.BinaryOp;
import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Expr.Aggregate;
import io.metricgen.engine.promql.Expr.Binary;
import io.metricgen.engine.promql.Expr.Call;
import io.metricgen.engine.promql.Expr.Grouping;
import io.metricgen.engine.promql.Expr.MatchOp;
import io.metricgen.engine.promql.Expr.Matcher;
import io.metricgen.engine.promql.Expr.MatrixSelector;
import io.metricgen.engine.promql.Expr.NumberLiteral;
import io.metricgen.engine.promql.Expr.Paren;
import io.metricgen.engine.promql.Expr.StringLiteral;
import io.metricgen.engine.promql.Expr.Subquery;
import io.metricgen.engine.promql.Expr.Unary;
import io.metricgen.engine.promql.Expr.VectorSelector;
import io.metricgen.engine.promql.ValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a parsed query and tells what each metric selector in it needs in order to return data: the
 * functions around it (rate means a counter), the labels that groupings, joins and label_replace
 * read, extra regex conditions, comparisons with a number that filter its values, and which
 * selectors must carry the same labels for a binary operation to find pairs.
 */
final class QueryWalker {

  /** Receives what the walk finds; every callback but the first may be ignored. */
  interface Sink {
    void selector(VectorSelector selector, Context context);

    /** The selectors of both sides must carry the same labels, except the ignored ones. */
    default void sameLabels(
        List<VectorSelector> left, List<VectorSelector> right, Set<String> ignoring) {}

    /**
     * A binary operation matches the series of the two sides on these labels (null: on all the
     * labels they share): their values must meet.
     */
    default void joined(List<VectorSelector> left, List<VectorSelector> right, Set<String> on) {}

    /** These selectors are the one side of a join: one series per value of the on() labels. */
    default void oneSide(List<Reached> selectors, Set<String> on) {}

    /**
     * The selectors' series go through {@code label_replace(_, dst, replacement, src, regex)}:
     * their src values must match the regex, and should give the dst values that joins look for.
     */
    default void relabeled(
        List<VectorSelector> selectors, String dst, String replacement, String src, String regex) {}

    /** These selectors must have one value of each label: the query overwrites or joins on it. */
    default void singleValued(List<Reached> selectors, Set<String> labels) {}

    /** The selector is compared with a number: {@code selector op value}. */
    default void compared(VectorSelector selector, BinaryOp op, double value) {}
  }

  /**
   * A selector whose series reach an expression's result, with the labels an aggregation on the way
   * keeps ({@code by (a, b)}), or null when all of them reach it.
   */
  record Reached(VectorSelector selector, Set<String> kept) {}

  /** What surrounds a selector. */
  record Context(Set<String> functions, Set<String> labels, List<Matcher> conditions) {
    static final Context ROOT = new Context(Set.of(), Set.of(), List.of());

    Context function(String name) {
      Set<String> f = new HashSet<>(functions);
      f.add(name);
      return new Context(Set.copyOf(f), labels, conditions);
    }

    Context labels(List<String> more) {
      Set<String> l = new HashSet<>(labels);
      l.addAll(more);
      return new Context(functions, Set.copyOf(l), conditions);
    }

    /** Without a label that something above the selectors writes, and conditions on it. */
    Context withoutLabel(String label) {
      Set<String> l = new HashSet<>(labels);
      l.remove(label);
      List<Matcher> c = new ArrayList<>(conditions);
      c.removeIf(m -> m.label().equals(label));
      return new Context(functions, Set.copyOf(l), List.copyOf(c));
    }

    /** Without the histogram functions above: the selectors below are not what they read. */
    Context withoutHistogramFunctions() {
      Set<String> f = new HashSet<>(functions);
      f.removeIf(name -> name.startsWith("histogram_"));
      return new Context(Set.copyOf(f), labels, conditions);
    }

    Context withoutLabels(List<String> names) {
      Context out = this;
      for (String name : names) {
        out = out.withoutLabel(name);
      }
      return out;
    }

    /** A matcher the selectors below must also meet (their label is then required too). */
    Context condition(Matcher m) {
      List<Matcher> c = new ArrayList<>(conditions);
      c.add(m);
      return new Context(functions, labels, List.copyOf(c));
    }
  }

  private final Sink sink;

  QueryWalker(Sink sink) {
    this.sink = sink;
  }

  void walk(Expr e) {
    walk(e, Context.ROOT);
  }

  private void walk(Expr e, Context ctx) {
    if (e instanceof VectorSelector v) {
      sink.selector(v, ctx);
    } else if (e instanceof MatrixSelector m) {
      sink.selector(m.selector(), ctx);
    } else if (e instanceof Subquery s) {
      walk(s.expr(), ctx);
    } else if (e instanceof Paren p) {
      walk(p.expr(), ctx);
    } else if (e instanceof Unary u) {
      walk(u.expr(), ctx);
    } else if (e instanceof Call c) {
      call(c, ctx);
    } else if (e instanceof Aggregate a) {
      Context inner = ctx.function(a.op());
      if (!a.without()) {
        inner = inner.labels(a.grouping());
      }
      if (a.param() != null) {
        walk(a.param(), ctx);
      }
      walk(a.expr(), inner);
    } else if (e instanceof Binary b) {
      binary(b, ctx);
    }
  }

  private void call(Call c, Context ctx) {
    String name = c.function().name();
    Context inner = ctx.function(name);
    List<Expr> args = c.args();
    if (name.equals("label_replace")
        && args.size() == 5
        && args.get(1) instanceof StringLiteral dst
        && args.get(3) instanceof StringLiteral src
        && args.get(4) instanceof StringLiteral regex) {
      // The label it writes comes from the source label, not from the series; series that differ
      // only in it would collide.
      if (!dst.value().equals(src.value())) {
        inner = inner.withoutLabel(dst.value());
        sink.singleValued(reachable(args.get(0)), Set.of(dst.value()));
      }
      if (!src.value().isEmpty()) {
        inner = inner.condition(new Matcher(src.value(), MatchOp.REGEX, regex.value()));
        if (args.get(2) instanceof StringLiteral replacement) {
          sink.relabeled(
              reachable(args.get(0)).stream().map(Reached::selector).toList(),
              dst.value(),
              replacement.value(),
              src.value(),
              regex.value());
        }
      }
    }
    if (name.equals("label_join")) {
      List<String> sources = new ArrayList<>();
      for (int k = 3; k < args.size(); k++) {
        if (args.get(k) instanceof StringLiteral s && !s.value().isEmpty()) {
          sources.add(s.value());
        }
      }
      inner = inner.labels(sources);
    }
    for (Expr arg : args) {
      walk(arg, arg.type() == ValueType.SCALAR ? ctx : inner);
    }
  }

  private void binary(Binary b, Context ctx) {
    Expr.VectorMatching m = b.matching();
    Context left = ctx.function(b.op().symbol());
    Context right = left;
    if (m != null && m.on()) {
      left = left.labels(m.labels());
      right = right.labels(m.labels());
    }
    // group_left(x) takes x from the right side, the one; the left side's x is overwritten. The
    // one side only adds labels: a histogram function above reads the many side, not it.
    if (m != null && m.grouping() == Grouping.LEFT) {
      left = left.withoutLabels(m.include());
      right = right.labels(m.include()).withoutHistogramFunctions();
      sink.singleValued(reachable(b.lhs()), Set.copyOf(m.include()));
    } else if (m != null && m.grouping() == Grouping.RIGHT) {
      right = right.withoutLabels(m.include());
      left = left.labels(m.include()).withoutHistogramFunctions();
      sink.singleValued(reachable(b.rhs()), Set.copyOf(m.include()));
    }
    walk(b.lhs(), left);
    walk(b.rhs(), right);
    comparison(b);
    if (b.lhs().type() != ValueType.VECTOR || b.rhs().type() != ValueType.VECTOR) {
      return;
    }
    if (b.op() != BinaryOp.OR) {
      sink.joined(all(b.lhs()), all(b.rhs()), m != null && m.on() ? Set.copyOf(m.labels()) : null);
    }
    if (b.op() == BinaryOp.OR || b.op() == BinaryOp.UNLESS) {
      return;
    }
    if (m == null || !m.on()) {
      List<VectorSelector> l = transparent(b.lhs());
      List<VectorSelector> r = transparent(b.rhs());
      if (l != null && r != null) {
        sink.sameLabels(l, r, m == null ? Set.of() : Set.copyOf(m.labels()));
      }
      return;
    }
    if (b.op().setOperator()) {
      return;
    }
    Set<String> on = Set.copyOf(m.labels());
    if (m.grouping() != Grouping.LEFT) {
      sink.oneSide(reachable(b.lhs()), on);
    }
    if (m.grouping() != Grouping.RIGHT) {
      sink.oneSide(reachable(b.rhs()), on);
    }
  }

  /** Every selector of an expression, through aggregations too (no walk: that would recurse). */
  private static List<VectorSelector> all(Expr e) {
    return Expr.selectors(e);
  }

  /**
   * The selectors whose series reach the result with their labels: not through an aggregation that
   * keeps none of them ({@code sum(x)}), but through one that keeps some ({@code max by (instance,
   * node) (x)}), whose series are as many as the values of those labels.
   */
  private static List<Reached> reachable(Expr e) {
    List<Reached> out = new ArrayList<>();
    collectReachable(e, null, out);
    return out;
  }

  private static void collectReachable(Expr e, Set<String> kept, List<Reached> out) {
    if (e instanceof VectorSelector v) {
      out.add(new Reached(v, kept));
    } else if (e instanceof MatrixSelector m) {
      out.add(new Reached(m.selector(), kept));
    } else if (e instanceof Paren p) {
      collectReachable(p.expr(), kept, out);
    } else if (e instanceof Unary u) {
      collectReachable(u.expr(), kept, out);
    } else if (e instanceof Subquery s) {
      collectReachable(s.expr(), kept, out);
    } else if (e instanceof Call c) {
      for (Expr arg : c.args()) {
        if (arg.type() != ValueType.SCALAR) {
          collectReachable(arg, kept, out);
        }
      }
    } else if (e instanceof Binary b) {
      collectReachable(b.lhs(), kept, out);
      collectReachable(b.rhs(), kept, out);
    } else if (e instanceof Aggregate a && a.without()) {
      collectReachable(a.expr(), kept, out);
    } else if (e instanceof Aggregate a && !a.grouping().isEmpty()) {
      Set<String> by = new HashSet<>(a.grouping());
      if (kept != null) {
        by.retainAll(kept);
      }
      collectReachable(a.expr(), Set.copyOf(by), out);
    }
  }

  private void comparison(Binary b) {
    if (!b.op().comparison()) {
      return;
    }
    Expr l = filtered(b.lhs());
    Expr r = filtered(b.rhs());
    if (l instanceof VectorSelector v && r instanceof NumberLiteral n) {
      sink.compared(v, b.op(), n.value());
    } else if (r instanceof VectorSelector v && l instanceof NumberLiteral n) {
      sink.compared(v, flip(b.op()), n.value());
    }
  }

  /** The selector under parentheses and filtering comparisons, as in {@code x >= 1 < 2}. */
  private static Expr filtered(Expr e) {
    e = unwrap(e);
    while (e instanceof Binary f
        && f.op().comparison()
        && !f.returnBool()
        && unwrap(f.rhs()) instanceof NumberLiteral) {
      e = unwrap(f.lhs());
    }
    return e;
  }

  private static BinaryOp flip(BinaryOp op) {
    return switch (op) {
      case LSS -> BinaryOp.GTR;
      case GTR -> BinaryOp.LSS;
      case LTE -> BinaryOp.GTE;
      case GTE -> BinaryOp.LTE;
      default -> op;
    };
  }

  private static Expr unwrap(Expr e) {
    while (e instanceof Paren p) {
      e = p.expr();
    }
    return e;
  }

  /**
   * The selectors whose labels reach the result unchanged, or null when an aggregation (or a
   * function that sets labels) stands between: then the side's labels are not the selectors'.
   */
  private static List<VectorSelector> transparent(Expr e) {
    List<VectorSelector> out = new ArrayList<>();
    return collectTransparent(e, out) ? out : null;
  }

  private static boolean collectTransparent(Expr e, List<VectorSelector> out) {
    if (e instanceof VectorSelector v) {
      out.add(v);
      return true;
    }
    if (e instanceof MatrixSelector m) {
      out.add(m.selector());
      return true;
    }
    if (e instanceof Paren p) {
      return collectTransparent(p.expr(), out);
    }
    if (e instanceof Unary u) {
      return collectTransparent(u.expr(), out);
    }
    if (e instanceof Subquery s) {
      return collectTransparent(s.expr(), out);
    }
    if (e instanceof NumberLiteral || e instanceof StringLiteral) {
      return true;
    }
    if (e instanceof Call c) {
      String name = c.function().name();
      if (name.startsWith("label_")
          || name.equals("histogram_quantile")
          || name.equals("vector")
          || name.startsWith("absent")) {
        return false;
      }
      for (Expr arg : c.args()) {
        if (arg.type() != ValueType.SCALAR && !collectTransparent(arg, out)) {
          return false;
        }
      }
      return true;
    }
    if (e instanceof Binary b) {
      if (b.matching() != null && b.matching().grouping() != Grouping.ONE_TO_ONE) {
        return false;
      }
      return collectTransparent(b.lhs(), out) && collectTransparent(b.rhs(), out);
    }
    return false;
  }
}
