package io.metricgen.engine.promql.eval;

import java.util.Arrays;

/** A growable run of points, ascending by time: floats, or histograms where {@code h[i]} is set. */
final class Points {
  long[] t;
  double[] v;
  FloatHistogram[] h;
  int n;

  Points(int capacity) {
    int c = Math.max(1, capacity);
    t = new long[c];
    v = new double[c];
  }

  void add(long time, double value, FloatHistogram histogram) {
    if (n == t.length) {
      int c = n * 2;
      t = Arrays.copyOf(t, c);
      v = Arrays.copyOf(v, c);
      if (h != null) {
        h = Arrays.copyOf(h, c);
      }
    }
    if (histogram != null && h == null) {
      h = new FloatHistogram[t.length];
    }
    t[n] = time;
    v[n] = value;
    if (h != null) {
      h[n] = histogram;
    }
    n++;
  }

  FloatHistogram h(int i) {
    return h == null ? null : h[i];
  }
}
