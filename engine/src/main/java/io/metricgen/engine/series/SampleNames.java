package io.metricgen.engine.series;

import java.util.ArrayList;
import java.util.List;

/**
 * The sample lines one series of a family writes, one per number in {@link SeriesCursor#values()}:
 * a name and, for buckets and quantiles, one extra label. Every format (text, OpenMetrics, remote
 * write) names samples through this.
 *
 * @param name the sample name, such as {@code requests_total} or {@code latency_bucket}
 * @param extraLabel {@code le} or {@code quantile}, or null
 * @param extraValue its value, such as {@code 0.5} or {@code +Inf}
 * @param integral whether the value is a whole count
 */
public record SampleNames(String name, String extraLabel, String extraValue, boolean integral) {

  /** The lines of {@code family}, in the order of its cursor's values. */
  public static List<SampleNames> of(MetricFamily family) {
    String n = family.name();
    List<SampleNames> out = new ArrayList<>();
    switch (family.type()) {
      case GAUGE -> out.add(new SampleNames(n, null, null, false));
      case COUNTER -> out.add(new SampleNames(n + "_total", null, null, false));
      case HISTOGRAM -> {
        for (double b : family.bounds()) {
          out.add(new SampleNames(n + "_bucket", "le", Double.toString(b), true));
        }
        out.add(new SampleNames(n + "_bucket", "le", "+Inf", true));
        out.add(new SampleNames(n + "_count", null, null, true));
        out.add(new SampleNames(n + "_sum", null, null, false));
      }
      case SUMMARY -> {
        for (double q : family.quantiles()) {
          out.add(new SampleNames(n, "quantile", Double.toString(q), false));
        }
        out.add(new SampleNames(n + "_count", null, null, true));
        out.add(new SampleNames(n + "_sum", null, null, false));
      }
    }
    return out;
  }
}
