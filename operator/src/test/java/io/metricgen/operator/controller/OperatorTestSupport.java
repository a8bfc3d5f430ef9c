package io.metricgen.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.MockCluster;
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

  /**
   * The preview example's dashboard as installed (its JSON): renamed for the preview, and its uid
   * in the resource's status.
   */
  static void assertInstalledPreview(MockCluster cluster, JsonNode json) {
    assertThat(json.path("title").asText()).isEqualTo("[mr-123] Checkout overview");
    assertThat(json.path("uid").asText()).isEqualTo("checkout-overview-mr-123");
    MockCluster.await(
        () -> {
          MetricGenerator mg = cluster.get("team-a", "checkout-mr-123");
          return mg.getStatus() != null
              && mg.getStatus().dashboardUids.contains("checkout-overview-mr-123");
        },
        "the uid in status");
  }

  /** Whether the condition has this status and reason. */
  static boolean has(MetricGenerator mg, String type, String status, String reason) {
    return condition(mg, type)
        .map(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
        .orElse(false);
  }
}
