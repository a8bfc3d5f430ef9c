package io.metricgen.engine.series;

/**
 * A counter, histogram or summary that goes on from where an earlier definition of its series left
 * it: at its first sample every counting part (a counter's value, a histogram's buckets, count and
 * sum, a summary's count and sum) is shifted to equal the last sample before, and keeps that shift,
 * so Prometheus sees no reset. When the new definition itself resets (its count falls), the shift
 * goes: that reset is meant.
 */
final class Continuation implements SeriesCursor {

  private final SeriesCursor inner;
  private final double[] last;
  private final double[] values;
  private final int firstCounting;
  private final int countIndex;
  private final NativeLayout nativeLayout;
  private final NativeSample nativeSample;
  private double[] shift;
  private boolean started;
  private double lastCount;

  /**
   * @param inner the new definition's cursor
   * @param last the last sample of the series before (see {@link SeriesCursor#values()}), or null
   *     when it had none: then this is {@code inner} as it is
   */
  Continuation(MetricFamily family, SeriesCursor inner, double[] last) {
    this.inner = inner;
    this.last = last == null ? null : last.clone();
    this.values = new double[family.width()];
    switch (family.type()) {
      case HISTOGRAM -> {
        firstCounting = 0;
        countIndex = family.bounds().length + 1;
      }
      case SUMMARY -> {
        firstCounting = family.quantiles().length;
        countIndex = firstCounting;
      }
      default -> {
        firstCounting = 0;
        countIndex = 0;
      }
    }
    this.nativeLayout = family.nativeLayout();
    this.nativeSample = nativeLayout == null ? null : new NativeSample();
  }

  @Override
  public int next() {
    int status = inner.next();
    if (status != PRESENT) {
      return status;
    }
    double[] v = inner.values();
    if (!started) {
      started = true;
      if (last != null && last.length == v.length) {
        shift = new double[v.length];
        for (int i = firstCounting; i < v.length; i++) {
          shift[i] = last[i] - v[i];
        }
      }
    } else if (v[countIndex] < lastCount) {
      shift = null;
    }
    lastCount = v[countIndex];
    System.arraycopy(v, 0, values, 0, v.length);
    if (shift != null) {
      for (int i = firstCounting; i < v.length; i++) {
        values[i] += shift[i];
      }
      if (nativeSample != null && inner.nativeSample() != null) {
        // The earlier definition filled its buckets from a total in [count, count + 1): a total
        // just under count + 1 keeps every bucket at or above where it was.
        long count = (long) values[countIndex];
        nativeLayout.fill(count + 0.999999, count, values[countIndex + 1], nativeSample);
      }
    }
    return PRESENT;
  }

  @Override
  public double[] values() {
    return values;
  }

  @Override
  public NativeSample nativeSample() {
    return shift == null || nativeSample == null ? inner.nativeSample() : nativeSample;
  }

  @Override
  public ExemplarPlan.Exemplar exemplar() {
    return inner.exemplar();
  }
}
