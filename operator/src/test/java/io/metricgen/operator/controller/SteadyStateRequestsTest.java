package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.MockCluster;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What passes over resources at rest cost the API server: the requests per resource and pass once
 * every MetricGenerator's objects and status are as they should be (the goal: no writes, and reads
 * only from the informers' caches). A measurement, not a test: it runs when asked for, and prints
 * its numbers.
 *
 * <pre>./mvnw -B test -pl operator -Dtest=SteadyStateRequestsTest -Dmetricgen.benchmark=5</pre>
 */
@EnabledIfSystemProperty(named = "metricgen.benchmark", matches = "\\d+")
class SteadyStateRequestsTest {

  @Test
  void requestsPerResourceAndPassAtRest() throws Exception {
    int n = Integer.parseInt(System.getProperty("metricgen.benchmark"));
    try (MockCluster cluster = new MockCluster()) {
      cluster.namespace("team-a");
      cluster.namespace("monitoring");
      cluster.namespace("grafana");
      // Every resource is looked at again every second (its dashboards' data check).
      cluster.startOperator(
          MetricgenOperator.Settings.defaults()
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
          n + " resources with status and their dashboards' data",
          120);
      Thread.sleep(2000);
      cluster.takeRequests();
      Thread.sleep(5000);
      List<String> requests = cluster.takeRequests();
      Map<String, Integer> byKind = new TreeMap<>();
      for (String r : requests) {
        String kind = r.replaceAll("\\?.*", "").replaceAll("/mg-\\d+", "/NAME");
        byKind.merge(kind, 1, Integer::sum);
      }
      // A pass a second for each resource: 5 passes each.
      double passes = 5.0 * n;
      long writes =
          requests.stream()
              .filter(
                  r ->
                      r.startsWith("POST")
                          || r.startsWith("PUT")
                          || r.startsWith("PATCH")
                          || r.startsWith("DELETE"))
              .count();
      System.out.printf(
          Locale.ROOT,
          "%d resources at rest, a pass a second each for 5 s: %d requests, %.2f per resource and"
              + " pass, %.2f of them writes%n%s%n",
          n,
          requests.size(),
          requests.size() / passes,
          writes / passes,
          byKind);
      assertThat(byKind).isNotEmpty();
    }
  }
}
