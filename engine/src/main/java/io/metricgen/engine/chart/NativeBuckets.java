package io.metricgen.engine.chart;

import io.metricgen.engine.series.NativeLayout;
import io.metricgen.engine.series.NativeSample;
import java.util.Map;
import java.util.TreeMap;

/**
 * A native histogram's bucket counts as a chart reads them: by index at one schema, so that two
 * samples (of perhaps different schemas) can be subtracted and a quantile read off, as Prometheus'
 * {@code histogram_quantile} does over a {@code rate}.
 */
record NativeBuckets(int schema, long zeroCount, TreeMap<Integer, Long> counts) {

  static NativeBuckets of(NativeSample n) {
    TreeMap<Integer, Long> counts = new TreeMap<>();
    for (int i = 0; i < n.size(); i++) {
      counts.put(n.index(i), n.bucketCount(i));
    }
    return new NativeBuckets(n.schema(), n.zeroCount(), counts);
  }

  /** The same observations at a schema as coarse as {@code schema} or coarser. */
  NativeBuckets at(int coarser) {
    if (coarser >= schema) {
      return this;
    }
    int shift = schema - coarser;
    TreeMap<Integer, Long> merged = new TreeMap<>();
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      // Bucket i holds (2^((i-1)/2^s), 2^(i/2^s)]: at a schema d lower, that is bucket ceil(i/2^d).
      int index = Math.floorDiv(e.getKey() + (1 << shift) - 1, 1 << shift);
      merged.merge(index, e.getValue(), Long::sum);
    }
    return new NativeBuckets(coarser, zeroCount, merged);
  }

  /** The observations in this sample and not in {@code earlier} (zero after a reset). */
  NativeBuckets minus(NativeBuckets earlier) {
    int s = Math.min(schema, earlier.schema);
    NativeBuckets a = at(s);
    NativeBuckets b = earlier.at(s);
    long total = a.total();
    if (total < b.total()) {
      return a; // a counter reset: the later sample holds all there is
    }
    TreeMap<Integer, Long> out = new TreeMap<>(a.counts);
    b.counts.forEach((i, c) -> out.merge(i, -c, Long::sum));
    return new NativeBuckets(s, a.zeroCount - b.zeroCount, out);
  }

  long total() {
    return zeroCount + counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The {@code q} quantile, interpolated linearly within its bucket as Prometheus 2.42 does; NaN
   * when there are no observations.
   */
  double quantile(double q) {
    long total = total();
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double seen = zeroCount;
    if (rank <= seen) {
      return 0;
    }
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      if (e.getValue() <= 0) {
        continue;
      }
      if (seen + e.getValue() >= rank) {
        double lower = NativeLayout.upperBound(e.getKey() - 1, schema);
        double upper = NativeLayout.upperBound(e.getKey(), schema);
        return lower + (upper - lower) * (rank - seen) / e.getValue();
      }
      seen += e.getValue();
    }
    return NativeLayout.upperBound(counts.lastKey(), schema);
  }
}
