package io.metricgen.engine.load;

import io.metricgen.engine.model.Distribution;
import io.metricgen.engine.model.MetricSpec;
import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.Distributions;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.signal.Rng;
import io.metricgen.engine.signal.Signal;
import io.metricgen.engine.time.Durations;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link Scenario} and compiles it. Every problem is collected and reported together, each
 * with its field path (and line, given a {@link SourceMap}).
 */
public final class ScenarioCompiler {

  static final Pattern METRIC_NAME = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*$");
  static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
  private static final Pattern UNIT = Pattern.compile("^[a-zA-Z0-9_]+$");

  /** The Prometheus client libraries' default histogram buckets. */
  static final List<Double> DEFAULT_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  static final List<Double> DEFAULT_QUANTILES = List.of(0.5, 0.9, 0.99);

  private ScenarioCompiler() {}

  /** Compiles a scenario that came from no file (problems carry field paths only). */
  public static CompiledScenario compile(Scenario scenario) {
    return compile(scenario, null, SourceMap.NONE, null);
  }

  /**
   * Compiles {@code scenario}.
   *
   * @param source file name for messages; may be null
   * @param maxSeriesOverride a cap that replaces the scenario's own; may be null
   * @throws io.metricgen.engine.InvalidInputException listing every problem
   */
  public static CompiledScenario compile(
      Scenario scenario, String source, SourceMap sourceMap, Integer maxSeriesOverride) {
    Problems problems = new Problems(source, sourceMap);
    FieldPath root = FieldPath.ROOT;
    long interval = intervalOf(scenario, problems);
    long seed = scenario.seed == null ? 0 : scenario.seed;
    Checks checks = new Checks(problems, interval > 0 ? interval : 15_000);
    List<MetricFamily> families = new ArrayList<>();
    if (scenario.metrics == null || scenario.metrics.isEmpty()) {
      problems.add(root.field("metrics"), "required: a list of at least one metric");
    } else {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < scenario.metrics.size(); i++) {
        FieldPath p = root.field("metrics").index(i);
        MetricSpec spec = scenario.metrics.get(i);
        if (spec == null) {
          problems.add(p, "must be a metric with name and type");
          continue;
        }
        MetricFamily family = metric(spec, p, seed, checks);
        if (family != null && !names.add(family.name())) {
          problems.add(p.field("name"), "another metric has the name " + family.name());
        }
        if (family != null) {
          families.add(family);
        }
      }
    }
    int cap = maxSeriesOverride != null ? maxSeriesOverride : maxSeriesOf(scenario, problems);
    long total = families.stream().mapToLong(f -> f.series().size()).sum();
    if (cap > 0 && total > cap) {
      problems.add(
          root.field("metrics"),
          "the label combinations expand to "
              + total
              + " series, over the cap of "
              + cap
              + "; use fewer label values or raise maxSeries");
    }
    problems.throwIfAny();
    return new CompiledScenario(interval, seed, List.copyOf(families));
  }

  private static long intervalOf(Scenario scenario, Problems problems) {
    String text = scenario.interval == null ? Scenario.DEFAULT_INTERVAL : scenario.interval;
    FieldPath p = FieldPath.ROOT.field("interval");
    try {
      long millis = Durations.parse(text).toMillis();
      if (millis <= 0) {
        problems.add(p, "must be positive; expected " + Durations.VALID + ", got " + text);
        return -1;
      }
      return millis;
    } catch (IllegalArgumentException e) {
      problems.add(p, e.getMessage());
      return -1;
    }
  }

  private static int maxSeriesOf(Scenario scenario, Problems problems) {
    if (scenario.maxSeries == null) {
      return Scenario.DEFAULT_MAX_SERIES;
    }
    if (scenario.maxSeries < 1) {
      problems.add(
          FieldPath.ROOT.field("maxSeries"), "must be at least 1, got " + scenario.maxSeries);
      return -1;
    }
    return scenario.maxSeries;
  }

  private static MetricFamily metric(MetricSpec spec, FieldPath p, long seed, Checks checks) {
    Problems problems = checks.problems();
    int before = problems.count();
    if (spec.name == null) {
      problems.add(p.field("name"), "required: a metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*");
    } else if (!METRIC_NAME.matcher(spec.name).matches()) {
      problems.add(
          p.field("name"),
          "\"" + spec.name + "\" is not a valid metric name; expected [a-zA-Z_:][a-zA-Z0-9_:]*");
    }
    if (spec.type == null) {
      problems.add(p.field("type"), "required: one of gauge, counter, histogram, summary");
      return null;
    }
    String name = spec.name;
    if (name != null && spec.type == MetricType.COUNTER && name.endsWith("_total")) {
      name = name.substring(0, name.length() - "_total".length());
    }
    if (spec.unit != null && name != null) {
      if (!UNIT.matcher(spec.unit).matches()) {
        problems.add(
            p.field("unit"), "\"" + spec.unit + "\" is not a valid unit; expected [a-zA-Z0-9_]+");
      } else if (!name.endsWith("_" + spec.unit)) {
        problems.add(
            p.field("unit"),
            "OpenMetrics needs the metric name to end with _"
                + spec.unit
                + ", but it is "
                + spec.name);
      }
    }
    List<Series> series = expand(spec, p, seed, name, problems);
    Signal value = null;
    Signal rate = null;
    ShapeCompiler shapes = new ShapeCompiler(checks);
    MetricType type = spec.type;
    String only = "is only for counters, histograms and summaries";
    if (type == MetricType.GAUGE) {
      value = shapes.compile(spec.value, p.field("value"));
      forbid(
          spec.rate,
          p.field("rate"),
          "is only for counters, histograms and summaries; a gauge takes value",
          problems);
      forbid(spec.resets, p.field("resets"), only, problems);
    } else if (type == MetricType.COUNTER && spec.value != null) {
      value = shapes.compile(spec.value, p.field("value"));
      forbid(spec.rate, p.field("rate"), "give either value or rate, not both", problems);
      forbid(
          spec.resets,
          p.field("resets"),
          "is only for counters driven by rate; with value, resets are in the values",
          problems);
    } else if (type == MetricType.COUNTER) {
      if (spec.rate == null) {
        problems.add(p.field("rate"), "required: a counter needs rate (per second) or value");
      } else {
        rate = shapes.compile(spec.rate, p.field("rate"));
      }
    } else {
      forbid(
          spec.value,
          p.field("value"),
          "a " + type.yamlName() + " is driven by rate (observations per second), not value",
          problems);
      rate = shapes.compile(spec.rate, p.field("rate"));
    }
    if (type != MetricType.HISTOGRAM) {
      forbid(spec.buckets, p.field("buckets"), "is only for histograms", problems);
    }
    if (type != MetricType.SUMMARY) {
      forbid(spec.quantiles, p.field("quantiles"), "is only for summaries", problems);
    }
    if (type == MetricType.GAUGE || type == MetricType.COUNTER) {
      forbid(
          spec.distribution,
          p.field("distribution"),
          "is only for histograms and summaries",
          problems);
    }
    long[] resets = resets(spec, p, checks);
    double[] bounds = new double[0];
    double[] shares = new double[0];
    double[] quantiles = new double[0];
    double[] quantileValues = new double[0];
    double mean = 0;
    if (type == MetricType.HISTOGRAM) {
      bounds =
          bounds(
              spec.buckets == null ? DEFAULT_BUCKETS : spec.buckets, p.field("buckets"), problems);
      ObservationModel model =
          ObservationModel.of(spec.distribution, bounds, p.field("distribution"), true, problems);
      if (model != null) {
        shares = model.shares();
        mean = model.mean();
      }
    } else if (type == MetricType.SUMMARY) {
      quantiles =
          quantiles(
              spec.quantiles == null ? DEFAULT_QUANTILES : spec.quantiles,
              p.field("quantiles"),
              problems);
      ObservationModel model =
          ObservationModel.of(spec.distribution, bounds, p.field("distribution"), false, problems);
      if (model != null) {
        quantileValues = new double[quantiles.length];
        for (int i = 0; i < quantiles.length; i++) {
          quantileValues[i] = model.quantile(quantiles[i]);
        }
        mean = model.mean();
      }
    }
    if (problems.count() > before) {
      return null;
    }
    return new MetricFamily(
        name,
        type,
        spec.help,
        spec.unit,
        series,
        checks.intervalMillis(),
        value,
        rate,
        resets,
        bounds,
        shares,
        quantiles,
        quantileValues,
        mean);
  }

  private static void forbid(Object value, FieldPath p, String why, Problems problems) {
    if (value != null) {
      problems.add(p, why);
    }
  }

  private static List<Series> expand(
      MetricSpec spec, FieldPath p, long seed, String name, Problems problems) {
    int before = problems.count();
    Map<String, List<String>> labels = spec.labels == null ? Map.of() : spec.labels;
    List<String> names = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    long combinations = 1;
    for (Map.Entry<String, List<String>> e : labels.entrySet()) {
      FieldPath lp = p.field("labels").field(e.getKey());
      String label = e.getKey();
      if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
        problems.add(
            lp,
            "\""
                + label
                + "\" is not a valid label name; expected [a-zA-Z_][a-zA-Z0-9_]* not starting with __");
        continue;
      }
      String reserved = reservedLabel(spec.type);
      if (label.equals(reserved)) {
        problems.add(lp, "\"" + label + "\" is reserved in a " + spec.type.yamlName());
        continue;
      }
      List<String> v = e.getValue();
      if (v == null || v.isEmpty() || v.contains(null)) {
        problems.add(lp, "needs a value or a list of values");
        continue;
      }
      if (new HashSet<>(v).size() != v.size()) {
        problems.add(lp, "lists a value twice");
        continue;
      }
      names.add(label);
      values.add(v);
      combinations = Math.min(Long.MAX_VALUE / 2, combinations * v.size());
    }
    if (combinations > Integer.MAX_VALUE / 2) {
      problems.add(p.field("labels"), "expand to " + combinations + " series, far too many");
      return List.of();
    }
    List<Series> out = new ArrayList<>((int) combinations);
    if (problems.count() > before || name == null) {
      return out;
    }
    String[] labelNames = names.toArray(new String[0]);
    int[] index = new int[names.size()];
    for (long c = 0; c < combinations; c++) {
      String[] labelValues = new String[names.size()];
      StringBuilder identity = new StringBuilder(name);
      for (int i = 0; i < index.length; i++) {
        labelValues[i] = values.get(i).get(index[i]);
        identity.append('\u0000').append(labelNames[i]).append('\u0000').append(labelValues[i]);
      }
      out.add(new Series(Labels.of(labelNames, labelValues), Rng.mix(seed) ^ Rng.hash(identity)));
      for (int i = index.length - 1; i >= 0; i--) {
        if (++index[i] < values.get(i).size()) {
          break;
        }
        index[i] = 0;
      }
    }
    return out;
  }

  private static String reservedLabel(MetricType type) {
    return switch (type) {
      case HISTOGRAM -> "le";
      case SUMMARY -> "quantile";
      default -> null;
    };
  }

  private static long[] resets(MetricSpec spec, FieldPath p, Checks checks) {
    if (spec.resets == null) {
      return new long[0];
    }
    long[] steps = new long[spec.resets.size()];
    for (int i = 0; i < steps.length; i++) {
      long millis = checks.positiveDuration(spec.resets.get(i), p.field("resets").index(i));
      steps[i] = millis < 0 ? 0 : (millis + checks.intervalMillis() - 1) / checks.intervalMillis();
    }
    Arrays.sort(steps);
    return Arrays.stream(steps).distinct().toArray();
  }

  private static double[] bounds(List<Double> buckets, FieldPath p, Problems problems) {
    double[] out = new double[buckets.size()];
    for (int i = 0; i < out.length; i++) {
      Double b = buckets.get(i);
      if (b == null || !Double.isFinite(b)) {
        problems.add(p.index(i), "must be a finite number (+Inf is added by itself), got " + b);
        return new double[0];
      }
      if (i > 0 && b <= out[i - 1]) {
        problems.add(
            p.index(i),
            "bucket bounds must increase strictly, but " + b + " follows " + out[i - 1]);
        return new double[0];
      }
      out[i] = b;
    }
    if (out.length == 0) {
      problems.add(p, "needs at least one bucket bound");
    }
    return out;
  }

  private static double[] quantiles(List<Double> list, FieldPath p, Problems problems) {
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      Double q = list.get(i);
      if (q == null || !(q > 0 && q < 1)) {
        problems.add(p.index(i), "must be between 0 and 1 (exclusive), got " + q);
        return new double[0];
      }
      if (i > 0 && q <= out[i - 1]) {
        problems.add(
            p.index(i), "quantiles must increase strictly, but " + q + " follows " + out[i - 1]);
        return new double[0];
      }
      out[i] = q;
    }
    return out;
  }

  /** Observations' shares below each bound, quantiles and mean, from a {@link Distribution}. */
  private record ObservationModel(
      double[] shares, double mu, double sigma, double mean, double p50, double p99) {

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
              p.field("logNormal").field("p99"),
              "required: a number greater than p50 (" + p50 + ")");
          return null;
        }
        double mu = StrictMath.log(p50);
        double sigma = (StrictMath.log(p99) - mu) / Distributions.Z99;
        double[] shares = new double[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
          shares[i] =
              bounds[i] <= 0
                  ? 0
                  : Distributions.normalCdf((StrictMath.log(bounds[i]) - mu) / sigma);
        }
        return new ObservationModel(
            shares, mu, sigma, StrictMath.exp(mu + sigma * sigma / 2), p50, p99);
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
          shares, Double.NaN, Double.NaN, weighted / total, Double.NaN, Double.NaN);
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
}
