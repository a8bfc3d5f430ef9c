package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.MockCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Passes over resources at rest cost the API server nothing: every read comes from the informers'
 * caches (the scrape Secret's included) and nothing is written (the dashboards' data check, finding
 * what it found before, leaves status alone). {@link OperatorBenchmark} measures the same for many
 * resources.
 */
class AtRestTest {

  @Test
  void passesOverResourcesAtRestAskTheApiServerNothing() throws Exception {
    int n = 3;
    try (MockCluster cluster = new MockCluster()) {
      cluster.namespace("team-a");
      cluster.namespace("monitoring");
      cluster.namespace("grafana");
      // Each resource is looked at again every second, and its dashboards checked each time.
      cluster.startOperator(
          MetricgenOperator.Settings.defaults()
              .withResync(Duration.ofSeconds(1))
              .withDataCheck(DashboardDataCheck.againstScenarios(Duration.ofSeconds(1))));
      for (int i = 0; i < n; i++) {
        MetricGenerator mg = example("metricgenerator-preview.yaml", "team-a");
        mg.getMetadata().setName("mg-" + i);
        cluster.client().resource(mg).create();
      }
      var all = cluster.client().resources(MetricGenerator.class).inNamespace("team-a");
      await(
          () ->
              all.list().getItems().stream()
                      .filter(m -> m.getStatus() != null && m.getStatus().dashboardData != null)
                      .count()
                  == n,
          n + " resources with status and their dashboards' data");
      Thread.sleep(1500);
      cluster.takeRequests();
      double before = cluster.endedReconciliations();

      Thread.sleep(4000);

      List<String> requests = cluster.takeRequests();
      assertThat(cluster.endedReconciliations() - before)
          .as("passes over the resources at rest")
          .isGreaterThanOrEqualTo(2.0 * n);
      assertThat(requests).filteredOn(r -> !r.contains("watch=true")).isEmpty();
    }
  }
}
