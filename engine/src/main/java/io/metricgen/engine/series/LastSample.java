package io.metricgen.engine.series;

/**
 * A series' last sample, copied, for a cursor that goes on from it ({@link LiveCursors}).
 *
 * @param values as {@link SeriesCursor#values()} gave them
 * @param nativeSample its native histogram, or null
 */
public record LastSample(double[] values, NativeSample nativeSample) {

  /** The last sample {@code cursor} gave, copied. */
  public static LastSample of(SeriesCursor cursor) {
    NativeSample n = cursor.nativeSample();
    return new LastSample(cursor.values().clone(), n == null ? null : n.copy());
  }

  LastSample withValues(double[] values) {
    return new LastSample(values, nativeSample);
  }
}
