package io.metricgen.engine.signal;

/**
 * A compiled value shape. Steps are whole sample intervals from the shape's time 0; a signal knows
 * nothing of wall-clock time.
 */
public interface Signal {

  /**
   * Opens a cursor whose first {@link Cursor#next()} is the value at {@code step}. Opening at step
   * k gives bit-identical values to opening at 0 and skipping k values: that is what makes resumed
   * and sharded generation reproducible.
   *
   * @param key identifies the series (and seed); random shapes differ between keys
   */
  Cursor open(long key, long step);

  /** Values of one series, step after step. */
  interface Cursor {
    /** The next value, or {@link Samples#ABSENT} / {@link Samples#STALE}. */
    double next();
  }
}
