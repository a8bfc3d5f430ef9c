package io.metricgen.engine.series;

import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.signal.Signal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled metric family: its metadata, its expanded series, and how to produce their samples.
 * Immutable; cursors carry all per-series state. What only one type has is in that type's own
 * record: {@link Histogram} for histograms, {@link Summary} for summaries.
 *
 * @param name the family name; a counter's has no {@code _total} (its samples add it)
 * @param value drives the samples directly (gauges, counters given as values); else null
 * @param rate per-second rate that counters, histograms and summaries accumulate; else null
 * @param resetSteps steps, ascending, at which accumulated totals return to zero
 * @param histogram a histogram's buckets and observations; null for other types
 * @param summary a summary's quantiles and observations; null for other types
 * @param exemplars when a counter's or histogram's series record exemplars, or null
 * @param overrides for each series (by key) that follows its own shapes, the override it follows
 * @param definition what drives the family's samples, as text: two families whose series have equal
 *     {@link #definitionOf definitions} and keys produce the same samples (names, help, unit and
 *     labels are not part of it)
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
    Histogram histogram,
    Summary summary,
    ExemplarPlan exemplars,
    Map<Long, SeriesOverride> overrides,
    String definition) {

  private static final double[] NONE = new double[0];

  public MetricFamily {
    if ((histogram != null) != (type == MetricType.HISTOGRAM)
        || (summary != null) != (type == MetricType.SUMMARY)) {
      throw new IllegalArgumentException("a " + type + " with the parts of another type");
    }
  }

  /**
   * What a histogram observes.
   *
   * @param bounds finite upper bounds, ascending
   * @param bucketShares the share of observations at or below each bound
   * @param mean the mean observation, which with the count gives the sum
   * @param scale a factor on every observation that changes over time, or null when none does
   * @param nativeLayout its native buckets, or null when it is classic only
   * @param observations the distribution the shares and mean come from, which an incident's scale
   *     reads (not compared: the shares and mean say what it is)
   */
  public record Histogram(
      double[] bounds,
      double[] bucketShares,
      double mean,
      ObservationScale scale,
      NativeLayout nativeLayout,
      Observations observations) {

    @Override
    public boolean equals(Object o) {
      return o instanceof Histogram h
          && Arrays.equals(bounds, h.bounds)
          && Arrays.equals(bucketShares, h.bucketShares)
          && Double.compare(mean, h.mean) == 0
          && Objects.equals(scale, h.scale)
          && Objects.equals(nativeLayout, h.nativeLayout);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          Arrays.hashCode(bounds), Arrays.hashCode(bucketShares), mean, scale, nativeLayout);
    }

    @Override
    public String toString() {
      return "Histogram[bounds="
          + Arrays.toString(bounds)
          + ", bucketShares="
          + Arrays.toString(bucketShares)
          + ", mean="
          + mean
          + ", scale="
          + scale
          + ", nativeLayout="
          + nativeLayout
          + "]";
    }
  }

  /**
   * What a summary observes.
   *
   * @param quantiles its quantiles
   * @param quantileValues the observation value at each quantile
   * @param mean the mean observation, which with the count gives the sum
   * @param scale a factor on every observation that changes over time, or null when none does
   */
  public record Summary(
      double[] quantiles, double[] quantileValues, double mean, ObservationScale scale) {

    @Override
    public boolean equals(Object o) {
      return o instanceof Summary s
          && Arrays.equals(quantiles, s.quantiles)
          && Arrays.equals(quantileValues, s.quantileValues)
          && Double.compare(mean, s.mean) == 0
          && Objects.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(quantiles), Arrays.hashCode(quantileValues), mean, scale);
    }

    @Override
    public String toString() {
      return "Summary[quantiles="
          + Arrays.toString(quantiles)
          + ", quantileValues="
          + Arrays.toString(quantileValues)
          + ", mean="
          + mean
          + ", scale="
          + scale
          + "]";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricFamily f
        && name.equals(f.name)
        && type == f.type
        && Objects.equals(help, f.help)
        && Objects.equals(unit, f.unit)
        && series.equals(f.series)
        && intervalMillis == f.intervalMillis
        && Objects.equals(value, f.value)
        && Objects.equals(rate, f.rate)
        && Arrays.equals(resetSteps, f.resetSteps)
        && Objects.equals(histogram, f.histogram)
        && Objects.equals(summary, f.summary)
        && Objects.equals(exemplars, f.exemplars)
        && overrides.equals(f.overrides)
        && Objects.equals(definition, f.definition);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, series, Arrays.hashCode(resetSteps), histogram, summary);
  }

  /**
   * What drives the samples of {@code s}, a series of this family: the family's definition and that
   * of the override it follows. A live edit keeps a series running as it is when this and its key
   * are unchanged.
   */
  public String definitionOf(Series s) {
    SeriesOverride o = overrides.isEmpty() ? null : overrides.get(s.key());
    return o == null ? definition : definition + "\n" + o.definition();
  }

  /** A histogram's finite bucket bounds; none for other types. */
  public double[] bounds() {
    return histogram == null ? NONE : histogram.bounds();
  }

  /** A histogram's share of observations at or below each bound; none for other types. */
  public double[] bucketShares() {
    return histogram == null ? NONE : histogram.bucketShares();
  }

  /** A summary's quantiles; none for other types. */
  public double[] quantiles() {
    return summary == null ? NONE : summary.quantiles();
  }

  /** A summary's observation value at each quantile; none for other types. */
  public double[] quantileValues() {
    return summary == null ? NONE : summary.quantileValues();
  }

  /** The mean observation of a histogram or summary; 0 for other types. */
  public double mean() {
    return histogram != null ? histogram.mean() : summary != null ? summary.mean() : 0;
  }

  /** A histogram's or summary's changing factor on observations, or null. */
  public ObservationScale scale() {
    return histogram != null ? histogram.scale() : summary != null ? summary.scale() : null;
  }

  /** A histogram's native buckets, or null when it has none (or is no histogram). */
  public NativeLayout nativeLayout() {
    return histogram == null ? null : histogram.nativeLayout();
  }

  /** How many numbers one sample of this family holds (see {@link SeriesCursor}). */
  public int width() {
    return switch (type) {
      case GAUGE, COUNTER -> 1;
      case HISTOGRAM -> bounds().length + 3;
      case SUMMARY -> quantiles().length + 2;
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
    ObservationScale scale = o != null && o.scale() != null ? o.scale() : scale();
    return new AccumulatingCursor(this, rate, resets, scale, s.key(), step);
  }

  /**
   * Whether formats that carry native histograms get classic buckets for this family: always unless
   * it is a native-only histogram.
   */
  public boolean classicWhereNative() {
    return nativeLayout() == null || nativeLayout().withClassic();
  }
}
