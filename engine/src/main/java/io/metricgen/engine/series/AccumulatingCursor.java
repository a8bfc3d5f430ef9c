package io.metricgen.engine.series;

import io.metricgen.engine.signal.Samples;
import io.metricgen.engine.signal.Signal;

/**
 * Counters, histograms and summaries driven by a per-second rate: the total grows by {@code rate *
 * interval} each step (negative rates count as zero) and returns to zero at reset steps. Histogram
 * buckets are {@code floor(total * share)}, so they are whole numbers, cumulative, non-decreasing
 * in {@code le} and in time, and {@code +Inf} equals the count.
 */
final class AccumulatingCursor implements SeriesCursor {

  private final MetricFamily family;
  private final Signal.Cursor rate;
  private final double intervalSeconds;
  private final double[] values;
  private final NativeSample nativeSample;
  private final ExemplarRecorder exemplars;
  private final long[] resets;
  private final ObservationScale.Tracker scale;
  // With a scale: each bucket's observations and their sum, accumulated step by step, as the
  // shares change with the factor.
  private final double[] scaledBuckets;
  private double scaledSum;
  // The step that counts nothing: 0, or where a cursor that starts from zero starts.
  private final long first;
  private long step;
  private int nextReset;
  private double total;

  /** Opens at step 0 and replays to {@code start}: totals depend on every step before. */
  AccumulatingCursor(
      MetricFamily family,
      Signal rate,
      long[] resets,
      ObservationScale scale,
      long key,
      long start) {
    this(family, rate, resets, scale, key, 0, false);
    for (long i = 0; i < start; i++) {
      advance();
    }
  }

  /**
   * Opens at {@code start} with nothing counted yet, as though the series began there: its first
   * step counts nothing, resets at or before it are past. A live edit continues a series this way
   * ({@link Continuation}), without replaying its new definition from step 0.
   */
  static AccumulatingCursor fromZero(
      MetricFamily family,
      Signal rate,
      long[] resets,
      ObservationScale scale,
      long key,
      long start) {
    return new AccumulatingCursor(family, rate, resets, scale, key, start, true);
  }

  private AccumulatingCursor(
      MetricFamily family,
      Signal rate,
      long[] resets,
      ObservationScale scale,
      long key,
      long start,
      boolean fromZero) {
    this.family = family;
    this.rate = rate.open(key, start);
    this.resets = resets;
    this.intervalSeconds = family.intervalMillis() / 1000.0;
    this.values = new double[family.width()];
    this.nativeSample = family.nativeLayout() == null ? null : new NativeSample();
    this.exemplars =
        family.exemplars() == null ? null : new ExemplarRecorder(family.exemplars(), key);
    this.scale = scale == null ? null : scale.new Tracker(key, start);
    this.scaledBuckets = scale == null ? null : new double[family.bounds().length];
    this.first = start;
    this.step = start;
    while (fromZero && nextReset < resets.length && resets[nextReset] <= start) {
      nextReset++;
    }
  }

  /** Moves one step; returns the rate's marker when the step has no sample, else 0. */
  private double advance() {
    double r = rate.next();
    if (scale != null) {
      scale.next();
    }
    long k = step++;
    boolean reset = nextReset < resets.length && resets[nextReset] == k;
    if (reset) {
      nextReset++;
      total = 0;
      if (scale != null) {
        java.util.Arrays.fill(scaledBuckets, 0);
        scaledSum = 0;
      }
    }
    if (Samples.isMissing(r)) {
      return r;
    }
    if (k > first && !reset && r > 0) {
      double before = total;
      total += r * intervalSeconds;
      if (scale != null) {
        double added = r * intervalSeconds;
        double[] shares = scale.shares();
        for (int i = 0; i < shares.length; i++) {
          scaledBuckets[i] += added * shares[i];
        }
        scaledSum += added * scale.mean();
      }
      if (exemplars != null) {
        exemplars.counted(k, whole(total) - whole(before), total - before);
      }
    }
    return 0;
  }

  @Override
  public int next() {
    double marker = advance();
    if (Samples.isAbsent(marker)) {
      return ABSENT;
    }
    if (Samples.isStale(marker)) {
      return STALE;
    }
    switch (family.type()) {
      case COUNTER -> values[0] = total;
      case HISTOGRAM -> {
        double[] shares = family.bucketShares();
        double count = whole(total);
        for (int i = 0; i < shares.length; i++) {
          values[i] = Math.min(count, whole(scale == null ? total * shares[i] : scaledBuckets[i]));
        }
        values[shares.length] = count;
        values[shares.length + 1] = count;
        values[shares.length + 2] = scale == null ? count * family.mean() : scaledSum;
        if (nativeSample != null) {
          family.nativeLayout().fill((long) count, count * family.mean(), nativeSample);
        }
      }
      case SUMMARY -> {
        double[] q = family.quantileValues();
        for (int i = 0; i < q.length; i++) {
          values[i] = scale == null ? q[i] : q[i] * scale.factor();
        }
        double count = whole(total);
        values[q.length] = count;
        values[q.length + 1] = scale == null ? count * family.mean() : scaledSum;
      }
      default -> throw new IllegalStateException("not accumulated: " + family.type());
    }
    return PRESENT;
  }

  /**
   * Rounds down, forgiving rounding noise: 10000 x 0.99 computed as 9899.999999999998 is 9900
   * observations. Monotone, so buckets stay non-decreasing.
   */
  static double whole(double x) {
    return Math.floor(x + 1e-9 * Math.max(1, Math.abs(x)));
  }

  @Override
  public double[] values() {
    return values;
  }

  @Override
  public NativeSample nativeSample() {
    return nativeSample;
  }

  @Override
  public ExemplarPlan.Exemplar exemplar() {
    return exemplars == null ? null : exemplars.latest();
  }
}
