package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.operator.controller.OperatorTestSupport.has;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorStatus;
import io.metricgen.testing.MockCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator without a Prometheus ({@code --check-dashboards-in-scenario}): each MetricGenerator's
 * dashboards are checked against its own scenario, evaluated in process, before anything has been
 * scraped.
 */
class DashboardsInScenarioOperatorTest {

  private static final String NS = "team-a";
  private static final String NAME = "payments-preview";

  private MockCluster cluster;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    cluster.namespace(NS);
    cluster.namespace("monitoring");
    cluster.startOperator(
        MetricgenOperator.Settings.defaults()
            .withDataCheck(DashboardDataCheck.againstScenarios(Duration.ofSeconds(1))));
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  private MetricGenerator get() {
    return cluster.get(NS, NAME);
  }

  @Test
  void aScenarioScaffoldedFromTheDashboardFillsEveryPanelWithNothingScraped() {
    cluster.client().resource(example("metricgenerator-from-dashboards.yaml", NS)).create();
    cluster.makeAvailable(NS, NAME + "-pushgateway");
    cluster.makeAvailable(NS, NAME + "-generator");
    await(
        () -> has(get(), DashboardDataCheck.CONDITION, "True", "AllPanelsHaveData"),
        "DashboardsHaveData=True from the scenario alone");
    MetricGeneratorStatus.DashboardData data = get().getStatus().dashboardData;
    assertThat(data.panels).isEqualTo(4);
    assertThat(data.panelsWithData).isEqualTo(4);
  }

  @Test
  void aScenarioWithoutADashboardsMetricNamesTheEmptyPanel() throws Exception {
    MetricGenerator mg = example("metricgenerator-from-dashboards.yaml", NS);
    mg.getSpec().scenarioFrom = null;
    // Requests and latency, but no queue depth: the stat panel can have no data.
    mg.getSpec().scenario =
        ScenarioLoader.mapper()
            .readTree(
                "{\"interval\": \"15s\", \"metrics\": ["
                    + "{\"name\": \"payments_requests\", \"type\": \"counter\","
                    + " \"help\": \"r\", \"labels\": {\"code\": [\"200\", \"500\"],"
                    + " \"method\": [\"GET\"]}, \"rate\": 5},"
                    + "{\"name\": \"payments_request_duration_seconds\","
                    + " \"type\": \"histogram\", \"help\": \"d\", \"rate\": 5,"
                    + " \"distribution\": {\"logNormal\": {\"p50\": 0.1, \"p99\": 1}}}]}");
    cluster.client().resource(mg).create();
    cluster.makeAvailable(NS, NAME + "-pushgateway");
    cluster.makeAvailable(NS, NAME + "-generator");
    await(
        () -> has(get(), DashboardDataCheck.CONDITION, "False", "EmptyPanels"),
        "DashboardsHaveData=False");
    MetricGeneratorStatus.DashboardData data = get().getStatus().dashboardData;
    assertThat(data.panelsWithData).isEqualTo(3);
    assertThat(data.emptyPanels).containsExactly("Payments overview / Queue depth");
  }
}
