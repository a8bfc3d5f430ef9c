package io.metricgen.engine.series;

/**
 * Where a native histogram's observations fall: for its schema and each coarser one (for when the
 * buckets outgrow their limit), the share of observations at or below each bucket's upper bound.
 * Counts come from these shares as classic buckets' do: {@code floor(total x share)}, cumulative,
 * so the native and classic views of a histogram agree and a sample depends only on its total.
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
  private final int[] firstIndex;
  private final double[][] shares;

  private NativeLayout(
      int schema,
      double zeroThreshold,
      int maxBuckets,
      boolean withClassic,
      double zeroShare,
      int[] firstIndex,
      double[][] shares) {
    this.schema = schema;
    this.zeroThreshold = zeroThreshold;
    this.maxBuckets = maxBuckets;
    this.withClassic = withClassic;
    this.zeroShare = zeroShare;
    this.firstIndex = firstIndex;
    this.shares = shares;
  }

  /**
   * The layout of {@code observations} at {@code schema} and, when {@code maxBuckets > 0}, every
   * coarser schema down to {@link #MIN_SCHEMA}.
   *
   * @param withClassic whether formats that carry native histograms get the classic buckets too
   * @throws IllegalArgumentException when one schema would need more than {@link #MAX_TABLE}
   *     buckets (observations spanning more powers of two than float64 has)
   */
  public static NativeLayout of(
      Observations observations,
      int schema,
      double zeroThreshold,
      int maxBuckets,
      boolean withClassic) {
    int levels = maxBuckets > 0 ? schema - MIN_SCHEMA + 1 : 1;
    int[] first = new int[levels];
    double[][] shares = new double[levels][];
    double lo = observations.low(zeroThreshold);
    double hi = observations.high();
    for (int k = 0; k < levels; k++) {
      int s = schema - k;
      if (Double.isNaN(lo) || Double.isNaN(hi) || hi < lo) {
        shares[k] = new double[0];
        continue;
      }
      int from = indexOf(lo, s);
      int to = indexOf(hi, s);
      if ((long) to - from + 1 > MAX_TABLE) {
        throw new IllegalArgumentException(
            "the observations span "
                + ((long) to - from + 1)
                + " native buckets at schema "
                + s
                + ", more than "
                + MAX_TABLE
                + "; use a lower schema or a larger zeroThreshold");
      }
      first[k] = from;
      shares[k] = new double[to - from + 1];
      for (int j = 0; j < shares[k].length; j++) {
        shares[k][j] = observations.cdf(upperBound(from + j, s));
      }
    }
    return new NativeLayout(
        schema,
        zeroThreshold,
        maxBuckets,
        withClassic,
        observations.cdf(zeroThreshold),
        first,
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
   * Fills {@code out} for {@code total} observations (a whole {@code count} of them) summing to
   * {@code sum}: at the finest schema whose populated buckets fit the limit.
   */
  void fill(double total, long count, double sum, NativeSample out) {
    out.count = count;
    out.sum = sum;
    out.zeroThreshold = zeroThreshold;
    long zero = Math.min(count, (long) AccumulatingCursor.whole(total * zeroShare));
    for (int k = 0; k < shares.length; k++) {
      out.schema = schema - k;
      out.size = 0;
      double[] c = shares[k];
      if (c.length == 0) {
        out.zeroCount = count;
        return;
      }
      out.zeroCount = zero;
      long previous = zero;
      int j = firstAbove(c, total, zero);
      for (; j < c.length && previous < count; j++) {
        long cumulative =
            j == c.length - 1
                ? count
                : Math.min(count, (long) AccumulatingCursor.whole(total * c[j]));
        if (cumulative > previous) {
          out.add(firstIndex[k] + j, cumulative - previous);
          previous = cumulative;
        }
      }
      if (maxBuckets == 0 || out.size <= maxBuckets) {
        return;
      }
    }
  }

  /** The first position whose cumulative count exceeds {@code zero} (the last when none does). */
  private static int firstAbove(double[] c, double total, long zero) {
    int lo = 0;
    int hi = c.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if ((long) AccumulatingCursor.whole(total * c[mid]) > zero) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
