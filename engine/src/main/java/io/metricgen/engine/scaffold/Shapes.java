package io.metricgen.engine.scaffold;

import io.metricgen.engine.model.Distribution;
import io.metricgen.engine.model.Shape;
import java.util.List;
import java.util.Locale;

/** Plausible shapes for a metric of a kind, from what its name says it measures. */
final class Shapes {

  private Shapes() {}

  /** Per-second rate of a counter: a swell around a base that fits the unit, with noise. */
  static Shape counterRate(String name) {
    double base = rateBase(name);
    return clampedSine(base, "1h");
  }

  /** Observations per second of a histogram or summary, whatever they measure. */
  static Shape observationRate() {
    return clampedSine(5, "1h");
  }

  /**
   * A gauge that rises like a counter, for names queried with rate() that lack _total, which a
   * metricgen counter would add: a sawtooth rising at the counter's rate, resetting weekly.
   */
  static Shape risingGauge(String name) {
    Shape s = new Shape();
    s.sawtooth = new Shape.Wave();
    s.sawtooth.period = "1w";
    s.sawtooth.low = 0d;
    s.sawtooth.high = rateBase(name) * 7 * 24 * 3600;
    return s;
  }

  private static double rateBase(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.contains("bytes")) {
      return 500_000;
    }
    if (n.contains("seconds")) {
      return 0.3;
    }
    if (n.contains("error") || n.contains("fail")) {
      return 0.2;
    }
    return 5;
  }

  /** A gauge's value: constant where the name says state (up, status, info), else a walk. */
  static Shape gauge(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("up")
        || n.endsWith("_up")
        || n.endsWith("_status")
        || n.endsWith("_in")
        || n.endsWith("_info")
        || n.endsWith("_metadata")
        || n.endsWith("_health")) {
      return Shape.ofConstant(1);
    }
    if (n.endsWith("_celsius")) {
      Shape s = new Shape();
      s.sine = new Shape.Sine();
      s.sine.period = "30m";
      s.sine.amplitude = 10d;
      s.sine.offset = 40d;
      s.noise = 0.5;
      return s;
    }
    if (n.contains("bytes")) {
      return walk(1e9, 8e9);
    }
    if (n.endsWith("_ratio")) {
      return walk(0, 1);
    }
    if (n.endsWith("_percent") || n.endsWith("_pct") || n.contains("percent")) {
      return walk(0, 100);
    }
    if (n.endsWith("_seconds") || n.endsWith("_ms")) {
      return walk(n.endsWith("_ms") ? 1 : 0.001, n.endsWith("_ms") ? 200 : 2);
    }
    return walk(0, 100);
  }

  /** A value that alternates between what comparisons in the queries look for. */
  static Shape alternating(List<Double> values) {
    if (values.size() == 1) {
      return Shape.ofConstant(values.get(0));
    }
    Shape s = new Shape();
    s.square = new Shape.Square();
    s.square.period = "10m";
    s.square.low = values.get(0);
    s.square.high = values.get(1);
    return s;
  }

  /** Rises from low to high over each hour, then starts again. */
  static Shape sweep(double low, double high) {
    Shape s = new Shape();
    s.sawtooth = new Shape.Wave();
    s.sawtooth.period = "1h";
    s.sawtooth.low = low;
    s.sawtooth.high = high;
    return s;
  }

  /**
   * The value for half of each hour and no samples for the other half, for a metric that a query
   * asks to be absent(): both that query and those that read the metric find data.
   */
  static Shape sometimesAbsent(Shape value) {
    Shape.Segment present = new Shape.Segment();
    present.duration = "30m";
    present.value = value;
    Shape gap = new Shape();
    gap.gap = true;
    Shape.Segment missing = new Shape.Segment();
    missing.value = gap;
    Shape sequence = new Shape();
    sequence.sequence = List.of(present, missing);
    Shape s = new Shape();
    s.repeat = new Shape.Repeat();
    s.repeat.every = "1h";
    s.repeat.value = sequence;
    return s;
  }

  /** A bounded random walk. */
  static Shape walk(double min, double max) {
    Shape s = new Shape();
    s.randomWalk = new Shape.RandomWalk();
    s.randomWalk.min = min;
    s.randomWalk.max = max;
    return s;
  }

  private static Shape clampedSine(double base, String period) {
    Shape sine = new Shape();
    sine.sine = new Shape.Sine();
    sine.sine.period = period;
    sine.sine.amplitude = base * 0.3;
    sine.sine.offset = base;
    sine.noise = base * 0.05;
    Shape s = new Shape();
    s.clamp = new Shape.Clamp();
    s.clamp.min = 0d;
    s.clamp.value = sine;
    return s;
  }

  /** Observations of a histogram or summary: log-normal, scaled for the unit in the name. */
  static Distribution distribution(String name, List<Double> buckets) {
    Distribution d = new Distribution();
    d.logNormal = new Distribution.LogNormal();
    String n = name.toLowerCase(Locale.ROOT);
    if (buckets != null && buckets.size() >= 3) {
      double low = buckets.get(buckets.size() / 3);
      double high = buckets.get(buckets.size() - 2);
      d.logNormal.p50 = low > 0 ? low : buckets.get(buckets.size() / 2);
      d.logNormal.p99 = high > d.logNormal.p50 ? high : d.logNormal.p50 * 10;
    } else if (n.contains("bytes")) {
      d.logNormal.p50 = 20_000d;
      d.logNormal.p99 = 2_000_000d;
    } else {
      d.logNormal.p50 = 0.08;
      d.logNormal.p99 = 1.5;
    }
    return d;
  }

  /** Bucket bounds for a histogram whose queries name too few: defaults that fit the unit. */
  static List<Double> buckets(String name) {
    if (name.toLowerCase(Locale.ROOT).contains("bytes")) {
      return List.of(1e3, 1e4, 1e5, 1e6, 1e7, 1e8);
    }
    return null;
  }
}
