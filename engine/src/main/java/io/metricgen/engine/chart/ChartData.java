package io.metricgen.engine.chart;

import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * The values a chart draws: one line per series over a number of steps, NaN where a step has no
 * sample. Classic histograms and summaries are drawn by their {@code _count}; a native histogram by
 * its median and 99th percentile over the last five minutes, as {@code histogram_quantile(q,
 * rate(x[5m]))} gives them.
 */
public record ChartData(String title, double[] values) {

  /** The quantiles a native histogram is drawn by. */
  static final double[] QUANTILES = {0.5, 0.99};

  /** The window native quantiles are taken over, as a dashboard's rate(x[5m]). */
  static final long WINDOW_MILLIS = 300_000;

  /** Lines for the first {@code limit} series of the scenario over {@code steps} steps. */
  public static List<ChartData> of(CompiledScenario scenario, long steps, int limit) {
    List<ChartData> out = new ArrayList<>();
    for (MetricFamily family : scenario.families()) {
      for (Series series : family.series()) {
        if (out.size() == limit) {
          return out;
        }
        SeriesCursor cursor = family.cursor(series, 0);
        if (family.nativeLayout() != null) {
          double[][] lines = nativeQuantiles(family, cursor, steps);
          for (int q = 0; q < QUANTILES.length && out.size() < limit; q++) {
            out.add(new ChartData(quantileTitle(family, series, QUANTILES[q]), lines[q]));
          }
          continue;
        }
        double[] values = new double[(int) steps];
        int index =
            family.width()
                - (family.type() == MetricType.HISTOGRAM || family.type() == MetricType.SUMMARY
                    ? 2
                    : 1);
        for (int k = 0; k < steps; k++) {
          values[k] = cursor.next() == SeriesCursor.PRESENT ? cursor.values()[index] : Double.NaN;
        }
        out.add(new ChartData(title(family, series), values));
      }
    }
    return out;
  }

  /** Each quantile of the observations in the window before each step; NaN where there are none. */
  private static double[][] nativeQuantiles(MetricFamily family, SeriesCursor cursor, long steps) {
    int window = (int) Math.max(1, WINDOW_MILLIS / family.intervalMillis());
    double[][] out = new double[QUANTILES.length][(int) steps];
    NativeBuckets[] past = new NativeBuckets[window + 1];
    for (int k = 0; k < steps; k++) {
      NativeBuckets now =
          cursor.next() == SeriesCursor.PRESENT ? NativeBuckets.of(cursor.nativeSample()) : null;
      past[k % past.length] = now;
      NativeBuckets before = k >= window ? past[(k - window) % past.length] : null;
      for (int q = 0; q < QUANTILES.length; q++) {
        out[q][k] =
            now == null || before == null ? Double.NaN : now.minus(before).quantile(QUANTILES[q]);
      }
    }
    return out;
  }

  private static String quantileTitle(MetricFamily family, Series series, double q) {
    return "histogram_quantile("
        + q
        + ", rate("
        + selector(family.name(), series)
        + "[5m])) (native histogram)";
  }

  private static String title(MetricFamily family, Series series) {
    String name =
        switch (family.type()) {
          case COUNTER -> family.name() + "_total";
          case HISTOGRAM, SUMMARY -> family.name() + "_count";
          case GAUGE -> family.name();
        };
    return selector(name, series) + " (" + family.type().yamlName() + ")";
  }

  /** {@code name{label="value",...}}, as PromQL selects the series. */
  private static String selector(String name, Series series) {
    StringBuilder out = new StringBuilder(name);
    if (!series.labels().isEmpty()) {
      out.append('{');
      for (int i = 0; i < series.labels().size(); i++) {
        out.append(i == 0 ? "" : ",")
            .append(series.labels().getName(i))
            .append("=\"")
            .append(series.labels().getValue(i))
            .append('"');
      }
      out.append('}');
    }
    return out.toString();
  }

  /** The smallest and largest value, ignoring missing steps; {0, 0} when all are missing. */
  double[] range() {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (min > max) {
      return new double[] {0, 0};
    }
    return new double[] {min, max};
  }
}
