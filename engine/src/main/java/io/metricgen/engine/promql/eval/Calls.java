package io.metricgen.engine.promql.eval;

import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.promql.Expr.Call;
import io.metricgen.engine.promql.Expr.MatrixSelector;
import io.metricgen.engine.promql.Expr.Subquery;
import io.metricgen.engine.promql.Expr.VectorSelector;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Function calls: those over a range vector series by series, the others step by step. */
final class Calls {

  /** The functions of Prometheus 2.42; later ones parse, but are refused here. */
  static final Set<String> SUPPORTED =
      Set.of(
          ("abs absent absent_over_time acos acosh asin asinh atan atanh avg_over_time ceil "
                  + "changes clamp clamp_max clamp_min cos cosh count_over_time days_in_month "
                  + "day_of_month day_of_week day_of_year deg delta deriv exp floor histogram_count "
                  + "histogram_fraction histogram_quantile histogram_sum holt_winters hour idelta "
                  + "increase irate label_replace label_join ln log10 log2 last_over_time "
                  + "max_over_time min_over_time minute month pi predict_linear present_over_time "
                  + "quantile_over_time rad rate resets round scalar sgn sin sinh sort sort_desc "
                  + "sqrt stddev_over_time stdvar_over_time sum_over_time tan tanh time timestamp "
                  + "vector year ")
              .trim()
              .split(" "));

  private Calls() {}

  static List<RangeSeries> eval(Evaluator ev, Call c) {
    String name = c.function().name();
    if (!SUPPORTED.contains(name)) {
      throw new Unsupported(
          "the function "
              + name
              + "() is newer than Prometheus 2.42, whose semantics metricgen"
              + " follows");
    }
    List<Expr> args = c.args();
    if (name.equals("timestamp") && Evaluator.unwrap(args.get(0)) instanceof VectorSelector vs) {
      // A selector's samples keep their own timestamps here, not the step's.
      return ev.rangeEval((v, ts) -> InstantFunctions.timestamps(ev.selectAt(vs, ts)), List.of());
    }
    int matrixArg = -1;
    for (int i = 0; i < args.size(); i++) {
      Expr a = Evaluator.unwrap(args.get(i));
      if (a instanceof MatrixSelector || a instanceof Subquery) {
        matrixArg = i;
        break;
      }
    }
    if (matrixArg < 0) {
      return ev.rangeEval((v, ts) -> InstantFunctions.apply(name, v, args, ts), args);
    }
    return overRange(ev, name, args, matrixArg);
  }

  private static List<RangeSeries> overRange(
      Evaluator ev, String name, List<Expr> args, int matrixArg) {
    Expr arg = Evaluator.unwrap(args.get(matrixArg));
    double[][] scalars = new double[args.size()][];
    for (int j = 0; j < args.size(); j++) {
      if (j != matrixArg) {
        scalars[j] = scalarSteps(ev, args.get(j));
      }
    }
    List<Window> windows =
        arg instanceof MatrixSelector ms ? Window.of(ev, ms) : Window.of(ev, (Subquery) arg);
    double rangeSeconds =
        (arg instanceof MatrixSelector ms ? ms.rangeMillis() : ((Subquery) arg).rangeMillis())
            / 1000.0;
    // Each series is its own work: on every core, the order kept.
    List<RangeSeries> out =
        windows.parallelStream()
            .map(w -> overWindow(ev, name, w, scalars, rangeSeconds))
            .filter(java.util.Objects::nonNull)
            .toList();
    if (name.equals("absent_over_time")) {
      return absentOverTime(ev, out, arg);
    }
    Evaluator.checkUniqueSeries(out);
    return out;
  }

  private static RangeSeries overWindow(
      Evaluator ev, String name, Window w, double[][] scalars, double rangeSeconds) {
    SeriesLabels labels = name.equals("last_over_time") ? w.labels : w.labels.withoutName();
    Points p = new Points(Math.min(ev.steps(), 64));
    RangeFunctions.Result r = new RangeFunctions.Result();
    double[] params = new double[scalars.length];
    int step = 0;
    for (long ts = ev.start; ts <= ev.end; ts += ev.interval, step++) {
      w.slide(ts);
      if (w.size() == 0) {
        continue;
      }
      for (int j = 0; j < scalars.length; j++) {
        if (scalars[j] != null) {
          params[j] = scalars[j][step];
        }
      }
      r.present = false;
      RangeFunctions.apply(name, w, params, rangeSeconds, ts, r);
      if (r.present) {
        p.add(ts, r.value, r.histogram);
      }
    }
    if (p.n == 0) {
      return null;
    }
    ev.context.count(p.n);
    return new RangeSeries(labels, p);
  }

  /** A scalar argument's value at every step (scalars have one). */
  private static double[] scalarSteps(Evaluator ev, Expr e) {
    List<RangeSeries> m = ev.matrix(e);
    double[] out = new double[ev.steps()];
    java.util.Arrays.fill(out, Double.NaN);
    if (!m.isEmpty()) {
      Points p = m.get(0).points;
      for (int i = 0; i < p.n; i++) {
        out[(int) ((p.t[i] - ev.start) / ev.interval)] = p.v[i];
      }
    }
    return out;
  }

  private static List<RangeSeries> absentOverTime(
      Evaluator ev, List<RangeSeries> present, Expr arg) {
    Set<Long> found = new HashSet<>();
    for (RangeSeries s : present) {
      for (int i = 0; i < s.points.n; i++) {
        found.add(s.points.t[i]);
      }
    }
    Points p = new Points(16);
    for (long ts = ev.start; ts <= ev.end; ts += ev.interval) {
      if (!found.contains(ts)) {
        p.add(ts, 1, null);
      }
    }
    if (p.n == 0) {
      return List.of();
    }
    return List.of(new RangeSeries(InstantFunctions.absentLabels(arg), p));
  }
}
