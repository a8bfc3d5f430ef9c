package io.metricgen.engine.scaffold;

import io.metricgen.engine.promql.Expr.MatchOp;
import io.metricgen.engine.promql.Expr.Matcher;
import io.metricgen.engine.promql.RegexMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values of each label name, shared by every metric that has the label, so that joins on a
 * label find pairs and a template variable listing a label's values finds them on every metric.
 * Values only accumulate: matchers add what they look for, groupings ask for a few values.
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

  private final Map<String, LinkedHashSet<String>> pools = new LinkedHashMap<>();
  private long seed;

  /** Makes sure the label has at least {@code count} values (defaults fill in). */
  void require(String label, int count) {
    LinkedHashSet<String> pool = pools.computeIfAbsent(label, k -> new LinkedHashSet<>());
    List<String> defaults = DEFAULTS.getOrDefault(label, List.of());
    for (int i = 0; pool.size() < count; i++) {
      pool.add(i < defaults.size() ? defaults.get(i) : label.replace('_', '-') + "-" + (i + 1));
    }
  }

  /** Adds a value the queries look for. */
  void add(String label, String value) {
    pools.computeIfAbsent(label, k -> new LinkedHashSet<>()).add(value);
  }

  /**
   * Makes a matcher find a series: adds its value, an alternative of its regex or an example that
   * the regex matches, unless a value already in the pool does. Returns null when done, else why
   * the matcher can't be met.
   */
  String satisfy(Matcher m) {
    String label = m.label();
    String v = m.value();
    switch (m.op()) {
      case EQUAL -> {
        if (!v.isEmpty()) {
          add(label, v);
        }
        return null;
      }
      case NOT_EQUAL, NOT_REGEX -> {
        require(label, 1);
        if (values(label).stream().anyMatch(m::matches)) {
          return null;
        }
        String other = m.op() == MatchOp.NOT_REGEX ? RegexExamples.notMatching(v, seed++) : null;
        for (int i = 1; other == null || !m.matches(other); i++) {
          other = label.replace('_', '-') + "-" + i;
        }
        add(label, other);
        return null;
      }
      case REGEX -> {
        if (RegexMatch.fullMatch(v, "") && pools.containsKey(label)) {
          return null;
        }
        List<String> alternatives = RegexExamples.alternatives(v);
        if (alternatives != null) {
          alternatives.stream().filter(a -> !a.isEmpty()).forEach(a -> add(label, a));
          if (alternatives.stream().anyMatch(a -> !a.isEmpty())) {
            return null;
          }
        }
        if (values(label).stream().anyMatch(m::matches)) {
          return null;
        }
        String example = RegexExamples.matching(v, seed++);
        if (example == null) {
          return "no value found that the regex \"" + v + "\" matches";
        }
        if (!example.isEmpty()) {
          add(label, example);
        } else {
          require(label, 1);
        }
        return null;
      }
      default -> throw new IllegalStateException("unknown matcher " + m.op());
    }
  }

  /** The label's values, in the order they came. */
  List<String> values(String label) {
    Set<String> pool = pools.get(label);
    return pool == null ? List.of() : new ArrayList<>(pool);
  }
}
