package io.metricgen.engine.series;

/**
 * Where a native histogram's observations fall: at its schema, the share of observations at or
 * below each bucket's upper bound; coarser schemas (for when the buckets outgrow their limit) merge
 * its buckets two by two, as Prometheus does.
 *
 * <p>Prometheus takes a bucket whose count falls (at the same or a coarser schema) for a counter
 * reset, so counts don't come from {@code floor(count x share)} bucket by bucket, whose differences
 * can fall as the count grows. The count is split down a binary tree over the buckets (the zero
 * bucket first): each node gives its left half {@code round(n x share of the left)} of its {@code
 * n} and its right half the rest. Both halves only grow as {@code n} does, so every bucket only
 * grows with the count, the buckets add up to it, each is within a few observations (half one per
 * level of the tree) of its share, and a sample depends only on its count.
 */
public final class NativeLayout {

  public static final int MIN_SCHEMA = -4;
  public static final int MAX_SCHEMA = 8;

  /** Buckets a layout may hold for one schema, at most: the span of a 4 MiB table. */
  static final int MAX_TABLE = 1 << 19;

  private final int schema;
  private final double zeroThreshold;
  private final int maxBuckets;
  private final boolean withClassic;
  private final double zeroShare;
  // How many schemas it may use: its own and, with a limit, the coarser ones down to MIN_SCHEMA.
  private final int levels;
  private final int firstIndex;
  private final double[] shares;
  // The shares of the leaves (the zero bucket, then each bucket), summed: prefix[j] is the share
  // of the leaves before j.
  private final double[] prefix;

  private NativeLayout(
      int schema,
      double zeroThreshold,
      int maxBuckets,
      boolean withClassic,
      double zeroShare,
      int levels,
      int firstIndex,
      double[] shares) {
    this.schema = schema;
    this.zeroThreshold = zeroThreshold;
    this.maxBuckets = maxBuckets;
    this.withClassic = withClassic;
    this.zeroShare = zeroShare;
    this.levels = levels;
    this.firstIndex = firstIndex;
    this.shares = shares;
    this.prefix = new double[shares.length + 2];
    prefix[1] = zeroShare;
    double below = zeroShare;
    for (int j = 0; j < shares.length; j++) {
      prefix[j + 2] = prefix[j + 1] + Math.max(0, shares[j] - below);
      below = Math.max(below, shares[j]);
    }
  }

  /**
   * The layout of {@code observations} at {@code schema}; when {@code maxBuckets > 0} it may fall
   * back to every coarser schema down to {@link #MIN_SCHEMA}.
   *
   * @param withClassic whether formats that carry native histograms get the classic buckets too
   * @throws IllegalArgumentException when the schema would need more than {@link #MAX_TABLE}
   *     buckets (observations spanning more powers of two than float64 has)
   */
  public static NativeLayout of(
      Observations observations,
      int schema,
      double zeroThreshold,
      int maxBuckets,
      boolean withClassic) {
    int levels = maxBuckets > 0 ? schema - MIN_SCHEMA + 1 : 1;
    double lo = observations.low(zeroThreshold);
    double hi = observations.high();
    int from = 0;
    double[] shares = new double[0];
    if (!Double.isNaN(lo) && !Double.isNaN(hi) && hi >= lo) {
      from = indexOf(lo, schema);
      int to = indexOf(hi, schema);
      if ((long) to - from + 1 > MAX_TABLE) {
        throw new IllegalArgumentException(
            "the observations span "
                + ((long) to - from + 1)
                + " native buckets at schema "
                + schema
                + ", more than "
                + MAX_TABLE
                + "; use a lower schema or a larger zeroThreshold");
      }
      shares = new double[to - from + 1];
      for (int j = 0; j < shares.length; j++) {
        shares[j] = observations.cdf(upperBound(from + j, schema));
      }
    }
    return new NativeLayout(
        schema,
        zeroThreshold,
        maxBuckets,
        withClassic,
        observations.cdf(zeroThreshold),
        levels,
        from,
        shares);
  }

  /** The upper bound of bucket {@code index} at {@code schema}: 2^(index·2^-schema). */
  public static double upperBound(int index, int schema) {
    if (schema <= 0) {
      return Math.scalb(1.0, index << -schema);
    }
    int whole = Math.floorDiv(index, 1 << schema);
    int part = Math.floorMod(index, 1 << schema);
    return Math.scalb(StrictMath.pow(2.0, (double) part / (1 << schema)), whole);
  }

  /** The index of the bucket that holds {@code x > 0} at {@code schema}. */
  public static int indexOf(double x, int schema) {
    double log = StrictMath.log(x) / StrictMath.log(2) * Math.scalb(1.0, schema);
    int i = (int) Math.ceil(log);
    while (upperBound(i, schema) < x) {
      i++;
    }
    while (upperBound(i - 1, schema) >= x) {
      i--;
    }
    return i;
  }

  public int schema() {
    return schema;
  }

  public double zeroThreshold() {
    return zeroThreshold;
  }

  public int maxBuckets() {
    return maxBuckets;
  }

  /** Whether formats that carry native histograms also get the classic buckets. */
  public boolean withClassic() {
    return withClassic;
  }

  /**
   * Fills {@code out} for {@code count} observations summing to {@code sum}: at the finest schema
   * whose populated buckets fit the limit (each coarser one merges the finer one's buckets two by
   * two, as Prometheus does).
   */
  void fill(long count, double sum, NativeSample out) {
    out.count = count;
    out.sum = sum;
    out.zeroThreshold = zeroThreshold;
    out.schema = schema;
    out.size = 0;
    double[] c = shares;
    if (c.length == 0) {
      out.zeroCount = count;
      return;
    }
    long[] leaves = out.scratch(c.length + 1);
    split(0, c.length + 1, count, leaves);
    out.zeroCount = leaves[0];
    int first = firstIndex;
    for (int j = 0; j < c.length; j++) {
      if (leaves[j + 1] > 0) {
        out.add(first + j, leaves[j + 1]);
      }
    }
    for (int k = 1; k < levels && maxBuckets > 0 && out.size > maxBuckets; k++) {
      // One schema coarser: buckets i and i + 1 (i odd) become ((i - 1) >> 1) + 1.
      int size = 0;
      for (int i = 0; i < out.size; i++) {
        int index = ((out.indexes[i] - 1) >> 1) + 1;
        if (size > 0 && out.indexes[size - 1] == index) {
          out.counts[size - 1] += out.counts[i];
        } else {
          out.indexes[size] = index;
          out.counts[size++] = out.counts[i];
        }
      }
      out.size = size;
      out.schema = schema - k;
    }
  }

  /** Splits {@code n} observations over leaves {@code [lo, hi)} (leaf 0: the zero bucket). */
  private void split(int lo, int hi, long n, long[] leaves) {
    if (hi - lo == 1) {
      leaves[lo] = n;
      return;
    }
    int mid = (lo + hi) >>> 1;
    double whole = prefix[hi] - prefix[lo];
    // Rounded to the nearest: both halves still only grow with n, and no side gains a bias.
    long left = whole <= 0 || n == 0 ? 0 : Math.round(n * ((prefix[mid] - prefix[lo]) / whole));
    left = Math.min(n, Math.max(0, left));
    split(lo, mid, left, leaves);
    split(mid, hi, n - left, leaves);
  }
}
