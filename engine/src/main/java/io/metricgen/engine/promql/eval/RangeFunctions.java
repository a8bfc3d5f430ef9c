package io.metricgen.engine.promql.eval;

import java.util.Arrays;
import java.util.Locale;

/**
 * The functions over a range vector, one series and one step at a time, as Prometheus 2.42's {@code
 * promql/functions.go} computes them (Kahan sums, the extrapolation of {@code rate}, the regression
 * of {@code deriv}).
 */
final class RangeFunctions {

  /** A function's output for one step: nothing, a float, or a histogram. */
  static final class Result {
    boolean present;
    double value;
    FloatHistogram histogram;

    void set(double v) {
      present = true;
      value = v;
      histogram = null;
    }
  }

  private RangeFunctions() {}

  static void apply(
      String name, Window w, double[] params, double rangeSeconds, long ts, Result r) {
    boolean histograms = hasHistograms(w);
    switch (name) {
      case "rate" -> extrapolatedRate(w, rangeSeconds, true, true, r);
      case "increase" -> extrapolatedRate(w, rangeSeconds, true, false, r);
      case "delta" -> extrapolatedRate(w, rangeSeconds, false, false, r);
      case "count_over_time" -> r.set(w.size());
      case "present_over_time", "absent_over_time" -> r.set(1);
      default -> {
        if (histograms) {
          throw new Unsupported(name + "() over native histograms");
        }
        floats(name, w, params, ts, r);
      }
    }
  }

  private static boolean hasHistograms(Window w) {
    return w.h != null && w.h[w.lo] != null;
  }

