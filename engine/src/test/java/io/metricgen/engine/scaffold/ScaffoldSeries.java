package io.metricgen.engine.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.model.MetricSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The series a scaffolded metric has, as label sets: its labels' combinations times its rows. */
final class ScaffoldSeries {

  private ScaffoldSeries() {}

  static List<Map<String, String>> of(MetricSpec m) {
    List<Map<String, String>> out = new ArrayList<>();
    List<Map<String, String>> rows = m.series == null ? List.of(Map.of()) : m.series;
    for (Map<String, String> row : rows) {
      List<Map<String, String>> combos = List.of(new TreeMap<>(row));
      if (m.labels != null) {
        for (Map.Entry<String, List<String>> e : m.labels.entrySet()) {
          List<Map<String, String>> next = new ArrayList<>();
          for (Map<String, String> c : combos) {
            for (String v : e.getValue()) {
              Map<String, String> x = new TreeMap<>(c);
              x.put(e.getKey(), v);
              next.add(x);
            }
          }
          combos = next;
        }
      }
      out.addAll(combos);
    }
    return out;
  }

  /** The values the metric's series have of a label. */
  static List<String> values(MetricSpec m, String label) {
    return of(m).stream().map(s -> s.get(label)).filter(v -> v != null).distinct().toList();
  }

  /** Asserts that the key labels tell the series apart: one series for each combination. */
  static void oneSeriesPerKey(MetricSpec m, Set<String> key) {
    Map<Map<String, String>, Integer> count = new HashMap<>();
    for (Map<String, String> s : of(m)) {
      Map<String, String> k = new LinkedHashMap<>();
      key.forEach(l -> k.put(l, s.get(l)));
      count.merge(k, 1, Integer::sum);
    }
    assertThat(count.values()).as("series per %s of %s", key, m.name).allMatch(n -> n == 1);
  }
}
