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
  private final NativeSample lastNative;
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
   * @param last the last sample of the series before, or null when it had none: then this is {@code
   *     inner} as it is
   */
  Continuation(MetricFamily family, SeriesCursor inner, LastSample last) {
    this.inner = inner;
    this.last = last == null ? null : last.values().clone();
    this.lastNative = last == null ? null : last.nativeSample();
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
      NativeSample more = inner.nativeSample();
      if (nativeSample != null && more != null) {
        long count = (long) values[countIndex];
        double sum = values[countIndex + 1];
        if (lastNative != null && lastNative.zeroThreshold == more.zeroThreshold) {
          merge(lastNative, more, count, sum, nativeSample);
        } else {
          // Nothing to add to (it had no native buckets, or others): filled from the count.
          nativeLayout.fill(count, sum, nativeSample);
        }
      }
    }
    return PRESENT;
  }

  /**
   * {@code a} plus {@code b}, bucket by bucket, at the coarser of their schemas: each bucket of
   * {@code a} (the last sample before) is where it was or merged into a wider one, so none falls
   * and Prometheus sees no reset.
   */
  static void merge(NativeSample a, NativeSample b, long count, double sum, NativeSample out) {
    int schema = Math.min(a.schema, b.schema);
    java.util.TreeMap<Integer, Long> buckets = new java.util.TreeMap<>();
    for (NativeSample n : new NativeSample[] {a, b}) {
      int reduce = n.schema - schema;
      for (int i = 0; i < n.size; i++) {
        // As Prometheus reduces a resolution: 2^reduce buckets make one.
        int index = ((n.indexes[i] - 1) >> reduce) + 1;
        buckets.merge(index, n.counts[i], Long::sum);
      }
    }
    out.schema = schema;
    out.zeroThreshold = b.zeroThreshold;
    out.zeroCount = a.zeroCount + b.zeroCount;
    out.count = count;
    out.sum = sum;
    out.size = 0;
    buckets.forEach(out::add);
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