  private static void floats(String name, Window w, double[] params, long ts, Result r) {
    double[] v = w.v;
    int lo = w.lo;
    int hi = w.hi;
    switch (name) {
      case "irate" -> instantValue(w, true, r);
      case "idelta" -> instantValue(w, false, r);
      case "avg_over_time" -> r.set(avg(v, lo, hi));
      case "sum_over_time" -> {
        double sum = 0;
        double c = 0;
        for (int i = lo; i < hi; i++) {
          double[] k = kahan(v[i], sum, c);
          sum = k[0];
          c = k[1];
        }
        r.set(Double.isInfinite(sum) ? sum : sum + c);
      }
      case "max_over_time" -> {
        double max = v[lo];
        for (int i = lo; i < hi; i++) {
          if (v[i] > max || Double.isNaN(max)) {
            max = v[i];
          }
        }
        r.set(max);
      }
      case "min_over_time" -> {
        double min = v[lo];
        for (int i = lo; i < hi; i++) {
          if (v[i] < min || Double.isNaN(min)) {
            min = v[i];
          }
        }
        r.set(min);
      }
      case "last_over_time" -> r.set(v[hi - 1]);
      case "quantile_over_time" -> r.set(quantile(params[0], Arrays.copyOfRange(v, lo, hi)));
      case "stddev_over_time" -> r.set(Math.sqrt(variance(v, lo, hi)));
      case "stdvar_over_time" -> r.set(variance(v, lo, hi));
      case "changes" -> {
        int changes = 0;
        double prev = v[lo];
        for (int i = lo + 1; i < hi; i++) {
          double cur = v[i];
          if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
            changes++;
          }
          prev = cur;
        }
        r.set(changes);
      }
      case "resets" -> {
        int resets = 0;
        double prev = v[lo];
        for (int i = lo + 1; i < hi; i++) {
          if (v[i] < prev) {
            resets++;
          }
          prev = v[i];
        }
        r.set(resets);
      }
      case "deriv" -> {
        if (hi - lo >= 2) {
          r.set(linearRegression(w, w.t[lo])[0]);
        }
      }
      case "predict_linear" -> {
        if (hi - lo >= 2) {
          double[] si = linearRegression(w, ts);
          r.set(si[0] * params[1] + si[1]);
        }
      }
      case "holt_winters" -> holtWinters(w, params[1], params[2], r);
      default -> throw new Unsupported("the range function " + name + "()");
    }
  }

  /** rate, increase and delta, with Prometheus's extrapolation to the window's edges. */
  private static void extrapolatedRate(
      Window w, double rangeSeconds, boolean counter, boolean perSecond, Result r) {
    int lo = w.lo;
    int hi = w.hi;
    int n = hi - lo;
    if (n < 2) {
      return;
    }
    double result = 0;
    FloatHistogram hist = null;
    if (w.h != null && w.h[lo] != null) {
      hist = histogramRate(w, counter);
    } else {
      result = w.v[hi - 1] - w.v[lo];
      if (counter) {
        double prev = w.v[lo];
        for (int i = lo + 1; i < hi; i++) {
          if (w.v[i] < prev) {
            result += prev;
          }
          prev = w.v[i];
        }
      }
    }
    double durationToStart = (w.t[lo] - w.mint) / 1000.0;
    double durationToEnd = (w.maxt - w.t[hi - 1]) / 1000.0;
    double sampled = (w.t[hi - 1] - w.t[lo]) / 1000.0;
    double averageBetween = sampled / (n - 1);
    if (hist == null && counter && result > 0 && w.v[lo] >= 0) {
      double durationToZero = sampled * (w.v[lo] / result);
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    double threshold = averageBetween * 1.1;
    double extrapolateTo = sampled;
    extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
    extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
    double factor = extrapolateTo / sampled;
    if (perSecond) {
      factor /= rangeSeconds;
    }
    r.present = true;
    if (hist == null) {
      r.value = result * factor;
      r.histogram = null;
    } else {
      r.value = 0;
      r.histogram = hist.scale(factor);
    }
  }

  private static FloatHistogram histogramRate(Window w, boolean counter) {
    FloatHistogram prev = w.h[w.lo];
    FloatHistogram last = w.h[w.hi - 1];
    int minSchema = Math.min(prev.schema, last.schema);
    for (int i = w.lo + 1; i < w.hi - 1; i++) {
      if (counter) {
        minSchema = Math.min(minSchema, w.h[i].schema);
      }
    }
    FloatHistogram h = last.copyToSchema(minSchema);
    h.sub(prev);
    if (counter) {
      for (int i = w.lo + 1; i < w.hi; i++) {
        FloatHistogram cur = w.h[i];
        if (cur.detectReset(prev)) {
          h.add(prev);
        }
        prev = cur;
      }
    }
    return h.compact();
  }

  private static void instantValue(Window w, boolean perSecond, Result r) {
    if (w.size() < 2) {
      return;
    }
    double last = w.v[w.hi - 1];
    double previous = w.v[w.hi - 2];
    double result = perSecond && last < previous ? last : last - previous;
    long sampled = w.t[w.hi - 1] - w.t[w.hi - 2];
    if (sampled == 0) {
      return;
    }
    if (perSecond) {
      result /= sampled / 1000.0;
    }
    r.set(result);
  }

  private static void holtWinters(Window w, double sf, double tf, Result r) {
    if (sf <= 0 || sf >= 1) {
      throw QueryException.execution(
          "invalid smoothing factor. Expected: 0 < sf < 1, got: " + goF(sf));
    }
    if (tf <= 0 || tf >= 1) {
      throw QueryException.execution("invalid trend factor. Expected: 0 < tf < 1, got: " + goF(tf));
    }
    int l = w.size();
    if (l < 2) {
      return;
    }
    double[] v = w.v;
    int lo = w.lo;
    double s0 = 0;
    double s1 = v[lo];
    double b = v[lo + 1] - v[lo];
    for (int i = 1; i < l; i++) {
      double x = sf * v[lo + i];
      b = i - 1 == 0 ? b : tf * (s1 - s0) + (1 - tf) * b;
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    r.set(s1);
  }

  /** Go's {@code %f}. */
  static String goF(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return String.format(Locale.ROOT, "%f", v);
  }

  static double[] kahan(double inc, double sum, double c) {
    double t = sum + inc;
    if (Math.abs(sum) >= Math.abs(inc)) {
      c += (sum - t) + inc;
    } else {
      c += (inc - t) + sum;
    }
    return new double[] {t, c};
  }

  private static double avg(double[] v, int lo, int hi) {
    double mean = 0;
    double count = 0;
    double c = 0;
    for (int i = lo; i < hi; i++) {
      count++;
      if (Double.isInfinite(mean)) {
        if (Double.isInfinite(v[i]) && (mean > 0) == (v[i] > 0)) {
          continue;
        }
        if (!Double.isInfinite(v[i]) && !Double.isNaN(v[i])) {
          continue;
        }
      }
      double[] k = kahan(v[i] / count - mean / count, mean, c);
      mean = k[0];
      c = k[1];
    }
    return Double.isInfinite(mean) ? mean : mean + c;
  }

  private static double variance(double[] v, int lo, int hi) {
    double count = 0;
    double mean = 0;
    double cMean = 0;
    double aux = 0;
    double cAux = 0;
    for (int i = lo; i < hi; i++) {
      count++;
      double delta = v[i] - (mean + cMean);
      double[] k = kahan(delta / count, mean, cMean);
      mean = k[0];
      cMean = k[1];
      k = kahan(delta * (v[i] - (mean + cMean)), aux, cAux);
      aux = k[0];
      cAux = k[1];
    }
    return (aux + cAux) / count;
  }

  /** Slope and intercept at {@code interceptTime}, by least squares (Prometheus's own). */
  private static double[] linearRegression(Window w, long interceptTime) {
    double n = 0;
    double sumX = 0;
    double cX = 0;
    double sumY = 0;
    double cY = 0;
    double sumXY = 0;
    double cXY = 0;
    double sumX2 = 0;
    double cX2 = 0;
    double initY = w.v[w.lo];
    boolean constY = true;
    for (int i = w.lo; i < w.hi; i++) {
      double y = w.v[i];
      if (constY && i > w.lo && y != initY) {
        constY = false;
      }
      n += 1;
      double x = (w.t[i] - interceptTime) / 1e3;
      double[] k = kahan(x, sumX, cX);
      sumX = k[0];
      cX = k[1];
      k = kahan(y, sumY, cY);
      sumY = k[0];
      cY = k[1];
      k = kahan(x * y, sumXY, cXY);
      sumXY = k[0];
      cXY = k[1];
      k = kahan(x * x, sumX2, cX2);
      sumX2 = k[0];
      cX2 = k[1];
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {0, initY};
    }
    sumX += cX;
    sumY += cY;
    sumXY += cXY;
    sumX2 += cX2;
    double covXY = sumXY - sumX * sumY / n;
    double varX = sumX2 - sumX * sumX / n;
    double slope = covXY / varX;
    double intercept = sumY / n - slope * sumX / n;
    return new double[] {slope, intercept};
  }

  /** Prometheus's {@code quantile}: linear between the closest ranks; sorts the array. */
  static double quantile(double q, double[] values) {
    if (values.length == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    sortNaNFirst(values);
    double n = values.length;
    double rank = q * (n - 1);
    double lower = Math.max(0, Math.floor(rank));
    double upper = Math.min(n - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
  }

  /** Ascending with NaN first, as Prometheus's {@code vectorByValueHeap} orders. */
  static void sortNaNFirst(double[] values) {
    Arrays.sort(values);
    // Arrays.sort puts NaN last; move them to the front.
    int nan = 0;
    for (int i = values.length - 1; i >= 0 && Double.isNaN(values[i]); i--) {
      nan++;
    }
    if (nan > 0 && nan < values.length) {
      double[] copy = values.clone();
      System.arraycopy(copy, 0, values, nan, values.length - nan);
      Arrays.fill(values, 0, nan, Double.NaN);
    }
  }
}
