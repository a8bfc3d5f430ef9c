package io.metricgen.engine.promql.eval;

/** One element of an instant vector at one step: labels, time, a float or a histogram. */
record Sample(SeriesLabels labels, long t, double v, FloatHistogram h) {

  Sample withValue(SeriesLabels l, double value) {
    return new Sample(l, t, value, null);
  }
}
