package io.metricgen.engine.promql.eval;

import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Expr.Call;
import io.metricgen.engine.promql.Expr.MatrixSelector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * For learners: how each range function of a query computed its value for one series at one time,
 * in plain words: the samples it read and the arithmetic ({@code rate}'s reset corrections and
 * extrapolation to the window's edges).
 */
public final class Explain {

  private Explain() {}

  /** The explanation of every range function over a selector in {@code query}, at {@code time}. */
  public static String explain(QueryEngine engine, String query, long timeMillis) {
    Expr expr = QueryEngine.parse(query);
    StringBuilder out = new StringBuilder();
    List<Call> calls = new ArrayList<>();
    collect(expr, calls);
    if (calls.isEmpty()) {
      return "explain: the query reads no range vector selector (like rate(x[5m])); nothing to"
          + " explain\n";
    }
    Evaluator.Context context =
        new Evaluator.Context(timeMillis, timeMillis, engine.subqueryStepMillis(), 50_000_000);
    Evaluator ev = new Evaluator(engine.storage(), timeMillis, timeMillis, 1, context);
    for (Call c : calls) {
      int m = 0;
      while (!(Evaluator.unwrap(c.args().get(m)) instanceof MatrixSelector)) {
        m++;
      }
      MatrixSelector ms = (MatrixSelector) Evaluator.unwrap(c.args().get(m));
      out.append("explain ")
          .append(c.print())
          .append(" at ")
          .append(Instant.ofEpochMilli(timeMillis));
      out.append('\n');
      Window w = null;
      for (Window candidate : Window.of(ev, ms)) {
        candidate.slide(timeMillis);
        if (candidate.size() > 0) {
          w = candidate;
          break;
        }
      }
      if (w == null) {
        out.append("  no series of ")
            .append(ms.selector().print())
            .append(" has a sample in the window, so the function gives nothing here\n");
        continue;
      }
      explainWindow(out, c, w, ms.rangeMillis() / 1000.0, ev, timeMillis);
    }
    return out.toString();
  }

  private static void collect(Expr e, List<Call> out) {
    if (e instanceof Call c) {
      for (Expr a : c.args()) {
        if (Evaluator.unwrap(a) instanceof MatrixSelector) {
          out.add(c);
          break;
        }
      }
    }
    for (Expr child : children(e)) {
      collect(child, out);
    }
  }

  private static List<Expr> children(Expr e) {
    if (e instanceof Call c) {
      return c.args();
    }
    if (e instanceof Expr.Aggregate a) {
      return a.param() == null ? List.of(a.expr()) : List.of(a.param(), a.expr());
    }
    if (e instanceof Expr.Binary b) {
      return List.of(b.lhs(), b.rhs());
    }
    if (e instanceof Expr.Unary u) {
      return List.of(u.expr());
    }
    if (e instanceof Expr.Paren p) {
      return List.of(p.expr());
    }
    if (e instanceof Expr.Subquery s) {
      return List.of(s.expr());
    }
    return List.of();
  }

  private static void explainWindow(
      StringBuilder out, Call c, Window w, double rangeSeconds, Evaluator ev, long time) {
    String name = c.function().name();
    out.append("  series ").append(w.labels).append('\n');
    out.append("  window [")
        .append(Instant.ofEpochMilli(w.mint))
        .append(", ")
        .append(Instant.ofEpochMilli(w.maxt))
        .append("], both ends included; ")
        .append(w.size())
        .append(w.size() == 1 ? " sample" : " samples")
        .append(" in it:\n");
    for (int i = w.lo; i < w.hi; i++) {
      out.append("    ")
          .append(Instant.ofEpochMilli(w.t[i]))
          .append("  ")
          .append(w.h != null && w.h[i] != null ? "histogram count " + n(w.h[i].count) : n(w.v[i]))
          .append('\n');
    }
    boolean floats = w.h == null || w.h[w.lo] == null;
    if (floats && (name.equals("rate") || name.equals("increase") || name.equals("delta"))) {
      explainRate(out, name, w, rangeSeconds);
    }
    RangeFunctions.Result r = new RangeFunctions.Result();
    double[] params = new double[c.args().size()];
    for (int j = 0; j < c.args().size(); j++) {
      Expr a = Evaluator.unwrap(c.args().get(j));
      if (a instanceof Expr.NumberLiteral num) {
        params[j] = num.value();
      }
    }
    try {
      RangeFunctions.apply(name, w, params, rangeSeconds, time, r);
    } catch (QueryException e) {
      out.append("  ").append(e.getMessage()).append('\n');
      return;
    }
    if (!r.present) {
      out.append("  ").append(name).append("() needs at least two samples: no value here\n");
    } else if (r.histogram != null) {
      out.append("  result: a histogram of count ").append(n(r.histogram.count)).append('\n');
    } else {
      out.append("  result: ").append(n(r.value)).append('\n');
    }
  }

  private static void explainRate(StringBuilder out, String name, Window w, double rangeSeconds) {
    int lo = w.lo;
    int hi = w.hi;
    if (hi - lo < 2) {
      return;
    }
    boolean counter = !name.equals("delta");
    double raw = w.v[hi - 1] - w.v[lo];
    out.append("  last − first = ")
        .append(n(w.v[hi - 1]))
        .append(" − ")
        .append(n(w.v[lo]))
        .append(" = ")
        .append(n(raw))
        .append('\n');
    double result = raw;
    if (counter) {
      double prev = w.v[lo];
      for (int i = lo + 1; i < hi; i++) {
        if (w.v[i] < prev) {
          out.append("  counter reset at ")
              .append(Instant.ofEpochMilli(w.t[i]))
              .append(" (")
              .append(n(prev))
              .append(" → ")
              .append(n(w.v[i]))
              .append("): add back ")
              .append(n(prev))
              .append('\n');
          result += prev;
        }
        prev = w.v[i];
      }
    }
    double toStart = (w.t[lo] - w.mint) / 1000.0;
    double toEnd = (w.maxt - w.t[hi - 1]) / 1000.0;
    double sampled = (w.t[hi - 1] - w.t[lo]) / 1000.0;
    double avg = sampled / (hi - lo - 1);
    out.append("  increase seen: ")
        .append(n(result))
        .append(" over ")
        .append(n(sampled))
        .append("s between the first and last sample (")
        .append(n(avg))
        .append("s apart on average)\n");
    if (counter && result > 0 && w.v[lo] >= 0) {
      double toZero = sampled * (w.v[lo] / result);
      if (toZero < toStart) {
        out.append("  a counter can't go below 0: it reached 0 ")
            .append(n(toZero))
            .append("s before the first sample, so extrapolate back only that far\n");
        toStart = toZero;
      }
    }
    double threshold = avg * 1.1;
    Edge start =
        Edge.of(
            toStart,
            threshold,
            avg,
            "back to the window's start",
            "the first sample is "
                + n(toStart)
                + "s from the window's start (over 1.1 × the"
                + " average gap)");
    Edge end =
        Edge.of(
            toEnd,
            threshold,
            avg,
            "on to the window's end",
            "the last sample is " + n(toEnd) + "s before the window's end");
    double extended = sampled + start.seconds() + end.seconds();
    out.append("  ").append(start.words()).append("; ").append(end.words()).append('\n');
    double factor = extended / sampled;
    out.append("  extrapolated: ")
        .append(n(result))
        .append(" × ")
        .append(n(extended))
        .append("s / ")
        .append(n(sampled))
        .append("s = ")
        .append(n(result * factor))
        .append('\n');
    if (name.equals("rate")) {
      out.append("  per second: ")
          .append(n(result * factor))
          .append(" / ")
          .append(n(rangeSeconds))
          .append("s (the range) = ")
          .append(n(result * factor / rangeSeconds))
          .append('\n');
    }
  }

  /** How far rate() extends one edge of its window, and the words that say why. */
  private record Edge(double seconds, String words) {
    static Edge of(double gap, double threshold, double avg, String toEdge, String farWords) {
      if (gap < threshold) {
        return new Edge(gap, "extend " + n(gap) + "s " + toEdge);
      }
      return new Edge(avg / 2, farWords + ", so extend only half a gap, " + n(avg / 2) + "s");
    }
  }

  private static String n(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
  }
}
