package io.metricgen.engine.promql.eval;

/** One element of an instant vector at one step: labels, time, a float or a histogram. */
record Sample(SeriesLabels labels, long t, double v, FloatHistogram h) {}
