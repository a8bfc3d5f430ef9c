package io.metricgen.engine.promql;

import io.metricgen.engine.promql.Expr.Aggregate;
import io.metricgen.engine.promql.Expr.Binary;
import io.metricgen.engine.promql.Expr.Call;
import io.metricgen.engine.promql.Expr.Matcher;
import io.metricgen.engine.promql.Expr.MatrixSelector;
import io.metricgen.engine.promql.Expr.Modifiers;
import io.metricgen.engine.promql.Expr.NumberLiteral;
import io.metricgen.engine.promql.Expr.Paren;
import io.metricgen.engine.promql.Expr.StringLiteral;
import io.metricgen.engine.promql.Expr.Subquery;
import io.metricgen.engine.promql.Expr.Unary;
import io.metricgen.engine.promql.Expr.VectorMatching;
import io.metricgen.engine.promql.Expr.VectorSelector;
import io.metricgen.engine.time.Durations;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes an expression as PromQL. Parentheses the tree keeps are written; others are added only
 * where precedence needs them, so that the text parses back to the same tree.
 */
final class Printer {

  private Printer() {}

  static String print(Expr e) {
    StringBuilder out = new StringBuilder();
    write(e, out);
    return out.toString();
  }

  private static void write(Expr e, StringBuilder out) {
    if (e instanceof NumberLiteral n) {
      out.append(number(n.value()));
      return;
    }
    if (e instanceof StringLiteral s) {
      out.append(quote(s.value()));
      return;
    }
    if (e instanceof VectorSelector v) {
      selector(v, out);
      modifiers(v.modifiers(), out);
      return;
    }
    if (e instanceof MatrixSelector m) {
      selector(m.selector(), out);
      out.append('[').append(duration(m.rangeMillis())).append(']');
      modifiers(m.selector().modifiers(), out);
      return;
    }
    if (e instanceof Subquery s) {
      boolean wrap =
          !(s.expr() instanceof Call
              || s.expr() instanceof Aggregate
              || s.expr() instanceof Paren
              || (s.expr() instanceof VectorSelector v && v.modifiers().equals(Modifiers.NONE)));
      wrapped(s.expr(), wrap, out);
      out.append('[').append(duration(s.rangeMillis())).append(':');
      if (s.stepMillis() > 0) {
        out.append(duration(s.stepMillis()));
      }
      out.append(']');
      modifiers(s.modifiers(), out);
      return;
    }
    if (e instanceof Call c) {
      out.append(c.function().name()).append('(');
      args(c.args(), out);
      out.append(')');
      return;
    }
    if (e instanceof Aggregate a) {
      out.append(a.op());
      if (a.without() || !a.grouping().isEmpty()) {
        out.append(a.without() ? " without " : " by ").append(labels(a.grouping())).append(' ');
      }
      out.append('(');
      if (a.param() != null) {
        write(a.param(), out);
        out.append(", ");
      }
      write(a.expr(), out);
      out.append(')');
      return;
    }
    if (e instanceof Binary b) {
      binary(b, out);
      return;
    }
    if (e instanceof Unary u) {
      out.append(u.op());
      boolean wrap =
          (u.expr() instanceof Binary b && b.op() != BinaryOp.POW)
              || u.expr() instanceof Unary
              || negative(u.expr());
      wrapped(u.expr(), wrap, out);
      return;
    }
    if (e instanceof Paren p) {
      out.append('(');
      write(p.expr(), out);
      out.append(')');
      return;
    }
    throw new IllegalStateException("unknown node " + e);
  }

  private static void binary(Binary b, StringBuilder out) {
    BinaryOp op = b.op();
    boolean wrapLeft =
        (b.lhs() instanceof Binary l
                && (l.op().precedence() < op.precedence()
                    || (l.op().precedence() == op.precedence() && op.rightAssociative())))
            || (op == BinaryOp.POW && (b.lhs() instanceof Unary || negative(b.lhs())));
    boolean wrapRight =
        b.rhs() instanceof Binary r
            && (r.op().precedence() < op.precedence()
                || (r.op().precedence() == op.precedence() && !op.rightAssociative()));
    wrapped(b.lhs(), wrapLeft, out);
    out.append(' ').append(op.symbol());
    if (b.returnBool()) {
      out.append(" bool");
    }
    VectorMatching m = b.matching();
    if (m != null) {
      out.append(m.on() ? " on " : " ignoring ").append(labels(m.labels()));
      switch (m.grouping()) {
        case LEFT -> out.append(" group_left ").append(labels(m.include()));
        case RIGHT -> out.append(" group_right ").append(labels(m.include()));
        case ONE_TO_ONE -> {}
      }
    }
    out.append(' ');
    wrapped(b.rhs(), wrapRight, out);
  }

  private static boolean negative(Expr e) {
    return e instanceof NumberLiteral n && (n.value() < 0 || (n.value() == 0 && 1 / n.value() < 0));
  }

  private static void wrapped(Expr e, boolean wrap, StringBuilder out) {
    if (wrap) {
      out.append('(');
    }
    write(e, out);
    if (wrap) {
      out.append(')');
    }
  }

  private static void args(List<Expr> args, StringBuilder out) {
    for (int k = 0; k < args.size(); k++) {
      if (k > 0) {
        out.append(", ");
      }
      write(args.get(k), out);
    }
  }

  private static void selector(VectorSelector v, StringBuilder out) {
    boolean plainName = v.name() != null && Parser.isMetricName(v.name());
    if (plainName) {
      out.append(v.name());
    }
    if (v.matchers().isEmpty() && plainName) {
      return;
    }
    out.append('{');
    if (v.name() != null && !plainName) {
      out.append(quote(v.name()));
      if (!v.matchers().isEmpty()) {
        out.append(", ");
      }
    }
    out.append(v.matchers().stream().map(Printer::matcher).collect(Collectors.joining(", ")));
    out.append('}');
  }

  private static String matcher(Matcher m) {
    return label(m.label()) + m.op().symbol() + quote(m.value());
  }

  private static String labels(List<String> labels) {
    return labels.stream().map(Printer::label).collect(Collectors.joining(", ", "(", ")"));
  }

  private static String label(String name) {
    return Parser.isLabelName(name) && !name.isEmpty() ? name : quote(name);
  }

  private static void modifiers(Modifiers m, StringBuilder out) {
    if (m.offsetMillis() != 0) {
      out.append(" offset ").append(duration(m.offsetMillis()));
    }
    if (m.at() != null) {
      out.append(" @ ")
          .append(m.at().function() != null ? m.at().function() + "()" : number(m.at().seconds()));
    }
  }

  private static String duration(long millis) {
    return Durations.format(Duration.ofMillis(millis));
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return (v == 0 && 1 / v < 0) ? "-0" : Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** A double-quoted PromQL string that reads back as the same text. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c)
                && k + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(k + 1))) {
              out.append(c).append(s.charAt(++k));
            } else {
              out.append(String.format("\\u%04x", (int) c));
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
