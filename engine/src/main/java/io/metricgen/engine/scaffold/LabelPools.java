package io.metricgen.engine.scaffold;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values of each label of each metric. A metric's label starts with its own pool; two pools
 * become one only where a query needs them to agree: the two sides of a binary operation matching
 * on that label, or the metrics a grouping or join spans. So a label shared by name across a fleet
 * of unrelated dashboards ({@code job}, {@code method}) does not gather every value that any of
 * them asks for. Values only accumulate.
 *
 * <p>Each value also remembers the input sets (a repository's dashboards, its rules) whose queries
 * asked for it, so that a metric several sets read can be given each set's combinations rather than
 * the product of them all.
 */
final class LabelPools {

  private static final Map<String, List<String>> DEFAULTS =
      Map.ofEntries(
          Map.entry("instance", List.of("host-1:9100", "host-2:9100")),
          Map.entry("job", List.of("app", "worker")),
          Map.entry("method", List.of("GET", "POST")),
          Map.entry("code", List.of("200", "500")),
          Map.entry("status_code", List.of("200", "500")),
          Map.entry("status", List.of("success", "failed")),
          Map.entry("namespace", List.of("default", "production")),
          Map.entry("pod", List.of("app-7d4b9-x2k1p", "app-7d4b9-q9z3m")),
          Map.entry("container", List.of("app", "sidecar")),
          Map.entry("node", List.of("node-1", "node-2")),
          Map.entry("device", List.of("sda", "sdb")),
          Map.entry("mode", List.of("user", "system", "idle")),
          Map.entry("cpu", List.of("0", "1")),
          Map.entry("cluster", List.of("cluster-a")),
          Map.entry("handler", List.of("/api/orders", "/api/users")),
          Map.entry("path", List.of("/api/orders", "/api/users")),
          Map.entry("route", List.of("/api/orders", "/api/users")));

  /** The values a label of this name starts with, when nothing asks for others. */
  static List<String> defaults(String label) {
    return DEFAULTS.getOrDefault(label, List.of());
  }

  private record Key(String metric, String label) {}

  private final Map<Key, Key> parent = new HashMap<>();
  // Each value, with the sets that asked for it.
  private final Map<Key, LinkedHashMap<String, Set<String>>> pools = new HashMap<>();
  private String set = "";
  // Every metric that has a pool of a label, for variables that list a label across metrics.
  private final Map<String, Set<String>> metricsByLabel = new HashMap<>();

  private Key root(String metric, String label) {
    Key k = new Key(metric, label);
    if (!parent.containsKey(k)) {
      parent.put(k, k);
      pools.put(k, new LinkedHashMap<>());
      metricsByLabel.computeIfAbsent(label, x -> new TreeSet<>()).add(metric);
      return k;
    }
    // Path halving keeps the chains short without recursion.
    while (!parent.get(k).equals(k)) {
      Key up = parent.get(parent.get(k));
      parent.put(k, up);
      k = up;
    }
    return k;
  }

  private LinkedHashMap<String, Set<String>> pool(String metric, String label) {
    return pools.get(root(metric, label));
  }

  /** The input set the values added from now on are for; null for none (values added then). */
  void inSet(String name) {
    set = name;
  }

  /** The input set values are added for now. */
  String set() {
    return set;
  }

  /** Makes the label's values on both metrics one pool from now on. */
  void link(String metricA, String metricB, String label) {
    Key a = root(metricA, label);
    Key b = root(metricB, label);
    if (a.equals(b)) {
      return;
    }
    LinkedHashMap<String, Set<String>> into = pools.get(a);
    pools
        .remove(b)
        .forEach((v, sets) -> into.computeIfAbsent(v, x -> new TreeSet<>()).addAll(sets));
    parent.put(b, a);
  }

  /** Makes sure the metric's label has at least {@code count} values (defaults fill in). */
  void require(String metric, String label, int count) {
    LinkedHashMap<String, Set<String>> pool = pool(metric, label);
    List<String> defaults = DEFAULTS.getOrDefault(label, List.of());
    for (int i = 0; pool.size() < count; i++) {
      add(
          metric,
          label,
          i < defaults.size() ? defaults.get(i) : label.replace('_', '-') + "-" + (i + 1));
    }
    if (set == null) {
      return;
    }
    // The current set asks for as many: the first values serve it too.
    int tagged = 0;
    for (Set<String> sets : pool.values()) {
      if (tagged++ >= count) {
        break;
      }
      sets.add(set);
    }
  }

  /** Adds a value the queries look for (or says the current set asks for it too). */
  void add(String metric, String label, String value) {
    Set<String> sets = pool(metric, label).computeIfAbsent(value, v -> new TreeSet<>());
    if (set != null) {
      sets.add(set);
    }
  }

  /** The metric's values of the label, in the order they came. */
  List<String> values(String metric, String label) {
    return new ArrayList<>(pool(metric, label).keySet());
  }

  /** The values of the label that queries of this input set asked for. */
  List<String> valuesIn(String metric, String label, String inputSet) {
    List<String> out = new ArrayList<>();
    pool(metric, label)
        .forEach(
            (v, sets) -> {
              if (sets.contains(inputSet)) {
                out.add(v);
              }
            });
    return out;
  }

  /** Whether the metric has a pool of this label yet. */
  boolean has(String metric, String label) {
    return parent.containsKey(new Key(metric, label));
  }

  /** The metrics that have the label, as they are now. */
  Set<String> metricsWith(String label) {
    return Set.copyOf(metricsByLabel.getOrDefault(label, Set.of()));
  }
}
