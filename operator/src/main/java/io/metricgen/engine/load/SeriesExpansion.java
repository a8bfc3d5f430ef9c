package io.metricgen.engine.load;

import io.metricgen.engine.model.MetricSpec;
import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.signal.Rng;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Expands a metric's labels into its series, one per combination of the listed values, in the order
 * given; each series gets the key that seeds its random shapes, from the seed, the name and its
 * labels alone (not its position), so a series has the same values in any scenario that holds it.
 */
final class SeriesExpansion {

  private SeriesExpansion() {}

  /** The series of {@code spec}; empty (with problems reported) when its labels are invalid. */
  static List<Series> expand(
      MetricSpec spec, FieldPath p, long seed, String name, Problems problems) {
    int before = problems.count();
    Map<String, List<String>> labels = spec.labels == null ? Map.of() : spec.labels;
    List<String> names = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    long combinations = 1;
    for (Map.Entry<String, List<String>> e : labels.entrySet()) {
      FieldPath lp = p.field("labels").field(e.getKey());
      String label = e.getKey();
      if (!ScenarioCompiler.LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
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
      for (int i = 0; i < index.length; i++) {
        labelValues[i] = values.get(i).get(index[i]);
      }
      Labels sorted = Labels.of(labelNames, labelValues); // by name
      StringBuilder identity = new StringBuilder(name);
      for (int i = 0; i < sorted.size(); i++) {
        identity
            .append('\u0000')
            .append(sorted.getName(i))
            .append('\u0000')
            .append(sorted.getValue(i));
      }
      out.add(new Series(sorted, Rng.mix(seed) ^ Rng.hash(identity)));
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
}
