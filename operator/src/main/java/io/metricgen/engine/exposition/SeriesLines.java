package io.metricgen.engine.exposition;

import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.Series;
import io.prometheus.metrics.model.snapshots.Labels;
import java.nio.charset.StandardCharsets;

/**
 * The fixed start of every line one series writes ({@code name_bucket{a="b",le="0.1"} }), encoded
 * once so that writing a sample only appends numbers. Indexes match {@link
 * io.metricgen.engine.series.SeriesCursor#values()}.
 */
public final class SeriesLines {

  final byte[][] prefixes;
  final boolean[] integral;

  private SeriesLines(byte[][] prefixes, boolean[] integral) {
    this.prefixes = prefixes;
    this.integral = integral;
  }

  /** The lines of {@code series}, a member of {@code family}. */
  public static SeriesLines of(MetricFamily family, Series series) {
    String name = family.name();
    Labels labels = series.labels();
    return switch (family.type()) {
      case GAUGE -> new SeriesLines(new byte[][] {line(name, labels, null, null)}, new boolean[1]);
      case COUNTER ->
          new SeriesLines(new byte[][] {line(name + "_total", labels, null, null)}, new boolean[1]);
      case HISTOGRAM -> {
        double[] bounds = family.bounds();
        byte[][] p = new byte[bounds.length + 3][];
        boolean[] integral = new boolean[p.length];
        for (int i = 0; i < bounds.length; i++) {
          p[i] = line(name + "_bucket", labels, "le", Double.toString(bounds[i]));
        }
        p[bounds.length] = line(name + "_bucket", labels, "le", "+Inf");
        p[bounds.length + 1] = line(name + "_count", labels, null, null);
        p[bounds.length + 2] = line(name + "_sum", labels, null, null);
        java.util.Arrays.fill(integral, 0, bounds.length + 2, true);
        yield new SeriesLines(p, integral);
      }
      case SUMMARY -> {
        double[] q = family.quantiles();
        byte[][] p = new byte[q.length + 2][];
        boolean[] integral = new boolean[p.length];
        for (int i = 0; i < q.length; i++) {
          p[i] = line(name, labels, "quantile", Double.toString(q[i]));
        }
        p[q.length] = line(name + "_count", labels, null, null);
        p[q.length + 1] = line(name + "_sum", labels, null, null);
        integral[q.length] = true;
        yield new SeriesLines(p, integral);
      }
    };
  }

  /** Whether a family's lines are written under {@code name} or, for text counters, name_total. */
  static String metadataName(MetricFamily family, ExpositionFormat format) {
    return family.type() == MetricType.COUNTER && format == ExpositionFormat.TEXT
        ? family.name() + "_total"
        : family.name();
  }

  private static byte[] line(String name, Labels labels, String extraName, String extraValue) {
    StringBuilder out = new StringBuilder(name);
    if (!labels.isEmpty() || extraName != null) {
      out.append('{');
      for (int i = 0; i < labels.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(labels.getName(i)).append("=\"");
        escapeLabelValue(labels.getValue(i), out);
        out.append('"');
      }
      if (extraName != null) {
        out.append(labels.isEmpty() ? "" : ",").append(extraName).append("=\"");
        out.append(extraValue).append('"');
      }
      out.append('}');
    }
    out.append(' ');
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Label values escape backslash, double quote and newline in both formats. */
  static void escapeLabelValue(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }
}
