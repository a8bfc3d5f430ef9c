package io.metricgen.engine.series;

/**
 * The samples of one series, step after step. Gauges and counters fill {@code values()[0]};
 * histograms fill the cumulative bucket counts (the last one +Inf), then the count and the sum;
 * summaries fill the quantile values, then the count and the sum.
 */
public interface SeriesCursor {

  /** The step has a sample; {@link #values()} holds it. */
  int PRESENT = 0;

  /** The step has no sample. */
  int ABSENT = 1;

  /** The step carries a staleness marker. */
  int STALE = 2;

  /** Advances one step and says whether it has a sample. */
  int next();

  /** The sample of the last step; the array is reused, read it before the next call. */
  double[] values();

  /**
   * The native histogram of the last step, when the family has one and the step a sample; else
   * null. Reused, like {@link #values()}.
   */
  default NativeSample nativeSample() {
    return null;
  }

  /**
   * The latest exemplar the series recorded at or before the last step, or null; its {@link
   * ExemplarPlan.Exemplar#step()} tells whether the last step recorded it. Reused.
   */
  default ExemplarPlan.Exemplar exemplar() {
    return null;
  }
}
