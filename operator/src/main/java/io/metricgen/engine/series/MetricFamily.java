package io.metricgen.engine.series;

import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.signal.Signal;
import java.util.List;

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
    double mean) {

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
    if (value != null) {
      return new DirectCursor(value.open(s.key(), step));
    }
    return new AccumulatingCursor(this, rate.open(s.key(), 0), step);
  }

  /** Values taken as they are from a signal. */
  private static final class DirectCursor implements SeriesCursor {
    private final Signal.Cursor signal;
    private final double[] values = new double[1];

    DirectCursor(Signal.Cursor signal) {
      this.signal = signal;
    }

    @Override
    public int next() {
      double v = signal.next();
      if (io.metricgen.engine.signal.Samples.isAbsent(v)) {
        return ABSENT;
      }
      if (io.metricgen.engine.signal.Samples.isStale(v)) {
        return STALE;
      }
      values[0] = v;
      return PRESENT;
    }

    @Override
    public double[] values() {
      return values;
    }
  }
}
