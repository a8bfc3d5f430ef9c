package io.metricgen.engine.live;

import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.series.IncidentPlan;
import io.metricgen.engine.series.MetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The series an incident drives: those of its metric (named as in the scenario, or a counter with
 * {@code _total}) that carry all its labels, checked against what the incident does.
 */
record IncidentTargets(FamilyState family, List<SeriesState> series) {

  /**
   * @throws IllegalArgumentException naming the field, when the metric or matching series don't
   *     exist or the incident can't apply to them
   * @throws IllegalStateException when a series it would drive runs another incident
   */
  static IncidentTargets of(List<FamilyState> families, IncidentPlan plan) {
    FamilyState family = null;
    for (FamilyState f : families) {
      if (named(f.family(), plan.metric())) {
        family = f;
      }
    }
    if (family == null) {
      throw new IllegalArgumentException(
          "metric: the scenario has no metric \""
              + plan.metric()
              + "\"; it has "
              + String.join(", ", families.stream().map(f -> sampleName(f.family())).toList()));
    }
    MetricType type = family.family().type();
    boolean observed = type == MetricType.HISTOGRAM || type == MetricType.SUMMARY;
    if (plan.scale() != null && !observed) {
      throw new IllegalArgumentException(
          "scale: is for histograms and summaries; " + plan.metric() + " is a " + typeName(type));
    }
    if (plan.scale() != null && family.family().nativeLayout() != null) {
      throw new IllegalArgumentException(
          "scale: a native histogram's buckets follow one distribution here; "
              + plan.metric()
              + " has native buckets");
    }
    if (plan.shape() == null && !observed) {
      throw new IllegalArgumentException(
          "shape: required for a " + typeName(type) + " (scale is for histograms and summaries)");
    }
    List<SeriesState> matching = new ArrayList<>();
    for (SeriesState s : family.series()) {
      boolean all = true;
      for (Map.Entry<String, String> e : plan.labels().entrySet()) {
        all &= e.getValue().equals(s.series.labels().get(e.getKey()));
      }
      if (all) {
        if (s.incident != null) {
          throw new IllegalStateException(
              "series "
                  + plan.metric()
                  + s.series.labels()
                  + " already runs incident "
                  + s.incident.id()
                  + "; stop it first");
        }
        matching.add(s);
      }
    }
    if (matching.isEmpty()) {
      throw new IllegalArgumentException(
          "labels: no series of " + plan.metric() + " has all of " + plan.labels());
    }
    return new IncidentTargets(family, matching);
  }

  private static String typeName(MetricType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  /** Whether {@code name} names the family: its name, or a counter's with {@code _total}. */
  private static boolean named(MetricFamily f, String name) {
    return f.name().equals(name) || sampleName(f).equals(name);
  }

  /** The name its samples have in Prometheus: a counter's ends in {@code _total}. */
  private static String sampleName(MetricFamily f) {
    return f.type() == MetricType.COUNTER ? f.name() + "_total" : f.name();
  }
}
