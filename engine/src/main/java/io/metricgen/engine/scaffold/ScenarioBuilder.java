package io.metricgen.engine.scaffold;

import io.metricgen.engine.load.Checks;
import io.metricgen.engine.model.MetricSpec;
import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.model.NativeHistogram;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.model.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns what the queries need of each metric name into metric families: {@code _bucket} names
 * become histograms (with the {@code le} bounds the queries use), names that histogram functions
 * read without {@code _bucket} or {@code le} native histograms, {@code _sum}/{@code _count} pairs
 * summaries, {@code _total} names counters, names read with rate() but without {@code _total}
 * gauges that rise like counters, and the rest gauges, with values that meet the comparisons the
 * queries make.
 */
final class ScenarioBuilder {

  static final List<Double> DEFAULT_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  /** The functions that read native histograms. */
  private static final Set<String> NATIVE_FUNCTIONS =
      Set.of(
          "histogram_quantile",
          "histogram_fraction",
          "histogram_count",
          "histogram_sum",
          "histogram_avg",
          "histogram_stddev",
          "histogram_stdvar");

  private record Family(String name, MetricType type, boolean rising, List<MetricNeeds> members) {}

  // Families some query reads as a native histogram.
  private final Set<String> natives = new HashSet<>();

  private final Map<String, MetricNeeds> needs;
  private final LabelPools pools;
  private final Map<String, Family> families = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  ScenarioBuilder(Map<String, MetricNeeds> needs, LabelPools pools) {
    this.needs = needs;
    this.pools = pools;
    group();
  }

  private void group() {
    Set<String> names = needs.keySet();
    Set<String> histograms = new HashSet<>();
    Set<String> summaries = new HashSet<>();
    for (String n : names) {
      if (n.endsWith("_bucket")) {
        histograms.add(strip(n, "_bucket"));
      }
    }
    for (MetricNeeds n : needs.values()) {
      if (!n.name.endsWith("_bucket")
          && !n.byLe
          && n.le.isEmpty()
          && n.functions.stream().anyMatch(NATIVE_FUNCTIONS::contains)) {
        natives.add(n.name);
        histograms.add(n.name);
      }
    }
    for (MetricNeeds n : needs.values()) {
      // A name read by quantile (go_gc_duration_seconds{quantile="1"}) is a summary's.
      if ((n.byQuantile || !n.quantiles.isEmpty()) && !histograms.contains(n.name)) {
        summaries.add(n.name);
      }
    }
    for (String n : names) {
      String base =
          n.endsWith("_sum") ? strip(n, "_sum") : n.endsWith("_count") ? strip(n, "_count") : null;
      if (base != null
          && !histograms.contains(base)
          && ((names.contains(base + "_sum") && names.contains(base + "_count"))
              || needs.get(n).counted())) {
        summaries.add(base);
      }
    }
    Set<String> claimed = new HashSet<>();
    for (MetricNeeds n : needs.values()) {
      String name = n.name;
      String base = name.replaceFirst("_(bucket|sum|count)$", "");
      String family;
      MetricType type;
      if (histograms.contains(base) || summaries.contains(base)) {
        family = base;
        type = histograms.contains(base) ? MetricType.HISTOGRAM : MetricType.SUMMARY;
      } else if (histograms.contains(name) || summaries.contains(name)) {
        family = name;
        type = histograms.contains(name) ? MetricType.HISTOGRAM : MetricType.SUMMARY;
      } else {
        family = name;
        // A counter x_total exposes x too; when the queries also read x (an exporter's older
        // name, as node_exporter's before 0.16), x_total becomes a gauge that rises like one.
        type =
            name.endsWith("_total") && !names.contains(strip(name, "_total"))
                ? MetricType.COUNTER
                : MetricType.GAUGE;
      }
      Family f = families.get(family);
      if (f == null) {
        boolean rising = type == MetricType.GAUGE && (n.counted() || name.endsWith("_total"));
        f = new Family(family, type, rising, new ArrayList<>());
        Set<String> exposed = exposed(f);
        if (exposed.stream().anyMatch(claimed::contains)) {
          notes.add(name + " is left out: its samples would clash with another metric's names");
          continue;
        }
        claimed.addAll(exposed);
        families.put(family, f);
      }
      f.members().add(n);
    }
  }

