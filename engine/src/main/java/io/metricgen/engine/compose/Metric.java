package io.metricgen.engine.compose;

import io.metricgen.engine.model.MetricType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One metric family of a {@link Scenario}: a name, its type, its labels (each label's values expand
 * into one series per combination) and its shapes. Immutable; built with {@link #counter}, {@link
 * #gauge}, {@link #histogram} or {@link #summary}, checked as it is built.
 *
 * <pre>{@code
 * Metric requests =
 *     Metric.counter("http_requests_total")
 *         .help("HTTP requests.")
 *         .label("method", "GET", "POST")
 *         .rate(Shape.constant(20))
 *         .build();
 * }</pre>
 */
public final class Metric {

  private static final Pattern METRIC_NAME = io.metricgen.engine.load.ScenarioCompiler.METRIC_NAME;
  private static final Pattern LABEL_NAME = io.metricgen.engine.load.Checks.LABEL_NAME;

  private final io.metricgen.engine.model.MetricSpec model;

  private Metric(io.metricgen.engine.model.MetricSpec model) {
    this.model = model;
  }

  /** The metric's name. */
  public String name() {
    return model.name;
  }

  /** A counter: it rises by its {@code rate} times the interval each step. */
  public static Builder counter(String name) {
    return new Builder(name, MetricType.COUNTER);
  }

  /** A gauge: its {@code value} at each step. */
  public static Builder gauge(String name) {
    return new Builder(name, MetricType.GAUGE);
  }

  /** A classic histogram: {@code rate} observations a second, in {@code buckets}. */
  public static Builder histogram(String name) {
    return new Builder(name, MetricType.HISTOGRAM);
  }

  /** A summary: {@code rate} observations a second, with quantiles. */
  public static Builder summary(String name) {
    return new Builder(name, MetricType.SUMMARY);
  }

  /** Builds a {@link Metric}; every method checks what it is given at once. */
  public static final class Builder {
    private final io.metricgen.engine.model.MetricSpec m =
        new io.metricgen.engine.model.MetricSpec();

    private Builder(String name, MetricType type) {
      Objects.requireNonNull(name, "name");
      if (!METRIC_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "metric name \"" + name + "\" is not valid: it must match [a-zA-Z_:][a-zA-Z0-9_:]*");
      }
      m.name = name;
      m.type = type;
      m.labels = new LinkedHashMap<>();
    }

    /** The HELP text. */
    public Builder help(String help) {
      m.help = Objects.requireNonNull(help, "help");
      return this;
    }

    /** The unit (the name must end in {@code _unit}, as OpenMetrics asks). */
    public Builder unit(String unit) {
      Objects.requireNonNull(unit, "unit");
      String base = m.name.endsWith("_total") ? m.name.substring(0, m.name.length() - 6) : m.name;
      if (!base.endsWith("_" + unit)) {
        throw new IllegalArgumentException(
            m.name + ": with unit " + unit + " the name must end in _" + unit);
      }
      m.unit = unit;
      return this;
    }

    /** A label with one value, or several: one series for each. */
    public Builder label(String name, String... values) {
      Objects.requireNonNull(name, "label name");
      Objects.requireNonNull(values, "label values");
      if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
        throw new IllegalArgumentException(
            m.name
                + ": label name \""
                + name
                + "\" is not valid: it must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __");
      }
      if (m.labels.containsKey(name)) {
        throw new IllegalArgumentException(m.name + ": label " + name + " is given twice");
      }
      if (values.length == 0) {
        throw new IllegalArgumentException(m.name + ": label " + name + " needs a value");
      }
      List<String> list = new ArrayList<>();
      for (String v : values) {
        list.add(Objects.requireNonNull(v, "value of label " + name));
      }
      if (list.stream().distinct().count() != list.size()) {
        throw new IllegalArgumentException(m.name + ": label " + name + " repeats a value");
      }
      m.labels.put(name, List.copyOf(list));
      return this;
    }

    /** The value at each step: gauges (and counters given their values directly). */
    public Builder value(Shape value) {
      Objects.requireNonNull(value, "value");
      if (m.type == MetricType.HISTOGRAM || m.type == MetricType.SUMMARY) {
        throw new IllegalArgumentException(
            m.name + ": a " + typeName() + " takes a rate of observations, not a value");
      }
      m.value = value.copy();
      return this;
    }

    /** Per second: how fast a counter rises, or how many observations a histogram gets. */
    public Builder rate(Shape rate) {
      Objects.requireNonNull(rate, "rate");
      if (m.type == MetricType.GAUGE) {
        throw new IllegalArgumentException(m.name + ": a gauge takes a value, not a rate");
      }
      m.rate = rate.copy();
      return this;
    }

    /** Offsets from the start at which a counter, histogram or summary resets to zero. */
    public Builder resets(Duration... at) {
      Objects.requireNonNull(at, "resets");
      if (m.type == MetricType.GAUGE) {
        throw new IllegalArgumentException(m.name + ": a gauge has no resets");
      }
      m.resets = new ArrayList<>();
      for (Duration d : at) {
        m.resets.add(Shape.positive("resets", "offset", d));
      }
      return this;
    }

    /** A histogram's bucket upper bounds, strictly increasing ({@code +Inf} is added). */
    public Builder buckets(double... bounds) {
      only(MetricType.HISTOGRAM, "buckets");
      Objects.requireNonNull(bounds, "buckets");
      List<Double> list = new ArrayList<>();
      for (int i = 0; i < bounds.length; i++) {
        Shape.finite("buckets", "bound " + i, bounds[i]);
        if (i > 0 && bounds[i] <= bounds[i - 1]) {
          throw new IllegalArgumentException(
              m.name
                  + ": buckets must increase strictly, got "
                  + bounds[i - 1]
                  + " then "
                  + bounds[i]);
        }
        list.add(bounds[i]);
      }
      if (list.isEmpty()) {
        throw new IllegalArgumentException(m.name + ": give at least one bucket bound");
      }
      m.buckets = List.copyOf(list);
      return this;
    }

    /** A summary's quantiles, each in [0, 1]. */
    public Builder quantiles(double... quantiles) {
      only(MetricType.SUMMARY, "quantiles");
      Objects.requireNonNull(quantiles, "quantiles");
      List<Double> list = new ArrayList<>();
      for (double q : quantiles) {
        if (!(q >= 0 && q <= 1)) {
          throw new IllegalArgumentException(m.name + ": a quantile must be in [0, 1], got " + q);
        }
        list.add(q);
      }
      m.quantiles = List.copyOf(list);
      return this;
    }

    /** Observations log-normally distributed, by their median and 99th percentile. */
    public Builder logNormal(double p50, double p99) {
      if (m.type != MetricType.HISTOGRAM && m.type != MetricType.SUMMARY) {
        throw new IllegalArgumentException(m.name + ": only histograms and summaries observe");
      }
      if (!(p50 > 0) || !(p99 > p50) || Double.isInfinite(p99)) {
        throw new IllegalArgumentException(
            m.name + ": logNormal needs 0 < p50 < p99, got p50 " + p50 + ", p99 " + p99);
      }
      m.distribution = new io.metricgen.engine.model.Distribution();
      m.distribution.logNormal = new io.metricgen.engine.model.Distribution.LogNormal();
      m.distribution.logNormal.p50 = p50;
      m.distribution.logNormal.p99 = p99;
      return this;
    }

    /**
     * The metric.
     *
     * @throws IllegalArgumentException when its type needs a shape it was not given
     */
    public Metric build() {
      if (m.type == MetricType.GAUGE && m.value == null) {
        throw new IllegalArgumentException(m.name + ": a gauge needs a value");
      }
      if (m.type != MetricType.GAUGE && m.value == null && m.rate == null) {
        throw new IllegalArgumentException(m.name + ": a " + typeName() + " needs a rate");
      }
      return new Metric(Composer.copy(m));
    }

    private void only(MetricType type, String what) {
      if (m.type != type) {
        throw new IllegalArgumentException(
            m.name + ": only a " + type.name().toLowerCase(java.util.Locale.ROOT) + " has " + what);
      }
    }

    private String typeName() {
      return m.type.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A deep copy of the model. */
  io.metricgen.engine.model.MetricSpec copy() {
    return Composer.copy(model);
  }

  /** The labels and their values, as given. */
  public Map<String, List<String>> labels() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(model.labels));
  }

  @Override
  public String toString() {
    return Composer.json(model);
  }
}
