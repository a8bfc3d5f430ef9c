package io.metricgen.engine.series;

import java.util.Arrays;

/**
 * How a histogram's or summary's observations are spread: log-normal, or point masses ("atoms", the
 * middle of each weighted classic bucket). Gives the share at or below a value, which places native
 * bucket counts, and draws single observations for exemplars.
 */
public final class Observations {

  /** How far out, in standard deviations, native buckets of a log-normal reach. */
  private static final double TAIL_SIGMAS = 8.5;

  private final double mu;
  private final double sigma;
  private final double[] atoms;
  private final double[] cumulative;

  private Observations(double mu, double sigma, double[] atoms, double[] cumulative) {
    this.mu = mu;
    this.sigma = sigma;
    this.atoms = atoms;
    this.cumulative = cumulative;
  }

  /** Log-normal: the logarithm of an observation is normal with mean mu and deviation sigma. */
  public static Observations logNormal(double mu, double sigma) {
    return new Observations(mu, sigma, null, null);
  }

  /**
   * Point masses: {@code weights[i]} of the observations are {@code atoms[i]}.
   *
   * @param atoms ascending
   */
  public static Observations atoms(double[] atoms, double[] weights) {
    double total = Arrays.stream(weights).sum();
    double[] cumulative = new double[weights.length];
    double running = 0;
    for (int i = 0; i < weights.length; i++) {
      running += weights[i];
      cumulative[i] = running / total;
    }
    cumulative[cumulative.length - 1] = 1;
    return new Observations(Double.NaN, Double.NaN, atoms.clone(), cumulative);
  }

  /** The share of observations at or below {@code x}. */
  public double cdf(double x) {
    if (atoms == null) {
      return x <= 0 ? 0 : Distributions.normalCdf((StrictMath.log(x) - mu) / sigma);
    }
    int i = Arrays.binarySearch(atoms, x);
    int below = i >= 0 ? lastAt(i) : -i - 2;
    return below < 0 ? 0 : cumulative[below];
  }

  private int lastAt(int i) {
    while (i + 1 < atoms.length && atoms[i + 1] == atoms[i]) {
      i++;
    }
    return i;
  }

  /** The observation at quantile {@code u}, in (0, 1). */
  public double valueAt(double u) {
    if (atoms == null) {
      return StrictMath.exp(mu + sigma * Distributions.normalQuantile(u));
    }
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return atoms[i];
      }
    }
    return atoms[atoms.length - 1];
  }

  /** The smallest observation above {@code floor} that native buckets need to cover, or NaN. */
  double low(double floor) {
    if (atoms == null) {
      return Math.max(floor, StrictMath.exp(mu - TAIL_SIGMAS * sigma));
    }
    for (int i = 0; i < atoms.length; i++) {
      if (weighted(i) && atoms[i] > floor) {
        return atoms[i];
      }
    }
    return Double.NaN;
  }

  /** The largest observation native buckets need to cover, or NaN. */
  double high() {
    if (atoms == null) {
      return StrictMath.exp(mu + TAIL_SIGMAS * sigma);
    }
    for (int i = atoms.length - 1; i >= 0; i--) {
      if (weighted(i)) {
        return atoms[i];
      }
    }
    return Double.NaN;
  }

  private boolean weighted(int i) {
    return cumulative[i] > (i == 0 ? 0 : cumulative[i - 1]);
  }

  /** The smallest observation with any weight; 0 for a log-normal. */
  public double smallest() {
    if (atoms == null) {
      return 0;
    }
    for (int i = 0; i < atoms.length; i++) {
      if (weighted(i)) {
        return atoms[i];
      }
    }
    return 0;
  }
}
