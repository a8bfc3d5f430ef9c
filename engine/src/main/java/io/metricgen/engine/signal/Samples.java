package io.metricgen.engine.signal;

/**
 * Markers that travel as values: a step with no sample, and a Prometheus staleness marker. Both are
 * NaNs with payloads of our own; compare with the predicates here, never with {@code ==}.
 */
public final class Samples {

  private static final long ABSENT_BITS = 0x7ff8_0000_0000_0badL;
  private static final long STALE_BITS = 0x7ff8_0000_0000_05a1L;

  /** No sample at this step. */
  public static final double ABSENT = Double.longBitsToDouble(ABSENT_BITS);

  /** A staleness marker at this step. */
  public static final double STALE = Double.longBitsToDouble(STALE_BITS);

  /** Prometheus's own staleness marker bits ({@code value.StaleNaN}), for wire formats. */
  public static final long PROMETHEUS_STALE_NAN_BITS = 0x7ff0_0000_0000_0002L;

  private Samples() {}

  public static boolean isAbsent(double v) {
    return Double.doubleToRawLongBits(v) == ABSENT_BITS;
  }

  public static boolean isStale(double v) {
    return Double.doubleToRawLongBits(v) == STALE_BITS;
  }

  /** True for both markers: the step carries no ordinary value. */
  public static boolean isMissing(double v) {
    long bits = Double.doubleToRawLongBits(v);
    return bits == ABSENT_BITS || bits == STALE_BITS;
  }
}
