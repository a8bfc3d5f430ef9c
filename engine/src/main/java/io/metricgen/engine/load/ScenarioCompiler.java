package io.metricgen.engine.load;

import io.metricgen.engine.model.Exemplars;
import io.metricgen.engine.model.MetricSpec;
import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.model.NativeHistogram;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.model.Shape;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.ExemplarPlan;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.NativeLayout;
import io.metricgen.engine.series.ObservationScale;
import io.metricgen.engine.series.Observations;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.signal.Signal;
import io.metricgen.engine.time.Durations;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a {@link Scenario} and compiles it. Every problem is collected and reported together, each
 * with its field path (and line, given a {@link SourceMap}).
 */
public final class ScenarioCompiler {

  /** A Prometheus metric name. */
  public static final Pattern METRIC_NAME = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*$");

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
    return compile(scenario, source, sourceMap, maxSeriesOverride, FieldPath.ROOT);
  }

  /**
   * Compiles a scenario that sits at {@code root} of a larger document (such as {@code
   * spec.scenario} of a MetricGenerator), so that problems name the document's own paths.
   */
  public static CompiledScenario compile(
      Scenario scenario,
      String source,
      SourceMap sourceMap,
      Integer maxSeriesOverride,
      FieldPath root) {
    Problems problems = new Problems(source, sourceMap);
    long interval = intervalOf(scenario, problems, root);
    long seed = scenario.seed == null ? 0 : scenario.seed;
    Checks checks = new Checks(problems, interval > 0 ? interval : 15_000);
    List<MetricFamily> families = new ArrayList<>();
    if (scenario.expect != null) {
      for (int i = 0; i < scenario.expect.size(); i++) {
        try {
          io.metricgen.engine.ruletest.Expectation.parse(String.valueOf(scenario.expect.get(i)));
        } catch (IllegalArgumentException e) {
          problems.add(root.field("expect").index(i), e.getMessage());
        }
      }
    }
    if (scenario.metrics == null || scenario.metrics.isEmpty()) {
      problems.add(root.field("metrics"), "required: a list of at least one metric");
    } else {
      boolean expand = seriesWithinLimits(scenario, maxSeriesOverride, problems, root);
      Map<String, String> sampleNames = new HashMap<>();
      for (int i = 0; i < scenario.metrics.size(); i++) {
        FieldPath p = root.field("metrics").index(i);
        MetricSpec spec = scenario.metrics.get(i);
        if (spec == null) {
          problems.add(p, "must be a metric with name and type");
          continue;
        }
        MetricFamily family = metric(spec, p, seed, expand, checks);
        if (family != null) {
          claimSampleNames(family, p, sampleNames, problems);
          families.add(family);
        }
      }
    }
    problems.throwIfAny();
    return new CompiledScenario(interval, seed, List.copyOf(families));
  }

  private static long intervalOf(Scenario scenario, Problems problems, FieldPath root) {
    String text = scenario.interval == null ? Scenario.DEFAULT_INTERVAL : scenario.interval;
    FieldPath p = root.field("interval");
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

  /**
   * Whether the series may be expanded: their count, taken without overflow before anything is
   * built, is within the cap, and the memory they need within the JVM's heap.
   */
  private static boolean seriesWithinLimits(
      Scenario scenario, Integer maxSeriesOverride, Problems problems, FieldPath root) {
    long cap;
    if (maxSeriesOverride != null) {
      if (maxSeriesOverride < 1) {
        problems.addUnplaced(
            "--max-series must be at least 1, as maxSeries must, got " + maxSeriesOverride);
        return false;
      }
      cap = maxSeriesOverride;
    } else if (scenario.maxSeries == null) {
      cap = Scenario.DEFAULT_MAX_SERIES;
    } else if (scenario.maxSeries < 1) {
      problems.add(root.field("maxSeries"), "must be at least 1, got " + scenario.maxSeries);
      return false;
    } else {
      cap = scenario.maxSeries;
    }
    long total = 0;
    long bytes = 0;
    for (MetricSpec spec : scenario.metrics) {
      if (spec != null) {
        long n = SeriesExpansion.count(spec);
        total = SeriesExpansion.saturatingAdd(total, n);
        bytes =
            SeriesExpansion.saturatingAdd(
                bytes, SeriesExpansion.saturatingMultiply(n, bytesPerSeries(spec)));
      }
    }
    if (total > cap) {
      problems.add(
          root.field("metrics"),
          "the label combinations expand to "
              + (total == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : String.valueOf(total))
              + " series, over the cap of "
              + cap
              + "; use fewer label values or raise maxSeries");
      return false;
    }
    long heap = Runtime.getRuntime().maxMemory();
    if (bytes > heap / 2) {
      problems.add(
          root.field("metrics"),
          "the "
              + total
              + " series need about "
              + (bytes >> 20)
              + " MiB of memory, more than half of the "
              + (heap >> 20)
              + " MiB this JVM may use; give it more (java -Xmx, or JAVA_TOOL_OPTIONS) or use"
              + " fewer series");
      return false;
    }
    return true;
  }

  /**
   * Heap a series takes while it runs: its labels, key, cursor, and its share of a scrape's
   * buffers. {@code serve} holds, after a full GC ({@code jcmd PID GC.heap_info}), about 250 bytes
   * per gauge series with three labels and 330 per histogram series with two; this is two to three
   * times that, for the transient buffers of a scrape or an export.
   */
  static long bytesPerSeries(MetricSpec spec) {
    long labels = spec.labels == null ? 0 : spec.labels.size();
    long values =
        switch (spec.type == null ? MetricType.GAUGE : spec.type) {
          case HISTOGRAM ->
              (spec.buckets == null ? DEFAULT_BUCKETS.size() : spec.buckets.size()) + 3;
          case SUMMARY ->
              (spec.quantiles == null ? DEFAULT_QUANTILES.size() : spec.quantiles.size()) + 2;
          default -> 1;
        };
    long nativeBuckets = 0;
    if (spec.nativeHistogram != null) {
      Integer max = spec.nativeHistogram.maxBuckets;
      nativeBuckets = max == null ? NativeHistogram.DEFAULT_MAX_BUCKETS : max == 0 ? 1000 : max;
    }
    return 400 + 96 * labels + 24 * values + 24 * nativeBuckets;
  }

  /**
   * Records the names {@code family}'s samples take, reporting any that another metric's take too:
   * Prometheus keeps only one of two families that share a name.
   */
  private static void claimSampleNames(
      MetricFamily family, FieldPath p, Map<String, String> claimed, Problems problems) {
    String name = family.name();
    List<String> names =
        switch (family.type()) {
          case GAUGE -> List.of(name);
          case COUNTER -> List.of(name, name + "_total", name + "_created");
          case HISTOGRAM ->
              List.of(name, name + "_bucket", name + "_count", name + "_sum", name + "_created");
          case SUMMARY -> List.of(name, name + "_count", name + "_sum", name + "_created");
        };
    String self = p + " (" + family.type().yamlName() + " " + name + ")";
    for (String n : names) {
      String other = claimed.putIfAbsent(n, self);
      if (other != null) {
        problems.add(
            p.field("name"),
            "the samples named "
                + n
                + " would also belong to "
                + other
                + "; Prometheus keeps only one of the two: rename one");
        return;
      }
    }
  }

  /**
   * One metric: what every type has (name, help, unit, series), then its type's own compiler, then
   * exemplars and per-series overrides. Null when it has problems (they are recorded).
   */
  private static MetricFamily metric(
      MetricSpec spec, FieldPath p, long seed, boolean expand, Checks checks) {
    Problems problems = checks.problems();
    int before = problems.count();
    if (spec.name == null) {
      problems.add(p.field("name"), "required: a metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*");
    } else if (!METRIC_NAME.matcher(spec.name).matches()) {
      problems.add(
          p.field("name"),
          "\"" + spec.name + "\" is not a valid metric name; expected [a-zA-Z_:][a-zA-Z0-9_:]*");
    }
    String helpProblem = spec.help == null ? null : Checks.notUnicode(spec.help);
    if (helpProblem != null) {
      problems.add(p.field("help"), helpProblem);
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
    List<Series> series = SeriesExpansion.expand(spec, p, seed, name, expand, problems);
    ShapeCompiler shapes = new ShapeCompiler(checks);
    forbidOtherTypesFields(spec, p, problems);
    Driven driven =
        switch (spec.type) {
          case GAUGE -> gauge(spec, p, shapes, problems);
          case COUNTER -> counter(spec, p, shapes, checks);
          case HISTOGRAM -> histogram(spec, p, shapes, checks);
          case SUMMARY -> summary(spec, p, shapes, checks);
        };
    ExemplarPlan exemplars =
        spec.exemplars == null
            ? null
            : exemplars(spec.exemplars, driven.observations(), p.field("exemplars"), checks);
    List<io.metricgen.engine.series.SeriesOverride> overrides =
        spec.overrides == null
            ? List.of()
            : overrides(
                spec,
                series,
                driven.value() != null,
                driven.observations(),
                driven.bounds(),
                driven.mean(),
                shapes,
                p,
                checks);
    // Each series follows the first override that matches it, found once here.
    Map<Long, io.metricgen.engine.series.SeriesOverride> bySeries = new HashMap<>();
    for (Series s : overrides.isEmpty() ? List.<Series>of() : series) {
      for (io.metricgen.engine.series.SeriesOverride o : overrides) {
        if (o.matches(s.labels())) {
          bySeries.put(s.key(), o);
          break;
        }
      }
    }
    if (problems.count() > before) {
      return null;
    }
    return new MetricFamily(
        name,
        spec.type,
        spec.help,
        spec.unit,
        series,
        checks.intervalMillis(),
        driven.value(),
        driven.rate(),
        driven.resets(),
        driven.histogram(),
        driven.summary(),
        exemplars,
        Map.copyOf(bySeries),
        Definitions.of(spec, checks.intervalMillis()));
  }

  /**
   * What a type's compiler makes of a metric: the signal that drives it (a value, or a rate to
   * accumulate) and its resets; for histograms and summaries also their own parts, and what an
   * observation is (which exemplars and overrides read). Null parts where the metric had problems.
   */
  private record Driven(
      Signal value,
      Signal rate,
      long[] resets,
      MetricFamily.Histogram histogram,
      MetricFamily.Summary summary,
      Observations observations,
      double[] bounds,
      double mean) {

    static Driven byValue(Signal value) {
      return new Driven(value, null, new long[0], null, null, null, new double[0], 0);
    }

    static Driven byRate(Signal rate, long[] resets) {
      return new Driven(null, rate, resets, null, null, null, new double[0], 0);
    }
  }

  /** Fields that belong to other types than the metric's. */
  private static void forbidOtherTypesFields(MetricSpec spec, FieldPath p, Problems problems) {
    MetricType type = spec.type;
    if (type != MetricType.HISTOGRAM) {
      forbid(spec.buckets, p.field("buckets"), "is only for histograms", problems);
      forbid(spec.nativeHistogram, p.field("native"), "is only for histograms", problems);
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
    if (type != MetricType.HISTOGRAM && type != MetricType.COUNTER) {
      forbid(spec.exemplars, p.field("exemplars"), "is only for counters and histograms", problems);
    }
  }

  /** A gauge: a value, as it is. */
  private static Driven gauge(
      MetricSpec spec, FieldPath p, ShapeCompiler shapes, Problems problems) {
    Signal value = shapes.compile(spec.value, p.field("value"));
    forbid(
        spec.rate,
        p.field("rate"),
        "is only for counters, histograms and summaries; a gauge takes value",
        problems);
    forbid(
        spec.resets, p.field("resets"), "is only for counters, histograms and summaries", problems);
    if (value != null) {
      bounded(spec.value, p.field("value"), MAX_VALUE, "", problems);
    }
    return Driven.byValue(value);
  }

  /** A counter: its values as given, or a rate (per second) accumulated, with resets. */
  private static Driven counter(MetricSpec spec, FieldPath p, ShapeCompiler shapes, Checks checks) {
    Problems problems = checks.problems();
    if (spec.value != null) {
      Signal value = shapes.compile(spec.value, p.field("value"));
      forbid(spec.rate, p.field("rate"), "give either value or rate, not both", problems);
      forbid(
          spec.resets,
          p.field("resets"),
          "is only for counters driven by rate; with value, resets are in the values",
          problems);
      if (value != null) {
        bounded(spec.value, p.field("value"), MAX_VALUE, "", problems);
      }
      return Driven.byValue(value);
    }
    Signal rate = null;
    if (spec.rate == null) {
      problems.add(p.field("rate"), "required: a counter needs rate (per second) or value");
    } else {
      rate = shapes.compile(spec.rate, p.field("rate"));
    }
    if (rate != null) {
      bounded(spec.rate, p.field("rate"), MAX_VALUE, "", problems);
    }
    return Driven.byRate(rate, resets(spec.resets, p, checks));
  }

  /** The rate of observations of a histogram or summary (per second), checked. */
  private static Signal observationRate(
      MetricSpec spec, FieldPath p, ShapeCompiler shapes, Problems problems) {
    forbid(
        spec.value,
        p.field("value"),
        "a " + spec.type.yamlName() + " is driven by rate (observations per second), not value",
        problems);
    Signal rate = shapes.compile(spec.rate, p.field("rate"));
    if (rate != null) {
      bounded(
          spec.rate,
          p.field("rate"),
          MAX_OBSERVATION_RATE,
          " per second; observations are counted in 64-bit integers, which this rate keeps"
              + " from overflowing for 292 years",
          problems);
    }
    return rate;
  }

  /** A histogram: observations at a rate, counted into buckets (classic, native or both). */
  private static Driven histogram(
      MetricSpec spec, FieldPath p, ShapeCompiler shapes, Checks checks) {
    Problems problems = checks.problems();
    Signal rate = observationRate(spec, p, shapes, problems);
    long[] resets = resets(spec.resets, p, checks);
    double[] bounds =
        bounds(spec.buckets == null ? DEFAULT_BUCKETS : spec.buckets, p.field("buckets"), problems);
    ObservationModel model =
        ObservationModel.of(spec.distribution, bounds, p.field("distribution"), true, problems);
    if (model == null) {
      return new Driven(null, rate, resets, null, null, null, bounds, 0);
    }
    Observations observations = model.observations();
    NativeLayout nativeLayout =
        spec.nativeHistogram == null
            ? null
            : nativeLayout(
                spec.nativeHistogram,
                spec.buckets != null,
                observations,
                p.field("native"),
                problems);
    ObservationScale scale = scale(spec, observations, bounds, model.mean(), shapes, p, problems);
    return new Driven(
        null,
        rate,
        resets,
        new MetricFamily.Histogram(
            bounds, model.shares(), model.mean(), scale, nativeLayout, observations),
        null,
        observations,
        bounds,
        model.mean());
  }

  /** A summary: observations at a rate, reported as quantiles. */
  private static Driven summary(MetricSpec spec, FieldPath p, ShapeCompiler shapes, Checks checks) {
    Problems problems = checks.problems();
    Signal rate = observationRate(spec, p, shapes, problems);
    long[] resets = resets(spec.resets, p, checks);
    double[] quantiles =
        quantiles(
            spec.quantiles == null ? DEFAULT_QUANTILES : spec.quantiles,
            p.field("quantiles"),
            problems);
    double[] noBounds = new double[0];
    ObservationModel model =
        ObservationModel.of(spec.distribution, noBounds, p.field("distribution"), false, problems);
    if (model == null) {
      return new Driven(null, rate, resets, null, null, null, noBounds, 0);
    }
    double[] quantileValues = new double[quantiles.length];
    for (int i = 0; i < quantiles.length; i++) {
      // 0 and 1 are the smallest and largest observation, as Go's client reports them.
      quantileValues[i] = model.quantile(Math.min(0.999, Math.max(0.001, quantiles[i])));
    }
    ObservationScale scale = scale(spec, null, noBounds, model.mean(), shapes, p, problems);
    return new Driven(
        null,
        rate,
        resets,
        null,
        new MetricFamily.Summary(quantiles, quantileValues, model.mean(), scale),
        null,
        noBounds,
        model.mean());
  }

  /** The distribution's scale, when it has one. */
  private static ObservationScale scale(
      MetricSpec spec,
      Observations observations,
      double[] bounds,
      double mean,
      ShapeCompiler shapes,
      FieldPath p,
      Problems problems) {
    if (spec.distribution == null || spec.distribution.scale == null) {
      return null;
    }
    return scale(
        spec,
        spec.distribution.scale,
        observations,
        bounds,
        mean,
        shapes,
        p.field("distribution").field("scale"),
        problems);
  }

  private static ObservationScale scale(
      MetricSpec spec,
      Shape shape,
      Observations observations,
      double[] bounds,
      double mean,
      ShapeCompiler shapes,
      FieldPath at,
      Problems problems) {
    if (spec.nativeHistogram != null) {
      problems.add(
          at,
          "is for classic histograms and summaries; a native histogram's buckets follow one"
              + " distribution here (drop native, or the scale)");
      return null;
    }
    bounded(shape, at, MAX_SCALE, ", a factor on the observations", problems);
    Signal factor = shapes.compile(shape, at);
    if (factor == null) {
      return null;
    }
    if (observations == null) {
      // A summary has no bucket shares to follow the factor: its quantiles and sum scale alone.
      observations = Observations.logNormal(0, 1);
    }
    return new ObservationScale(factor, observations, bounds, mean);
  }

  private static List<io.metricgen.engine.series.SeriesOverride> overrides(
      MetricSpec spec,
      List<Series> series,
      boolean valueDriven,
      Observations observations,
      double[] bounds,
      double mean,
      ShapeCompiler shapes,
      FieldPath p,
      Checks checks) {
    Problems problems = checks.problems();
    List<io.metricgen.engine.series.SeriesOverride> out = new ArrayList<>();
    boolean accumulated = spec.type != MetricType.GAUGE && !valueDriven;
    boolean observed = spec.type == MetricType.HISTOGRAM || spec.type == MetricType.SUMMARY;
    String driven = accumulated ? "rate" : "value";
    for (int i = 0; i < spec.overrides.size(); i++) {
      io.metricgen.engine.model.SeriesOverride o = spec.overrides.get(i);
      FieldPath at = p.field("overrides").index(i);
      if (o == null) {
        problems.add(at, "required: series and what they follow (value, rate, resets or scale)");
        continue;
      }
      if (o.series == null || o.series.isEmpty()) {
        problems.add(at.field("series"), "required: rows of labels that name the series");
      } else {
        for (int r = 0; r < o.series.size(); r++) {
          Map<String, String> row = o.series.get(r);
          var single =
              new io.metricgen.engine.series.SeriesOverride(
                  row == null ? List.of() : List.of(row), null, null, null, null, null);
          if (row == null || row.isEmpty()) {
            problems.add(at.field("series").index(r), "required: at least one label and value");
          } else if (!series.isEmpty()
              && series.stream().noneMatch(x -> single.matches(x.labels()))) {
            problems.add(
                at.field("series").index(r),
                "matches none of the metric's series; a row names labels the metric has, with"
                    + " values it takes");
          }
        }
      }
      forbid(
          accumulated ? o.value : o.rate,
          at.field(accumulated ? "value" : "rate"),
          "this metric follows " + driven + ", so its series do too",
          problems);
      if (!accumulated) {
        forbid(o.resets, at.field("resets"), "only for series driven by rate", problems);
      }
      if (!observed) {
        forbid(o.scale, at.field("scale"), "is only for histograms and summaries", problems);
      }
      if (o.value == null && o.rate == null && o.resets == null && o.scale == null) {
        problems.add(
            at,
            "required: what these series follow: "
                + driven
                + (accumulated ? ", resets" : "")
                + (observed ? " or scale" : ""));
        continue;
      }
      Signal value = null;
      Signal rate = null;
      if (o.value != null && !accumulated) {
        value = shapes.compile(o.value, at.field("value"));
        bounded(o.value, at.field("value"), MAX_VALUE, "", problems);
      }
      if (o.rate != null && accumulated) {
        rate = shapes.compile(o.rate, at.field("rate"));
        bounded(
            o.rate,
            at.field("rate"),
            observed ? MAX_OBSERVATION_RATE : MAX_VALUE,
            observed ? " per second" : "",
            problems);
      }
      long[] resets = o.resets == null || !accumulated ? null : resets(o.resets, at, checks);
      ObservationScale scale =
          o.scale == null || !observed
              ? null
              : scale(
                  spec, o.scale, observations, bounds, mean, shapes, at.field("scale"), problems);
      List<Map<String, String>> rows =
          o.series == null ? List.of() : o.series.stream().filter(r -> r != null).toList();
      out.add(
          new io.metricgen.engine.series.SeriesOverride(
              rows, value, rate, resets, scale, Definitions.of(o)));
    }
    return out;
  }

  private static NativeLayout nativeLayout(
      NativeHistogram spec,
      boolean withClassic,
      Observations observations,
      FieldPath p,
      Problems problems) {
    int schema = spec.schema == null ? NativeHistogram.DEFAULT_SCHEMA : spec.schema;
    if (schema < NativeLayout.MIN_SCHEMA || schema > NativeLayout.MAX_SCHEMA) {
      problems.add(
          p.field("schema"),
          "must be from "
              + NativeLayout.MIN_SCHEMA
              + " to "
              + NativeLayout.MAX_SCHEMA
              + " (as Prometheus takes them), got "
              + schema);
      return null;
    }
    double zeroThreshold =
        spec.zeroThreshold == null ? NativeHistogram.DEFAULT_ZERO_THRESHOLD : spec.zeroThreshold;
    if (!(zeroThreshold >= 0) || Double.isInfinite(zeroThreshold)) {
      problems.add(
          p.field("zeroThreshold"), "must be a finite number 0 or more, got " + zeroThreshold);
      return null;
    }
    int maxBuckets =
        spec.maxBuckets == null ? NativeHistogram.DEFAULT_MAX_BUCKETS : spec.maxBuckets;
    if (maxBuckets < 0) {
      problems.add(p.field("maxBuckets"), "must be 0 (no limit) or more, got " + maxBuckets);
      return null;
    }
    double smallest = observations.smallest();
    if (smallest < -zeroThreshold) {
      problems.add(
          p,
          "the weights put observations at "
              + smallest
              + ", below zero; native histograms here count observations of 0 or more (the"
              + " zero bucket takes those within zeroThreshold of 0)");
      return null;
    }
    try {
      return NativeLayout.of(observations, schema, zeroThreshold, maxBuckets, withClassic);
    } catch (IllegalArgumentException e) {
      problems.add(p, e.getMessage());
      return null;
    }
  }

  private static ExemplarPlan exemplars(
      Exemplars spec, Observations observations, FieldPath p, Checks checks) {
    Problems problems = checks.problems();
    long every = spec.every == null ? 1 : checks.steps(spec.every, p.field("every"));
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    int chars = ExemplarPlan.TRACE_ID_CHARS;
    Map<String, String> labels = spec.labels == null ? Map.of() : spec.labels;
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      FieldPath lp = p.field("labels").field(e.getKey());
      String problem =
          Checks.labelProblem(
              e.getKey(),
              e.getValue(),
              Map.of(
                  ExemplarPlan.TRACE_ID,
                  "trace_id is set by metricgen, random but the same on every run of the seed"));
      if (problem != null) {
        problems.add(lp, problem);
        continue;
      }
      names.add(e.getKey());
      values.add(e.getValue());
      chars += e.getKey().codePointCount(0, e.getKey().length());
      chars += e.getValue().codePointCount(0, e.getValue().length());
    }
    if (chars > ExemplarPlan.MAX_LABEL_CHARS) {
      problems.add(
          p.field("labels"),
          "the exemplar labels take "
              + chars
              + " characters with trace_id's "
              + ExemplarPlan.TRACE_ID_CHARS
              + "; OpenMetrics allows "
              + ExemplarPlan.MAX_LABEL_CHARS
              + ": use shorter or fewer labels");
    }
    if (every < 0) {
      return null;
    }
    return new ExemplarPlan(every, Labels.of(names, values), observations);
  }

  /** Values (and counter rates) stay this far below float64's largest, 1.8e308. */
  static final double MAX_VALUE = 1e300;

  /** Histogram and summary observations per second, at most. */
  static final double MAX_OBSERVATION_RATE = 1e9;

  /** The largest factor on observations: more would reach bounds no histogram has. */
  static final double MAX_SCALE = 1e6;

  private static void bounded(
      Shape shape, FieldPath p, double limit, String why, Problems problems) {
    double bound = ShapeBounds.of(shape);
    if (!(bound <= limit)) {
      problems.add(
          p,
          (Double.isInfinite(bound)
                  ? "reaches beyond the largest float64 (about 1.8e308)"
                  : "reaches about " + String.format(java.util.Locale.ROOT, "%.3g", bound))
              + "; at most "
              + String.format(java.util.Locale.ROOT, "%.0e", limit)
              + (why.isEmpty() ? ", so that no sample overflows to +Inf" : why));
    }
  }

  private static void forbid(Object value, FieldPath p, String why, Problems problems) {
    if (value != null) {
      problems.add(p, why);
    }
  }

  private static long[] resets(List<String> resets, FieldPath p, Checks checks) {
    if (resets == null) {
      return new long[0];
    }
    long[] steps = new long[resets.size()];
    for (int i = 0; i < steps.length; i++) {
      long millis = checks.positiveDuration(resets.get(i), p.field("resets").index(i));
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
      if (q == null || !(q >= 0 && q <= 1)) {
        problems.add(p.index(i), "must be between 0 and 1, got " + q);
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
}
