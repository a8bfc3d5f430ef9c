package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.Condition;
import io.metricgen.operator.desired.Incidents;
import io.metricgen.operator.model.MetricGeneratorStatus;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code Incident} condition: True while an annotated incident runs (reason Running), False
 * once all have ended (Ended) or when one is invalid and none runs (Invalid).
 */
final class IncidentCondition {

  static final String TYPE = "Incident";

  private IncidentCondition() {}

  static Condition of(
      List<Condition> previous,
      List<MetricGeneratorStatus.Incident> incidents,
      long generation,
      Instant now) {
    List<MetricGeneratorStatus.Incident> running =
        incidents.stream().filter(i -> Incidents.RUNNING.equals(i.state)).toList();
    List<MetricGeneratorStatus.Incident> invalid =
        incidents.stream().filter(i -> Incidents.INVALID.equals(i.state)).toList();
    String problems = invalid.stream().map(i -> i.message).collect(Collectors.joining("; "));
    if (!running.isEmpty()) {
      String message =
          running.stream()
              .map(i -> i.id + " on " + i.metric + " until " + i.endsAt)
              .collect(Collectors.joining("; "));
      return StatusAggregator.condition(
          previous,
          TYPE,
          true,
          "Running",
          invalid.isEmpty() ? message : message + "; invalid: " + problems,
          generation,
          now);
    }
    if (!invalid.isEmpty()) {
      return StatusAggregator.condition(
          previous, TYPE, false, Incidents.INVALID, problems, generation, now);
    }
    return StatusAggregator.condition(
        previous,
        TYPE,
        false,
        Incidents.ENDED,
        incidents.stream()
            .map(i -> i.id + " on " + i.metric + " ended at " + i.endsAt)
            .collect(Collectors.joining("; ")),
        generation,
        now);
  }
}
