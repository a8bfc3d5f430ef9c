package io.metricgen.engine.promql.eval;

import io.metricgen.engine.promql.Expr.MatrixSelector;
import io.metricgen.engine.promql.Expr.Subquery;
import java.util.ArrayList;
import java.util.List;

/**
 * One series seen through a range selector: the points in [ref − range, ref] at each step, where
 * ref is the step's time (or the @ time) less the offset; both ends included, staleness markers
 * left out, as Prometheus 2.x selects them.
 */
final class Window {
  final SeriesLabels labels;
  final long[] t;
  final double[] v;
  final FloatHistogram[] h;
  final int n;
  private final long range;
  private final long offset;
  private final Long at;
  int lo;
  int hi;
  long mint;
  long maxt;

  private Window(
      SeriesLabels labels,
      long[] t,
      double[] v,
      FloatHistogram[] h,
      int n,
      long range,
      long offset,
      Long at) {
    this.labels = labels;
    this.t = t;
    this.v = v;
    this.h = h;
    this.n = n;
    this.range = range;
    this.offset = offset;
    this.at = at;
  }

  /** Moves the window to a step; the points are then [lo, hi). Steps must ascend. */
  void slide(long ts) {
    maxt = (at != null ? at : ts) - offset;
    mint = maxt - range;
    while (hi < n && t[hi] <= maxt) {
      hi++;
    }
    while (lo < hi && t[lo] < mint) {
      lo++;
    }
  }

  int size() {
    return hi - lo;
  }

  static List<Window> of(Evaluator ev, MatrixSelector ms) {
    var vs = ms.selector();
    long offset = vs.modifiers().offsetMillis();
    Long at = ev.at(vs.modifiers());
    long first = (at != null ? at : ev.start) - offset;
    long last = (at != null ? at : ev.end) - offset;
    List<Window> out = new ArrayList<>();
    for (Storage.StoredSeries s :
        ev.storage.select(Evaluator.matchers(vs), first - ms.rangeMillis(), last)) {
      long[] t = new long[s.size()];
      double[] v = new double[s.size()];
      FloatHistogram[] h = s.histograms() == null ? null : new FloatHistogram[s.size()];
      int n = 0;
      for (int i = 0; i < s.size(); i++) {
        FloatHistogram x = h == null ? null : s.histograms()[i];
        if (x == null && Storage.isStale(s.values()[i])) {
          continue;
        }
        t[n] = s.times()[i];
        v[n] = s.values()[i];
        if (h != null) {
          h[n] = x;
        }
        n++;
      }
      ev.context.count(n);
      out.add(new Window(s.labels(), t, v, h, n, ms.rangeMillis(), offset, at));
    }
    return out;
  }

  static List<Window> of(Evaluator ev, Subquery sq) {
    Long at = ev.at(sq.modifiers());
    List<Window> out = new ArrayList<>();
    for (RangeSeries s : ev.subquery(sq)) {
      Points p = s.points;
      out.add(
          new Window(
              s.labels, p.t, p.v, p.h, p.n, sq.rangeMillis(), sq.modifiers().offsetMillis(), at));
    }
    return out;
  }
}
