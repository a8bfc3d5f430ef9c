package io.metricgen.engine.promql.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The plain aggregations (sum, avg, min, max, count, group, stddev, stdvar) of a range query,
 * series by series instead of step by step: the same additions in the same order per group and
 * step, so the same bits as Prometheus's step-by-step loop, without building a vector per step.
 */
final class SeriesMajor {

  static final Set<String> OPS =
      Set.of("sum", "avg", "min", "max", "count", "group", "stddev", "stdvar");

  private SeriesMajor() {}

  private static final class Acc {
    final SeriesLabels labels;
    final double[] value;
    final double[] mean;
    final int[] count;

    Acc(SeriesLabels labels, int steps) {
      this.labels = labels;
      value = new double[steps];
      mean = new double[steps];
      count = new int[steps];
    }
  }

  static List<RangeSeries> aggregate(
      Evaluator ev,
      String op,
      List<String> grouping,
      boolean without,
      List<RangeSeries> in,
      Aggregations.Grouper grouper) {
    int steps = ev.steps();
    List<Acc> accs = new ArrayList<>();
    for (RangeSeries s : in) {
      int id = grouper.id(s.labels, grouping, without);
      if (id == accs.size()) {
        accs.add(new Acc(Aggregations.groupLabels(s.labels, grouping, without), steps));
      }
      Acc a = accs.get(id);
      Points p = s.points;
      for (int i = 0; i < p.n; i++) {
        int k = (int) ((p.t[i] - ev.start) / ev.interval);
        add(op, a, k, p.v[i]);
      }
    }
    List<RangeSeries> out = new ArrayList<>(accs.size());
    for (Acc a : accs) {
      Points p = new Points(Math.min(steps, 64));
      for (int k = 0; k < steps; k++) {
        if (a.count[k] == 0) {
          continue;
        }
        double v =
            switch (op) {
              case "avg" -> a.mean[k];
              case "count" -> a.count[k];
              case "stdvar" -> a.value[k] / a.count[k];
              case "stddev" -> Math.sqrt(a.value[k] / a.count[k]);
              default -> a.value[k];
            };
        p.add(ev.start + k * ev.interval, v, null);
      }
      ev.context.count(p.n);
      out.add(new RangeSeries(a.labels, p));
    }
    return out;
  }

  private static void add(String op, Acc a, int k, double v) {
    int n = ++a.count[k];
    if (n == 1) {
      a.mean[k] = v;
      a.value[k] =
          switch (op) {
            case "stddev", "stdvar" -> 0;
            case "group" -> 1;
            default -> v;
          };
      return;
    }
    switch (op) {
      case "sum" -> a.value[k] += v;
      case "avg" -> {
        double mean = a.mean[k];
        if (Double.isInfinite(mean)) {
          if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
            return;
          }
          if (!Double.isInfinite(v) && !Double.isNaN(v)) {
            return;
          }
        }
        a.mean[k] = mean + (v / n - mean / n);
      }
      case "max" -> {
        if (a.value[k] < v || Double.isNaN(a.value[k])) {
          a.value[k] = v;
        }
      }
      case "min" -> {
        if (a.value[k] > v || Double.isNaN(a.value[k])) {
          a.value[k] = v;
        }
      }
      case "stddev", "stdvar" -> {
        double delta = v - a.mean[k];
        a.mean[k] += delta / n;
        a.value[k] += delta * (v - a.mean[k]);
      }
      default -> {}
    }
  }
}
