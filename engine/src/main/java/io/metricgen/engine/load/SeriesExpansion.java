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
 * Expands a metric's labels into its series, one per combination of the listed values (and per row
 * of {@code series}, when given), in the order given; each series gets the key that seeds its
 * random shapes, from the seed, the name and its labels alone (not its position), so a series has
 * the same values in any scenario that holds it.
 */
final class SeriesExpansion {

  private SeriesExpansion() {}

  /**
   * How many series {@code spec} expands to, Long.MAX_VALUE when more than a long holds; labels
   * that are not a list of values count once (they are reported when expanded).
   */
  static long count(MetricSpec spec) {
    long n = spec.series == null || spec.series.isEmpty() ? 1 : spec.series.size();
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
      if (v == null || v.isEmpty() || v.stream().anyMatch(java.util.Objects::isNull)) {
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
    List<Map<String, String>> rows = rows(spec, p, names, problems);
    combinations = saturatingMultiply(combinations, Math.max(1, rows.size()));
    if (problems.count() > before || name == null || !expand) {
      return List.of();
    }
    List<Series> out = new ArrayList<>((int) combinations);
    for (Map<String, String> row : rows.isEmpty() ? List.<Map<String, String>>of(Map.of()) : rows) {
      combine(row, names, values, name, seed, out);
    }
    return out;
  }

  /** The rows of {@code series}, checked; empty when none are given. */
  private static List<Map<String, String>> rows(
      MetricSpec spec, FieldPath p, List<String> cartesian, Problems problems) {
    if (spec.series == null) {
      return List.of();
    }
    if (spec.series.isEmpty()) {
      problems.add(p.field("series"), "needs at least one row, or leave it out");
      return List.of();
    }
    List<Map<String, String>> out = new ArrayList<>();
    java.util.Set<Map<String, String>> seen = new HashSet<>();
    Map<String, String> forbidden = new java.util.HashMap<>();
    for (String label : cartesian) {
      forbidden.put(label, "is in labels too; a label goes in labels or in the rows, not both");
    }
    String reserved = reservedLabel(spec.type);
    if (reserved != null) {
      forbidden.put(reserved, "\"" + reserved + "\" is reserved in a " + spec.type.yamlName());
    }
    for (int r = 0; r < spec.series.size(); r++) {
      FieldPath rp = p.field("series").index(r);
      Map<String, String> row = spec.series.get(r);
      if (row == null) {
        problems.add(rp, "needs label names and values, like {instance: a, node: n1}");
        continue;
      }
      boolean ok = true;
      for (Map.Entry<String, String> e : row.entrySet()) {
        String problem = Checks.labelProblem(e.getKey(), e.getValue(), forbidden);
        if (problem != null) {
          problems.add(rp.field(e.getKey()), problem);
          ok = false;
        }
      }
      if (ok && !seen.add(new java.util.TreeMap<>(row))) {
        problems.add(rp, "the same series as an earlier row");
        ok = false;
      }
      if (ok) {
        out.add(row);
      }
    }
    return out;
  }

  /** Every combination of the cartesian labels with one row's labels. */
  private static void combine(
      Map<String, String> row,
      List<String> names,
      List<List<String>> values,
      String name,
      long seed,
      List<Series> out) {
    long combinations = 1;
    for (List<String> v : values) {
      combinations *= v.size();
    }
    List<String> allNames = new ArrayList<>(names);
    allNames.addAll(row.keySet());
    String[] labelNames = allNames.toArray(new String[0]);
    int[] index = new int[names.size()];
    for (long c = 0; c < combinations; c++) {
      String[] labelValues = new String[labelNames.length];
      for (int i = 0; i < index.length; i++) {
        labelValues[i] = values.get(i).get(index[i]);
      }
      int k = index.length;
      for (String v : row.values()) {
        labelValues[k++] = v;
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
  }

  private static String reservedLabel(MetricType type) {
    return switch (type) {
      case HISTOGRAM -> "le";
      case SUMMARY -> "quantile";
      default -> null;
    };
  }
}
