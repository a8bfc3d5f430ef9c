package io.metricgen.engine.promql.eval;

/** One series of a result: its labels and points. */
public final class RangeSeries {
  final SeriesLabels labels;
  final Points points;

  RangeSeries(SeriesLabels labels, Points points) {
    this.labels = labels;
    this.points = points;
  }

  public SeriesLabels labels() {
    return labels;
  }

  public int size() {
    return points.n;
  }

  public long time(int i) {
    return points.t[i];
  }

  public double value(int i) {
    return points.v[i];
  }

  /** The histogram of point i, or null for a float. */
  public FloatHistogram histogram(int i) {
    return points.h(i);
  }
}
