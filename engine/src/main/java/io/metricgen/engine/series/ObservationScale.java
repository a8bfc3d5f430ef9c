package io.metricgen.engine.series;

import io.metricgen.engine.signal.Samples;
import io.metricgen.engine.signal.Signal;

/**
 * A histogram's or summary's observations multiplied by a factor that follows a shape over time:
 * latency that rises during an incident and comes back. At factor {@code s} an observation of the
 * base distribution {@code x} is {@code s·x}, so the share at or below a bound {@code b} is the
 * base share at or below {@code b/s}, each quantile is {@code s} times the base one, and the mean
 * is {@code s} times the base mean. Steps where the shape is not above 0 (or has no sample) keep
 * the factor of the step before, 1 at the start.
 *
 * @param factor the factor's shape
 * @param observations the base distribution
 * @param bounds the histogram's classic bucket bounds (empty for a summary)
 * @param baseMean the base distribution's mean observation
 */
public record ObservationScale(
    Signal factor, Observations observations, double[] bounds, double baseMean) {

  /** Follows the factor step by step, keeping the last shares it computed. */
  final class Tracker {
    private final Signal.Cursor cursor;
    private double factor = 1;
    private double sharesFactor = Double.NaN;
    private final double[] shares = new double[bounds.length];

    /** Follows the factor from {@code start} (the factor before it counts as 1). */
    Tracker(long key, long start) {
      this.cursor = ObservationScale.this.factor.open(key, start);
    }

    /** Moves one step and gives the factor there. */
    double next() {
      double f = cursor.next();
      if (!Samples.isMissing(f) && f > 0 && !Double.isInfinite(f)) {
        factor = f;
      }
      return factor;
    }

    double factor() {
      return factor;
    }

    /** The share of observations at or below each bound at the current factor. */
    double[] shares() {
      if (factor != sharesFactor) {
        for (int i = 0; i < bounds.length; i++) {
          shares[i] = observations.cdf(bounds[i] / factor);
        }
        sharesFactor = factor;
      }
      return shares;
    }

    double mean() {
      return baseMean * factor;
    }
  }
}