  private static Set<String> exposed(Family f) {
    String n = f.name();
    return switch (f.type()) {
      case COUNTER ->
          Set.of(
              strip(n, "_total"), strip(n, "_total") + "_total", strip(n, "_total") + "_created");
      case HISTOGRAM -> Set.of(n, n + "_bucket", n + "_sum", n + "_count");
      case SUMMARY -> Set.of(n, n + "_sum", n + "_count");
      case GAUGE -> Set.of(n);
    };
  }

  private static String strip(String name, String suffix) {
    return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
  }

  Scenario scenario() {
    Scenario s = new Scenario();
    s.interval = Scenario.DEFAULT_INTERVAL;
    s.seed = 1L;
    long series = 0;
    for (Family f : families.values()) {
      MetricSpec m = metric(f);
      long combinations = m.series == null ? 1 : m.series.size();
      for (List<String> values : m.labels == null ? List.<List<String>>of() : m.labels.values()) {
        combinations *= values.size();
      }
      series += combinations;
      s.metrics.add(m);
    }
    if (series > Scenario.DEFAULT_MAX_SERIES) {
      s.maxSeries = (int) Math.min(Integer.MAX_VALUE, series);
    }
    return s;
  }

  /** For each metric, the panels and rules that query it. */
  Map<String, List<String>> usedBy() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Family f : families.values()) {
      Set<String> origins = new LinkedHashSet<>();
      f.members().forEach(n -> origins.addAll(n.usedBy));
      out.put(f.name(), List.copyOf(origins));
    }
    return out;
  }

  /** What the scenario leaves out, and why. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  private MetricSpec metric(Family f) {
    MetricSpec m = new MetricSpec();
    m.name = f.name();
    m.type = f.type();
    m.help = "Scaffolded by metricgen from the queries that use it.";
    labels(f, m);
    if (m.labels.isEmpty()) {
      m.labels = null;
    }
    switch (f.type()) {
      case COUNTER -> m.rate = Shapes.counterRate(f.name());
      case GAUGE -> m.value = f.rising() ? Shapes.risingGauge(f.name()) : gaugeValue(f);
      case HISTOGRAM -> {
        boolean classic = f.members().stream().anyMatch(n -> !n.name.equals(f.name()));
        if (natives.contains(f.name())) {
          // Native, and classic too when some query reads x_bucket, x_count or x_sum.
          m.nativeHistogram = new NativeHistogram();
          m.nativeHistogram.schema = 3;
        }
        m.buckets = m.nativeHistogram == null || classic ? buckets(f) : null;
        if (m.nativeHistogram != null && classic && m.buckets == null) {
          m.buckets = DEFAULT_BUCKETS; // "both" needs buckets listed
        }
        m.rate = Shapes.observationRate();
        m.distribution = Shapes.distribution(f.name(), m.buckets);
      }
      case SUMMARY -> {
        Set<Double> quantiles = new TreeSet<>();
        f.members().forEach(n -> quantiles.addAll(n.quantiles));
        quantiles.removeIf(q -> !(q >= 0 && q <= 1));
        if (!quantiles.isEmpty()) {
          quantiles.addAll(List.of(0.5, 0.9, 0.99));
          m.quantiles = List.copyOf(quantiles);
        }
        m.rate = Shapes.observationRate();
        m.distribution = Shapes.distribution(f.name(), null);
      }
    }
    return m;
  }

  private void labels(Family f, MetricSpec m) {
    Set<String> labels = new TreeSet<>();
    Set<String> sets = new TreeSet<>();
    for (MetricNeeds n : f.members()) {
      labels.addAll(n.labels);
      sets.addAll(n.sets);
    }
    if (sets.isEmpty()) {
      sets.add("");
    }
    leOnPlainSeries(f, m);
    // Labels free to vary, with their values for each input set that reads the metric.
    Map<String, Map<String, List<String>>> free = new LinkedHashMap<>();
    // Labels that must be one value for each combination of the free ones (a join's one side, a
    // label a query overwrites), with every value some query asks for, the best first.
    Map<String, List<String>> dependent = new LinkedHashMap<>();
    for (String label : labels) {
      if (label.equals("le")
          || label.equals("quantile")
          || Checks.labelNameProblem(label) != null) {
        continue;
      }
      // The family's series (x_bucket, x_sum, x_count) carry the same label values.
      String first = f.members().get(0).name;
      for (MetricNeeds n : f.members()) {
        pools.link(first, n.name, label);
      }
      pools.require(first, label, 1);
      List<String> values = required(f, label, pools.values(first, label));
      if (oneValue(f, label)) {
        dependent.put(label, bestFirst(f, label, values));
        continue;
      }
      Map<String, List<String>> perSet = new LinkedHashMap<>();
      for (String set : sets) {
        List<String> mine =
            sets.size() == 1 && set.isEmpty()
                ? values
                : pools.valuesIn(first, label, set).stream().filter(values::contains).toList();
        // A set whose queries never ask for the label's values doesn't mind which one it has.
        perSet.put(set, mine.isEmpty() ? List.of(bestValue(f, label, values)) : mine);
      }
      free.put(label, perSet);
    }
    boolean tied = dependent.values().stream().anyMatch(v -> v.size() > 1);
    if (!tied) {
      dependent.forEach((label, values) -> m.labels.put(label, List.of(values.get(0))));
    }
    Map<String, Map<String, List<String>>> inRows = new LinkedHashMap<>();
    free.forEach(
        (label, perSet) -> {
          if (!tied && new HashSet<>(perSet.values()).size() == 1) {
            m.labels.put(label, perSet.values().iterator().next());
          } else {
            inRows.put(label, perSet);
          }
        });
    if (!inRows.isEmpty() || tied) {
      m.series = rows(sets, inRows, tied ? dependent : Map.of());
    }
  }

  /**
   * Whether some query needs the label to have one value for each combination of the others: it
   * joins on the metric's other labels, or overwrites this one. Whichever set asks, the rows of all
   * sets follow it: one set's rows are seen by the other's joins.
   */
  private static boolean oneValue(Family f, String label) {
    Set<String> varying = null;
    for (MetricNeeds n : f.members()) {
      if (n.singleValued.contains(label)) {
        return true;
      }
      if (n.varyingOnOneSide != null) {
        if (varying == null) {
          varying = new HashSet<>(n.varyingOnOneSide);
        } else {
          varying.retainAll(n.varyingOnOneSide);
        }
      }
    }
    return varying != null && !varying.contains(label);
  }

  /**
   * Rows of label values: each set's combinations of the free labels, the sets' rows together, each
   * once; then each dependent label takes its values in turn over the rows, so that it is one value
   * for each combination (a node for each instance), and the values the queries ask for most come
   * first.
   */
  private static List<Map<String, String>> rows(
      Set<String> sets,
      Map<String, Map<String, List<String>>> free,
      Map<String, List<String>> dependent) {
    Set<Map<String, String>> out = new LinkedHashSet<>();
    for (String set : sets) {
      List<Map<String, String>> rows = List.of(new LinkedHashMap<>());
      for (Map.Entry<String, Map<String, List<String>>> e : free.entrySet()) {
        List<Map<String, String>> next = new ArrayList<>();
        for (Map<String, String> row : rows) {
          for (String v : e.getValue().get(set)) {
            Map<String, String> r = new LinkedHashMap<>(row);
            r.put(e.getKey(), v);
            next.add(r);
          }
        }
        rows = next;
      }
      out.addAll(rows);
    }
    List<Map<String, String>> result = new ArrayList<>();
    int k = 0;
    for (Map<String, String> row : out) {
      Map<String, String> r = new LinkedHashMap<>(row);
      for (Map.Entry<String, List<String>> d : dependent.entrySet()) {
        r.put(d.getKey(), d.getValue().get(k % d.getValue().size()));
      }
      result.add(r);
      k++;
    }
    return List.copyOf(result);
  }

  /**
   * A gauge or counter whose queries read {@code le} (a recorded {@code x_bucket:increase1h}) gets
   * it as a plain label, with the bounds they name.
   */
  private static void leOnPlainSeries(Family f, MetricSpec m) {
    if (f.type() != MetricType.GAUGE && f.type() != MetricType.COUNTER) {
      return;
    }
    Set<String> values = new LinkedHashSet<>();
    boolean byLe = false;
    for (MetricNeeds n : f.members()) {
      values.addAll(n.leValues);
      byLe |= n.byLe;
    }
    if (values.isEmpty() && !byLe) {
      return;
    }
    values.addAll(byLe || values.size() < 2 ? List.of("0.1", "1", "+Inf") : List.of());
    m.labels.put("le", List.copyOf(values));
  }

  /** The values that every required regex of the metric on this label matches, if any do. */
  private static List<String> required(Family f, String label, List<String> values) {
    List<String> kept = new ArrayList<>();
    for (String v : values) {
      boolean all = true;
      for (MetricNeeds n : f.members()) {
        for (var m : n.required) {
          all &= !m.label().equals(label) || m.matches(v);
        }
      }
      if (all) {
        kept.add(v);
      }
    }
    return kept.isEmpty() ? values : kept;
  }

  /** The values, those that the most of the metric's matchers on the label find first. */
  private static List<String> bestFirst(Family f, String label, List<String> values) {
    Map<String, Long> score = new java.util.HashMap<>();
    for (String v : values) {
      long n = 0;
      for (MetricNeeds need : f.members()) {
        n += need.matchers.stream().filter(m -> m.label().equals(label) && m.matches(v)).count();
      }
      score.put(v, n);
    }
    List<String> out = new ArrayList<>(values);
    // Ties go to the value that sorts first: Prometheus lists label values sorted, so that is the
    // one a template variable starts with.
    out.sort(
        java.util.Comparator.<String>comparingLong(score::get)
            .reversed()
            .thenComparing(java.util.Comparator.naturalOrder()));
    return out;
  }

  /**
   * The value that the most of the metric's matchers on this label find, for a label that may have
   * only one.
   */
  private static String bestValue(Family f, String label, List<String> values) {
    return bestFirst(f, label, values).get(0);
  }

  private List<Double> buckets(Family f) {
    Set<Double> le = new TreeSet<>();
    f.members().forEach(n -> le.addAll(n.le));
    List<Double> defaults = Shapes.buckets(f.name());
    if (le.isEmpty()) {
      return defaults;
    }
    le.addAll(defaults == null ? DEFAULT_BUCKETS : defaults);
    le.removeIf(d -> d.isInfinite() || d.isNaN());
    return List.copyOf(le);
  }

  private Shape gaugeValue(Family f) {
    Shape value = comparedValue(f);
    boolean absent = f.members().stream().anyMatch(n -> n.functions.contains("absent"));
    return absent ? Shapes.sometimesAbsent(value) : value;
  }

  /** A value that meets the comparisons the queries make, or one that fits the name. */
  private Shape comparedValue(Family f) {
    List<Double> equal = new ArrayList<>();
    List<Double> bounds = new ArrayList<>();
    Double lower = null;
    Double upper = null;
    for (MetricNeeds n : f.members()) {
      for (MetricNeeds.Comparison c : n.comparisons) {
        switch (c.op()) {
          case EQL -> {
            if (!equal.contains(c.value()) && equal.size() < 2) {
              equal.add(c.value());
            }
          }
          case GTR, GTE -> {
            lower = lower == null ? c.value() : Math.max(lower, c.value());
            bounds.add(c.value());
          }
          case LSS, LTE -> {
            upper = upper == null ? c.value() : Math.min(upper, c.value());
            bounds.add(c.value());
          }
          default -> {}
        }
      }
    }
    if (!equal.isEmpty()) {
      return Shapes.alternating(equal);
    }
    if (lower != null && upper != null && lower >= upper) {
      // Ranges that no single value meets (x < 1 in one panel, x >= 5 in another): sweep
      // through all of them over an hour, so that each range holds some of the time.
      double low = bounds.stream().mapToDouble(Double::doubleValue).min().orElse(0);
      double high = bounds.stream().mapToDouble(Double::doubleValue).max().orElse(1);
      double margin = Math.max(1, (high - low) * 0.1);
      return Shapes.sweep(low - margin, high + margin);
    }
    if (lower != null && upper != null) {
      double margin = (upper - lower) * 0.1;
      return Shapes.walk(lower + margin, upper - margin);
    }
    if (lower != null) {
      return Shapes.walk(lower + 1, lower + 1 + Math.max(10, Math.abs(lower)));
    }
    if (upper != null) {
      return Shapes.walk(upper - 1 - Math.max(10, Math.abs(upper)), upper - 1);
    }
    return Shapes.gauge(f.name());
  }
}
