package io.metricgen.engine.series;

/**
 * One sample of a native histogram: its resolution, zero bucket, count, sum and the populated
 * buckets of positive observations, ascending by index. Bucket {@code i} holds the observations in
 * (2^((i-1)·2^-schema), 2^(i·2^-schema)]. Cursors reuse it; read it before their next step.
 */
public final class NativeSample {

  int schema;
  double zeroThreshold;
  long zeroCount;
  long count;
  double sum;
  int size;
  int[] indexes = new int[16];
  long[] counts = new long[16];
  // Working space of the layout that fills it.
  private long[] scratch = new long[0];

  public int schema() {
    return schema;
  }

  public double zeroThreshold() {
    return zeroThreshold;
  }

  public long zeroCount() {
    return zeroCount;
  }

  public long count() {
    return count;
  }

  public double sum() {
    return sum;
  }

  /** How many populated buckets it has. */
  public int size() {
    return size;
  }

  /** The index of the {@code i}-th populated bucket. */
  public int index(int i) {
    return indexes[i];
  }

  /** The observations in the {@code i}-th populated bucket (not cumulative). */
  public long bucketCount(int i) {
    return counts[i];
  }

  /** A zeroed array of at least {@code n} longs, reused from fill to fill. */
  long[] scratch(int n) {
    if (scratch.length < n) {
      scratch = new long[n];
    } else {
      java.util.Arrays.fill(scratch, 0, n, 0);
    }
    return scratch;
  }

  /** A copy, which the cursor's next step leaves as it is. */
  NativeSample copy() {
    NativeSample c = new NativeSample();
    c.schema = schema;
    c.zeroThreshold = zeroThreshold;
    c.zeroCount = zeroCount;
    c.count = count;
    c.sum = sum;
    c.size = size;
    c.indexes = java.util.Arrays.copyOf(indexes, Math.max(size, 1));
    c.counts = java.util.Arrays.copyOf(counts, Math.max(size, 1));
    return c;
  }

  void add(int index, long count) {
    if (size == indexes.length) {
      indexes = java.util.Arrays.copyOf(indexes, size * 2);
      counts = java.util.Arrays.copyOf(counts, size * 2);
    }
    indexes[size] = index;
    counts[size++] = count;
  }
}
