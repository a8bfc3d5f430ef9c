package io.metricgen.engine.series;

/** Normal-distribution functions for observation distributions; StrictMath for determinism. */
public final class Distributions {

  /** The standard normal quantile at 0.99. */
  public static final double Z99 = 2.3263478740408408;

  private static final double LOG_SQRT_2PI = 0.9189385332046727;

  private Distributions() {}

  /**
   * The standard normal CDF, by Marsaglia's Taylor series (absolute error about 1e-15).
   *
   * @see <a href="https://www.jstatsoft.org/article/view/v011i04">Marsaglia, Evaluating the Normal
   *     Distribution, JSS 11(4), 2004</a>
   */
  public static double normalCdf(double x) {
    if (x < -38) {
      return 0;
    }
    if (x > 38) {
      return 1;
    }
    double s = x;
    double t = 0;
    double b = x;
    double q = x * x;
    double i = 1;
    while (s != t) {
      t = s;
      i += 2;
      b *= q / i;
      s = t + b;
    }
    return Math.max(0, Math.min(1, 0.5 + s * StrictMath.exp(-0.5 * q - LOG_SQRT_2PI)));
  }

  /**
   * The standard normal quantile: Acklam's rational approximation refined by Newton steps on {@link
   * #normalCdf}.
   */
  public static double normalQuantile(double p) {
    if (p <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (p >= 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (p == 0.5) {
      return 0;
    }
    double[] a = {
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
    };
    double[] b = {
      -5.447609879822406e+01,
      1.615858368580409e+02,
      -1.556989798598866e+02,
      6.680131188771972e+01,
      -1.328068155288572e+01
    };
    double[] c = {
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
    };
    double[] d = {
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
    };
    double x;
    double low = 0.02425;
    if (p < low) {
      double q = StrictMath.sqrt(-2 * StrictMath.log(p));
      x =
          (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
              / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - low) {
      double q = p - 0.5;
      double r = q * q;
      x =
          (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
              * q
              / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
      double q = StrictMath.sqrt(-2 * StrictMath.log1p(-p));
      x =
          -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
              / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    for (int i = 0; i < 2; i++) {
      double density = StrictMath.exp(-0.5 * x * x - LOG_SQRT_2PI);
      x -= (normalCdf(x) - p) / density;
    }
    return x;
  }
}
