package io.metricgen.engine.scaffold;

import io.metricgen.engine.promql.BinaryOp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the queries ask of one metric name, gathered over all the selectors that name it. */
final class MetricNeeds {

  /** A comparison with a number that filters the metric's values. */
  record Comparison(BinaryOp op, double value) {}

  final String name;
  final Set<String> functions = new TreeSet<>();
  final Set<String> labels = new TreeSet<>();
  // When the metric is the one side of a join: the only labels that may take several values for
  // a key, the join's on() labels (and those its selectors pin). Null when it never is.
  Set<String> varyingOnOneSide;
  // Labels the queries overwrite (label_replace, group_left), which must not tell series apart.
  final Set<String> singleValued = new TreeSet<>();
  final Set<Double> le = new TreeSet<>();
  // The le values as the matchers write them (+Inf, 0.5), for a name that is not a histogram's
  // but carries le: a recorded x_bucket:increase1h.
  final Set<String> leValues = new java.util.LinkedHashSet<>();
  // Whether a query groups or joins it by le: classic buckets, whatever the name.
  boolean byLe;
  // Quantiles the queries name, and whether they group or match by quantile: a summary.
  final Set<Double> quantiles = new TreeSet<>();
  boolean byQuantile;
  final List<io.metricgen.engine.promql.Expr.Matcher> matchers = new ArrayList<>();
  // Regexes that every value of a label must match: label_replace's source label, whose values
  // that don't match would keep their dst value and collide with those that do.
  final List<io.metricgen.engine.promql.Expr.Matcher> required = new ArrayList<>();
  final List<Comparison> comparisons = new ArrayList<>();
  final Set<String> usedBy = new LinkedHashSet<>();
  // The input sets whose queries read it.
  final Set<String> sets = new TreeSet<>();

  MetricNeeds(String name) {
    this.name = name;
  }

  boolean counted() {
    return functions.contains("rate")
        || functions.contains("irate")
        || functions.contains("increase")
        || functions.contains("resets");
  }
}
