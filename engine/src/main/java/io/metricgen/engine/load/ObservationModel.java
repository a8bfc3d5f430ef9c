package io.metricgen.engine.load;

import io.metricgen.engine.model.Distribution;
import io.metricgen.engine.series.Distributions;
import io.metricgen.engine.series.Observations;
import java.util.List;

/**
 * What a {@link Distribution} says of histogram or summary observations: the share at or below each
 * bucket bound, the value at each quantile, and the mean (which with the count gives the sum).
 * Checks the distribution and reports its problems.
 */
record ObservationModel(
    double[] shares,
    double mu,
    double sigma,
    double mean,
    double p50,
    double p99,
    Observations observations) {

  static ObservationModel of(
      Distribution d, double[] bounds, FieldPath p, boolean histogram, Problems problems) {
    String kinds = histogram ? "logNormal or weights" : "logNormal";
    if (d == null) {
      problems.add(p, "required: " + kinds);
      return null;
    }
    if (d.logNormal != null && d.weights != null) {
      problems.add(p, "sets both logNormal and weights; choose one");
      return null;
    }
    if (d.logNormal != null) {
      Double p50 = d.logNormal.p50;
      Double p99 = d.logNormal.p99;
      if (p50 == null || !(p50 > 0)) {
        problems.add(p.field("logNormal").field("p50"), "required: a number greater than 0");
        return null;
      }
      if (p99 == null || !(p99 > p50)) {
        problems.add(
            p.field("logNormal").field("p99"), "required: a number greater than p50 (" + p50 + ")");
        return null;
      }
      double mu = StrictMath.log(p50);
      double sigma = (StrictMath.log(p99) - mu) / Distributions.Z99;
      double[] shares = new double[bounds.length];
      for (int i = 0; i < bounds.length; i++) {
        shares[i] =
            bounds[i] <= 0 ? 0 : Distributions.normalCdf((StrictMath.log(bounds[i]) - mu) / sigma);
      }
      return new ObservationModel(
          shares,
          mu,
          sigma,
          StrictMath.exp(mu + sigma * sigma / 2),
          p50,
          p99,
          Observations.logNormal(mu, sigma));
    }
    if (d.weights != null) {
      if (!histogram) {
        problems.add(p.field("weights"), "is only for histograms; a summary needs logNormal");
        return null;
      }
      return weights(d.weights, bounds, p.field("weights"), problems);
    }
    problems.add(p, "required: " + kinds);
    return null;
  }

  private static ObservationModel weights(
      List<Double> weights, double[] bounds, FieldPath p, Problems problems) {
    if (weights.size() != bounds.length + 1) {
      problems.add(
          p,
          "needs "
              + (bounds.length + 1)
              + " weights (one per bucket bound and one for +Inf), got "
              + weights.size());
      return null;
    }
    double total = 0;
    double weighted = 0;
    double[] atoms = new double[weights.size()];
    double[] masses = new double[weights.size()];
    for (int i = 0; i < weights.size(); i++) {
      Double w = weights.get(i);
      if (w == null || !(w >= 0) || w.isInfinite()) {
        problems.add(p.index(i), "must be a number 0 or more, got " + w);
        return null;
      }
      double lower = i == 0 ? Math.min(0, bounds[0]) : bounds[i - 1];
      double mid = i == bounds.length ? bounds[i - 1] : (lower + bounds[i]) / 2;
      total += w;
      weighted += w * mid;
      atoms[i] = mid;
      masses[i] = w;
    }
    if (!(total > 0)) {
      problems.add(p, "at least one weight must be greater than 0");
      return null;
    }
    double[] shares = new double[bounds.length];
    double cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += weights.get(i);
      shares[i] = cumulative / total;
    }
    return new ObservationModel(
        shares,
        Double.NaN,
        Double.NaN,
        weighted / total,
        Double.NaN,
        Double.NaN,
        Observations.atoms(atoms, masses));
  }

  /** The observation at quantile {@code q}; exactly the given p50 and p99 at 0.5 and 0.99. */
  double quantile(double q) {
    if (q == 0.5) {
      return p50;
    }
    if (q == 0.99) {
      return p99;
    }
    return StrictMath.exp(mu + sigma * Distributions.normalQuantile(q));
  }
}
