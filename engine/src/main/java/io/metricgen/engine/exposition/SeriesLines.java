package io.metricgen.engine.exposition;

import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.SampleNames;
import io.metricgen.engine.series.Series;
import io.prometheus.metrics.model.snapshots.Labels;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
    List<SampleNames> names = SampleNames.of(family);
    byte[][] prefixes = new byte[names.size()][];
    boolean[] integral = new boolean[names.size()];
    for (int i = 0; i < prefixes.length; i++) {
      SampleNames n = names.get(i);
      prefixes[i] = line(n.name(), series.labels(), n.extraLabel(), n.extraValue());
      integral[i] = n.integral();
    }
    return new SeriesLines(prefixes, integral);
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
  public static void escapeLabelValue(String value, StringBuilder out) {
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
