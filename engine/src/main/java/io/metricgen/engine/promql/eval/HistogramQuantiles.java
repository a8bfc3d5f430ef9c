package io.metricgen.engine.promql.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code histogram_quantile} over classic buckets and native histograms, and {@code
 * histogram_fraction}, as Prometheus 2.42's {@code promql/quantile.go}.
 */
final class HistogramQuantiles {

  private HistogramQuantiles() {}

  static List<Sample> apply(double q, List<Sample> in, long ts) {
    Map<SeriesLabels, List<double[]>> buckets = new LinkedHashMap<>();
    Map<SeriesLabels, SeriesLabels> outLabels = new LinkedHashMap<>();
    List<Sample> natives = new ArrayList<>();
    for (Sample s : in) {
      if (s.h() != null) {
        natives.add(s);
        continue;
      }
      Double upper = GoMath.parseFloat(s.labels().get("le"));
      if (upper == null || !s.labels().has("le")) {
        continue;
      }
      SeriesLabels key = s.labels().drop(List.of("le"));
      buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {upper, s.v()});
      outLabels.computeIfAbsent(key, k -> k.withoutName());
    }
    List<Sample> out = new ArrayList<>();
    for (Sample s : natives) {
      List<double[]> classic = buckets.get(s.labels());
      if (classic != null && !classic.isEmpty()) {
        buckets.remove(s.labels());
        continue;
      }
      out.add(new Sample(s.labels().withoutName(), ts, quantile(q, s.h()), null));
    }
    buckets.forEach(
        (key, list) -> out.add(new Sample(outLabels.get(key), ts, bucketQuantile(q, list), null)));
    return out;
  }

  static double bucketQuantile(double q, List<double[]> list) {
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    List<double[]> b = new ArrayList<>(list);
    b.sort((x, y) -> Double.compare(x[0], y[0]));
    if (b.get(b.size() - 1)[0] != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    // Coalesce equal bounds, then make the counts monotonic.
    List<double[]> c = new ArrayList<>();
    for (double[] x : b) {
      if (!c.isEmpty() && c.get(c.size() - 1)[0] == x[0]) {
        c.get(c.size() - 1)[1] += x[1];
      } else {
        c.add(new double[] {x[0], x[1]});
      }
    }
    double max = c.get(0)[1];
    for (int i = 1; i < c.size(); i++) {
      if (c.get(i)[1] > max) {
        max = c.get(i)[1];
      } else if (c.get(i)[1] < max) {
        c.get(i)[1] = max;
      }
    }
    if (c.size() < 2) {
      return Double.NaN;
    }
    double observations = c.get(c.size() - 1)[1];
    if (observations == 0) {
      return Double.NaN;
    }
    double rank = q * observations;
    // sort.Search over all but the last bucket: the first whose count reaches the rank.
    int n = c.size() - 1;
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (!(c.get(mid)[1] >= rank)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int i = lo;
    if (i == c.size() - 1) {
      return c.get(c.size() - 2)[0];
    }
    if (i == 0 && c.get(0)[0] <= 0) {
      return c.get(0)[0];
    }
    double bucketStart = 0;
    double bucketEnd = c.get(i)[0];
    double count = c.get(i)[1];
    if (i > 0) {
      bucketStart = c.get(i - 1)[0];
      count -= c.get(i - 1)[1];
      rank -= c.get(i - 1)[1];
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }

  /** The buckets in Prometheus's order: the zero bucket, then the positive ones ascending. */
  private static List<double[]> allBuckets(FloatHistogram h) {
    List<double[]> out = new ArrayList<>();
    if (h.zeroCount > 0) {
      out.add(new double[] {-h.zeroThreshold, h.zeroThreshold, h.zeroCount});
    }
    for (int i = 0; i < h.index.length; i++) {
      out.add(new double[] {Math.max(h.lower(i), h.zeroThreshold), h.upper(i), h.counts[i]});
    }
    return out;
  }

  static double quantile(double q, FloatHistogram h) {
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (h.count == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    double count = 0;
    double rank = q * h.count;
    double[] bucket = null;
    for (double[] b : allBuckets(h)) {
      bucket = b;
      count += b[2];
      if (count >= rank) {
        break;
      }
    }
    if (bucket == null) {
      return Double.NaN;
    }
    double lower = bucket[0];
    double upper = bucket[1];
    if (lower < 0 && upper > 0 && h.index.length > 0) {
      lower = 0;
    }
    if (count > h.count) {
      count = h.count;
    }
    if (count < rank) {
      return upper;
    }
    rank -= count - bucket[2];
    return lower + (upper - lower) * (rank / bucket[2]);
  }

  static double fraction(double lower, double upper, FloatHistogram h) {
    if (h.count == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
      return Double.NaN;
    }
    if (lower >= upper) {
      return 0;
    }
    double rank = 0;
    double lowerRank = 0;
    double upperRank = 0;
    boolean lowerSet = false;
    boolean upperSet = false;
    for (double[] b : allBuckets(h)) {
      double bl = b[0];
      double bu = b[1];
      if (bl < 0 && bu > 0 && h.index.length > 0) {
        bl = 0;
      }
      if (!lowerSet && bl >= lower) {
        lowerRank = rank;
        lowerSet = true;
      }
      if (!upperSet && bl >= upper) {
        upperRank = rank;
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      if (!lowerSet && bl < lower && bu > lower) {
        lowerRank = rank + b[2] * (lower - bl) / (bu - bl);
        lowerSet = true;
      }
      if (!upperSet && bl < upper && bu > upper) {
        upperRank = rank + b[2] * (upper - bl) / (bu - bl);
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      rank += b[2];
    }
    if (!lowerSet || lowerRank > h.count) {
      lowerRank = h.count;
    }
    if (!upperSet || upperRank > h.count) {
      upperRank = h.count;
    }
    return (upperRank - lowerRank) / h.count;
  }
}
