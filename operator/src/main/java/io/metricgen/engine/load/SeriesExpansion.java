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

  /**
   * How many series {@code spec} expands to, Long.MAX_VALUE when more than a long holds; labels
   * that are not a list of values count once (they are reported when expanded).
   */
  static long count(MetricSpec spec) {
    long n = 1;
    if (spec.labels != null) {
      for (List<String> v : spec.labels.values()) {
        n = saturatingMultiply(n, v == null || v.isEmpty() ? 1 : v.size());
      }
    }
    return n;
  }

  static long saturatingMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return high != 0 || low < 0 ? Long.MAX_VALUE : low;
  }

  static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /**
   * The series of {@code spec}; empty (with problems reported) when its labels are invalid, and
   * empty without expanding when {@code expand} is false (the caller refuses the count).
   */
  static List<Series> expand(
      MetricSpec spec, FieldPath p, long seed, String name, boolean expand, Problems problems) {
    int before = problems.count();
    Map<String, List<String>> labels = spec.labels == null ? Map.of() : spec.labels;
    List<String> names = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    long combinations = 1;
    for (Map.Entry<String, List<String>> e : labels.entrySet()) {
      FieldPath lp = p.field("labels").field(e.getKey());
      String label = e.getKey();
      String badName = Checks.labelNameProblem(label);
      if (badName != null) {
        problems.add(lp, badName);
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
      String notUnicode =
          v.stream().map(Checks::notUnicode).filter(w -> w != null).findFirst().orElse(null);
      if (notUnicode != null) {
        problems.add(lp, "a value " + notUnicode);
        continue;
      }
      if (new HashSet<>(v).size() != v.size()) {
        problems.add(lp, "lists a value twice");
        continue;
      }
      names.add(label);
      values.add(v);
      combinations = saturatingMultiply(combinations, v.size());
    }
    if (problems.count() > before || name == null || !expand) {
      return List.of();
    }
    List<Series> out = new ArrayList<>((int) combinations);
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
