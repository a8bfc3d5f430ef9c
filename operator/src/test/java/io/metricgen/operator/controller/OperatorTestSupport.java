package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.Condition;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.ProjectFiles;
import java.util.Optional;

/** Fixtures for the operator tests: the examples users copy, and condition lookups. */
final class OperatorTestSupport {

  private OperatorTestSupport() {}

  /** An example resource, in {@code namespace}. */
  static MetricGenerator example(String file, String namespace) {
    String text = ScenarioLoader.readFile(ProjectFiles.example(file));
    MetricGenerator mg = ScenarioLoader.parse(file, text, MetricGenerator.class);
    mg.getMetadata().setNamespace(namespace);
    return mg;
  }

  static Optional<Condition> condition(MetricGenerator mg, String type) {
    if (mg == null || mg.getStatus() == null) {
      return Optional.empty();
    }
    return mg.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Whether the condition has this status and reason. */
  static boolean has(MetricGenerator mg, String type, String status, String reason) {
    return condition(mg, type)
        .map(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
        .orElse(false);
  }
}
