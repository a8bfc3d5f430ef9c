package io.metricgen.engine.promql.eval;

import io.metricgen.engine.series.NativeLayout;
import io.metricgen.engine.series.NativeSample;
import java.util.Arrays;

/**
 * A native histogram as PromQL computes with it (Prometheus's {@code FloatHistogram}), for the
 * histograms scenarios make: a zero bucket and positive buckets. Bucket {@code i} holds (2^((i-1)
 * ·2^-schema), 2^(i·2^-schema)]. Mutable, like Prometheus's; {@link #copy()} before changing one
 * that is shared.
 */
public final class FloatHistogram {

  int schema;
  double zeroThreshold;
  double zeroCount;
  double count;
  double sum;
  int[] index;
  double[] counts;

  FloatHistogram(
      int schema,
      double zeroThreshold,
      double zeroCount,
      double count,
      double sum,
      int[] index,
      double[] counts) {
    this.schema = schema;
    this.zeroThreshold = zeroThreshold;
    this.zeroCount = zeroCount;
    this.count = count;
    this.sum = sum;
    this.index = index;
    this.counts = counts;
  }

  /** The histogram of one sample of a scenario's native series. */
  static FloatHistogram of(NativeSample s) {
    int[] idx = new int[s.size()];
    double[] c = new double[s.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = s.index(i);
      c[i] = s.bucketCount(i);
    }
    return new FloatHistogram(
        s.schema(), s.zeroThreshold(), s.zeroCount(), s.count(), s.sum(), idx, c);
  }

  public int schema() {
    return schema;
  }

  public double count() {
    return count;
  }

  public double sum() {
    return sum;
  }

  public double zeroThreshold() {
    return zeroThreshold;
  }

  public double zeroCount() {
    return zeroCount;
  }

  /** How many positive buckets it holds, empty ones included. */
  public int bucketCount() {
    return index.length;
  }

  /** The index of positive bucket {@code i}. */
  public int bucketIndex(int i) {
    return index[i];
  }

  /** The observations in positive bucket {@code i}. */
  public double bucketValue(int i) {
    return counts[i];
  }

  /** The lower (exclusive) bound of a positive bucket. */
  public double lower(int i) {
    return NativeLayout.upperBound(index[i] - 1, schema);
  }

  /** The upper (inclusive) bound of a positive bucket. */
  public double upper(int i) {
    return NativeLayout.upperBound(index[i], schema);
  }

  FloatHistogram copy() {
    return new FloatHistogram(
        schema, zeroThreshold, zeroCount, count, sum, index.clone(), counts.clone());
  }

  /** A copy at a coarser (or equal) schema: buckets merged as Prometheus merges them. */
  FloatHistogram copyToSchema(int target) {
    if (target == schema) {
      return copy();
    }
    if (target > schema) {
      throw new IllegalArgumentException("can't raise a histogram's schema");
    }
    int delta = schema - target;
    int[] idx = new int[index.length];
    double[] c = new double[index.length];
    int n = 0;
    for (int i = 0; i < index.length; i++) {
      int t = ((index[i] - 1) >> delta) + 1;
      if (n > 0 && idx[n - 1] == t) {
        c[n - 1] += counts[i];
      } else {
        idx[n] = t;
        c[n++] = counts[i];
      }
    }
    return new FloatHistogram(
        target, zeroThreshold, zeroCount, count, sum, Arrays.copyOf(idx, n), Arrays.copyOf(c, n));
  }

  FloatHistogram scale(double factor) {
    zeroCount *= factor;
    count *= factor;
    sum *= factor;
    for (int i = 0; i < counts.length; i++) {
      counts[i] *= factor;
    }
    return this;
  }

  /** Adds other into this; the result takes the lower of the two schemas. */
  FloatHistogram add(FloatHistogram other) {
    return combine(other, 1);
  }

  /** Subtracts other from this; the result takes the lower of the two schemas. */
  FloatHistogram sub(FloatHistogram other) {
    return combine(other, -1);
  }

  private FloatHistogram combine(FloatHistogram other, double sign) {
    sameZeroBucket(other);
    FloatHistogram a = schema <= other.schema ? this : copyToSchema(other.schema);
    FloatHistogram b = other.schema == a.schema ? other : other.copyToSchema(a.schema);
    int[] idx = new int[a.index.length + b.index.length];
    double[] c = new double[idx.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.index.length || j < b.index.length) {
      if (j >= b.index.length || (i < a.index.length && a.index[i] < b.index[j])) {
        idx[n] = a.index[i];
        c[n++] = a.counts[i++];
      } else if (i >= a.index.length || b.index[j] < a.index[i]) {
        idx[n] = b.index[j];
        c[n++] = sign * b.counts[j++];
      } else {
        idx[n] = a.index[i];
        c[n++] = a.counts[i++] + sign * b.counts[j++];
      }
    }
    schema = a.schema;
    index = Arrays.copyOf(idx, n);
    counts = Arrays.copyOf(c, n);
    zeroCount = a.zeroCount + sign * b.zeroCount;
    count = a.count + sign * b.count;
    sum = a.sum + sign * b.sum;
    return this;
  }

  private void sameZeroBucket(FloatHistogram other) {
    if (other.zeroThreshold != zeroThreshold) {
      throw new Unsupported(
          "native histograms with different zero thresholds can't be combined by metricgen's"
              + " evaluator");
    }
  }

  /**
   * Whether this histogram, the later sample, shows a counter reset since {@code previous}: as
   * Prometheus's {@code DetectReset}, for histograms with one zero threshold.
   */
  boolean detectReset(FloatHistogram previous) {
    if (count < previous.count
        || schema > previous.schema
        || zeroThreshold != previous.zeroThreshold
        || zeroCount < previous.zeroCount) {
      return true;
    }
    FloatHistogram prev = previous.schema == schema ? previous : previous.copyToSchema(schema);
    int j = 0;
    for (int i = 0; i < prev.index.length; i++) {
      if (prev.counts[i] == 0) {
        continue;
      }
      while (j < index.length && index[j] < prev.index[i]) {
        j++;
      }
      if (j >= index.length || index[j] != prev.index[i] || counts[j] < prev.counts[i]) {
        return true;
      }
    }
    return false;
  }

  /** Drops empty buckets, as Prometheus's {@code Compact(0)}. */
  FloatHistogram compact() {
    int n = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        index[n] = index[i];
        counts[n++] = counts[i];
      }
    }
    index = Arrays.copyOf(index, n);
    counts = Arrays.copyOf(counts, n);
    return this;
  }
}
