package io.metricgen.engine.series;

import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.signal.Combinators;
import io.metricgen.engine.signal.Signal;
import java.util.List;

/**
 * Cursors for a scenario that changes while it runs: a series going on under a new definition, and
 * a series through an incident. Counters, histograms and summaries always go on from their last
 * sample, so that Prometheus sees no reset; gauges follow their shape at the scenario's time.
 */
public final class LiveCursors {

  private LiveCursors() {}

  /**
   * A cursor for {@code s} of {@code family} whose first {@link SeriesCursor#next()} is {@code
   * step}. A counter, histogram or summary counts on from {@code last}; one driven by a rate and
   * new to the scenario ({@code last} null) counts from zero, starting at {@code step}.
   *
   * @param last the series' last sample before, or null when it had none or is new
   */
  public static SeriesCursor continued(MetricFamily family, Series s, long step, LastSample last) {
    if (family.type() == MetricType.GAUGE) {
      return family.cursor(s, step);
    }
    SeriesOverride o = override(family, s);
    if (valueOf(family, o) != null) {
      SeriesCursor cursor = family.cursor(s, step);
      return last == null ? cursor : new Continuation(family, cursor, last);
    }
    SeriesCursor counting = fromZero(family, s, o, rateOf(family, o), step);
    return last == null ? counting : new Continuation(family, counting, last);
  }

  /**
   * A cursor for {@code s} through an incident, from {@code step}: {@code shape} is added to (or
   * replaces) a gauge's value, or the per-second rate of the rest; a counter given by value rises
   * by it as by a rate. What counts goes on from {@code last}, as in {@link #continued}.
   *
   * <p>A gauge shows the shape's step 0 at {@code incidentStart}. A rate counts over the interval
   * that ends at its step, so the shape's step 0 is counted at the step after {@code
   * incidentStart}: an incident of n steps then adds n steps' worth, over the n intervals after its
   * start, and its series follow their definition again one step later than a gauge's.
   *
   * <p>A histogram's or summary's observations follow the incident's scale, if it has one (times
   * their own, unless it replaces).
   *
   * @param plan the incident: its shape (null when it only scales), scale and mode
   * @param incidentStart the step the incident started at, at or before {@code step}
   */
  public static SeriesCursor incident(
      MetricFamily family,
      Series s,
      long step,
      LastSample last,
      IncidentPlan plan,
      long incidentStart) {
    SeriesOverride o = override(family, s);
    Signal value = valueOf(family, o);
    Signal shape = plan.shape();
    boolean replace = plan.replace();
    if (family.type() == MetricType.GAUGE) {
      Signal shifted = Combinators.delayed(shape, incidentStart);
      Signal during = replace ? shifted : Combinators.sum(List.of(value, shifted));
      return new DirectCursor(during.open(s.key(), step), step, null);
    }
    Signal shifted = shape == null ? null : Combinators.delayed(shape, incidentStart + 1);
    if (value != null) {
      return new IncreaseCursor(
          value.open(s.key(), step),
          shifted.open(s.key(), step),
          replace,
          family.intervalMillis(),
          last == null ? Double.NaN : last.values()[0]);
    }
    Signal rate = rateOf(family, o);
    Signal during =
        shifted == null ? rate : replace ? shifted : Combinators.sum(List.of(rate, shifted));
    ObservationScale scale = scaleOf(family, o);
    if (plan.scale() != null) {
      Signal factor = Combinators.delayed(plan.scale(), incidentStart + 1, 1);
      if (scale != null && !replace) {
        factor = Combinators.product(List.of(scale.factor(), factor));
      }
      Observations observations =
          family.histogram() != null
              ? family.histogram().observations()
              // A summary's quantiles and sum scale alone (as ScenarioCompiler has it).
              : Observations.logNormal(0, 1);
      scale = new ObservationScale(factor, observations, family.bounds(), family.mean());
    }
    SeriesCursor counting =
        AccumulatingCursor.fromZero(family, during, resetsOf(family, o), scale, s.key(), step);
    return last == null ? counting : new Continuation(family, counting, last);
  }

  /**
   * A series' last sample under {@code from}, laid out as {@code to}'s samples are, for {@link
   * #continued}; null when the type changed (the series starts anew). A histogram whose buckets
   * changed keeps its count and sum, and each bucket starts at what the old buckets held at or
   * below its bound (a bucket with an unchanged bound exactly where it was); a summary whose
   * quantiles changed keeps its count and sum.
   */
  public static LastSample remap(MetricFamily from, MetricFamily to, LastSample lastSample) {
    if (lastSample == null || from.type() != to.type()) {
      return null;
    }
    double[] last = lastSample.values();
    if (last.length == to.width()
        && java.util.Arrays.equals(from.bounds(), to.bounds())
        && java.util.Arrays.equals(from.quantiles(), to.quantiles())) {
      return lastSample;
    }
    double[] out = new double[to.width()];
    if (to.type() == MetricType.HISTOGRAM) {
      double[] old = from.bounds();
      double[] bounds = to.bounds();
      for (int i = 0; i < bounds.length; i++) {
        double held = 0;
        for (int j = 0; j < old.length && old[j] <= bounds[i]; j++) {
          held = last[j];
        }
        out[i] = held;
      }
      // +Inf, count and sum.
      System.arraycopy(last, old.length, out, bounds.length, 3);
    } else if (to.type() == MetricType.SUMMARY) {
      int q = from.quantiles().length;
      out[to.quantiles().length] = last[q];
      out[to.quantiles().length + 1] = last[q + 1];
    } else {
      return lastSample;
    }
    return lastSample.withValues(out);
  }

  private static SeriesCursor fromZero(
      MetricFamily family, Series s, SeriesOverride o, Signal rate, long step) {
    return AccumulatingCursor.fromZero(
        family, rate, resetsOf(family, o), scaleOf(family, o), s.key(), step);
  }

  private static long[] resetsOf(MetricFamily family, SeriesOverride o) {
    return o != null && o.resetSteps() != null ? o.resetSteps() : family.resetSteps();
  }

  private static ObservationScale scaleOf(MetricFamily family, SeriesOverride o) {
    return o != null && o.scale() != null ? o.scale() : family.scale();
  }

  private static SeriesOverride override(MetricFamily family, Series s) {
    return family.overrides().isEmpty() ? null : family.overrides().get(s.key());
  }

  private static Signal valueOf(MetricFamily family, SeriesOverride o) {
    return o != null && o.value() != null ? o.value() : family.value();
  }

  private static Signal rateOf(MetricFamily family, SeriesOverride o) {
    return o != null && o.rate() != null ? o.rate() : family.rate();
  }
}
