package io.metricgen.engine.series;

import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.signal.Signal;
import java.util.List;
import java.util.Map;

/**
 * A compiled metric family: its metadata, its expanded series, and how to produce their samples.
 * Immutable; cursors carry all per-series state.
 *
 * @param name the family name; a counter's has no {@code _total} (its samples add it)
 * @param value drives the samples directly (gauges, counters given as values); else null
 * @param rate per-second rate that counters, histograms and summaries accumulate; else null
 * @param resetSteps steps, ascending, at which accumulated totals return to zero
 * @param bounds histogram finite upper bounds, ascending
 * @param bucketShares the share of observations at or below each bound
 * @param quantiles summary quantiles
 * @param quantileValues the observation value at each quantile
 * @param mean the mean observation, which with the count gives the sum
 * @param scale a factor on every observation that changes over time, or null when none does
 * @param nativeLayout a histogram's native buckets, or null when it is classic only
 * @param exemplars when a counter's or histogram's series record exemplars, or null
 * @param overrides for each series (by key) that follows its own shapes, the override it follows
 */
public record MetricFamily(
    String name,
    MetricType type,
    String help,
    String unit,
    List<Series> series,
    long intervalMillis,
    Signal value,
    Signal rate,
    long[] resetSteps,
    double[] bounds,
    double[] bucketShares,
    double[] quantiles,
    double[] quantileValues,
    double mean,
    ObservationScale scale,
    NativeLayout nativeLayout,
    ExemplarPlan exemplars,
    Map<Long, SeriesOverride> overrides) {

  /** How many numbers one sample of this family holds (see {@link SeriesCursor}). */
  public int width() {
    return switch (type) {
      case GAUGE, COUNTER -> 1;
      case HISTOGRAM -> bounds.length + 3;
      case SUMMARY -> quantiles.length + 2;
    };
  }

  /** A cursor whose first {@link SeriesCursor#next()} gives the sample at {@code step}. */
  public SeriesCursor cursor(Series s, long step) {
    SeriesOverride o = overrides.isEmpty() ? null : overrides.get(s.key());
    Signal value = o != null && o.value() != null ? o.value() : this.value;
    if (value != null) {
      if (exemplars == null) {
        return new DirectCursor(value.open(s.key(), step), step, null);
      }
      // An exemplar measures the rise since the last sample, whenever that was, and the latest
      // one may be from before step: replay from 0, as accumulating cursors do.
      DirectCursor cursor =
          new DirectCursor(value.open(s.key(), 0), 0, new ExemplarRecorder(exemplars, s.key()));
      for (long k = 0; k < step; k++) {
        cursor.next();
      }
      return cursor;
    }
    Signal rate = o != null && o.rate() != null ? o.rate() : this.rate;
    long[] resets = o != null && o.resetSteps() != null ? o.resetSteps() : resetSteps;
    ObservationScale scale = o != null && o.scale() != null ? o.scale() : this.scale;
    return new AccumulatingCursor(this, rate.open(s.key(), 0), resets, scale, s.key(), step);
  }

  /**
   * Whether formats that carry native histograms get classic buckets for this family: always unless
   * it is a native-only histogram.
   */
  public boolean classicWhereNative() {
    return nativeLayout == null || nativeLayout.withClassic();
  }

  /** Values taken as they are from a signal. */
  private static final class DirectCursor implements SeriesCursor {
    private final Signal.Cursor signal;
    private final double[] values = new double[1];
    private final ExemplarRecorder exemplars;
    private long step;
    private double last = Double.NaN;

    DirectCursor(Signal.Cursor signal, long step, ExemplarRecorder exemplars) {
      this.signal = signal;
      this.step = step;
      this.exemplars = exemplars;
    }

    @Override
    public int next() {
      double v = signal.next();
      long k = step++;
      if (io.metricgen.engine.signal.Samples.isAbsent(v)) {
        return ABSENT;
      }
      if (io.metricgen.engine.signal.Samples.isStale(v)) {
        return STALE;
      }
      if (exemplars != null && v > last) {
        exemplars.counted(k, 0, v - last);
      }
      last = v;
      values[0] = v;
      return PRESENT;
    }

    @Override
    public double[] values() {
      return values;
    }

    @Override
    public ExemplarPlan.Exemplar exemplar() {
      return exemplars == null ? null : exemplars.latest();
    }
  }
}
