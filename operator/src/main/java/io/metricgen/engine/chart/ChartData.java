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
 * sample. Histograms and summaries are drawn by their {@code _count}.
 */
public record ChartData(String title, double[] values) {

  /** Lines for the first {@code limit} series of the scenario over {@code steps} steps. */
  public static List<ChartData> of(CompiledScenario scenario, long steps, int limit) {
    List<ChartData> out = new ArrayList<>();
    for (MetricFamily family : scenario.families()) {
      for (Series series : family.series()) {
        if (out.size() == limit) {
          return out;
        }
        SeriesCursor cursor = family.cursor(series, 0);
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

  private static String title(MetricFamily family, Series series) {
    String name =
        switch (family.type()) {
          case COUNTER -> family.name() + "_total";
          case HISTOGRAM, SUMMARY -> family.name() + "_count";
          case GAUGE -> family.name();
        };
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
    return out.append(" (").append(family.type().yamlName()).append(')').toString();
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
