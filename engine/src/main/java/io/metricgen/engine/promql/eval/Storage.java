package io.metricgen.engine.promql.eval;

import io.metricgen.engine.promql.Expr;
import java.util.List;

/** Where a query's series come from: what Prometheus's TSDB is to its engine. */
public interface Storage {

  /**
   * The series that every matcher matches, with their samples in [mint, maxt] (staleness markers
   * included), sorted by labels.
   */
  List<StoredSeries> select(List<Expr.Matcher> matchers, long mint, long maxt);

  /**
   * One series' samples, ascending by time. A sample is a float ({@code histograms[i] == null}) or
   * a native histogram; a float may be Prometheus's staleness marker ({@link #isStale(double)}).
   */
  record StoredSeries(
      SeriesLabels labels, long[] times, double[] values, FloatHistogram[] histograms, int size) {}

  /** Prometheus's staleness marker, a NaN with its own bits. */
  long STALE_NAN_BITS = 0x7ff0_0000_0000_0002L;

  static boolean isStale(double v) {
    return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
  }
}
