package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.operator.controller.OperatorTestSupport.has;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.metricgen.cli.Main;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorStatus;
import io.metricgen.testing.MockCluster;
import io.metricgen.testing.PrometheusServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MetricGenerator with {@code scenarioFrom: dashboards}: the operator scaffolds its scenario from
 * its dashboard, and, given a real Prometheus, reports which panels have data there.
 */
class DashboardsHaveDataOperatorTest {

  private static final String NS = "team-a";
  private static final String NAME = "payments-preview";

  @TempDir Path dir;
  private MockCluster cluster;
  private PrometheusServer prometheus;

  @BeforeEach
  void start() throws Exception {
    prometheus =
        PrometheusServer.start(
            dir.resolve("data"),
            "global:\n  scrape_interval: 15s\nstorage:\n  tsdb:\n    out_of_order_time_window: 1d\n",
            "--web.enable-remote-write-receiver");
    cluster = new MockCluster();
    cluster.namespace(NS);
    cluster.namespace("monitoring");
    cluster.startOperator(
        MetricgenOperator.Settings.defaults()
            .withDataCheck(
                new DashboardDataCheck(URI.create(prometheus.url()), Duration.ofSeconds(1))));
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
    prometheus.close();
  }

  /** What metricgen_operator_dashboard_panels_without_data says of the resource; NaN if nothing. */
  private double panelsWithoutData() {
    return cluster.registry().scrape().stream()
        .filter(
            m ->
                m.getMetadata()
                    .getName()
                    .equals("metricgen_operator_dashboard_panels_without_data"))
        .flatMap(
            m -> ((io.prometheus.metrics.model.snapshots.GaugeSnapshot) m).getDataPoints().stream())
        .filter(
            d ->
                NS.equals(d.getLabels().get("metricgenerator_namespace"))
                    && NAME.equals(d.getLabels().get("metricgenerator")))
        .mapToDouble(d -> d.getValue())
        .findFirst()
        .orElse(Double.NaN);
  }

  @Test
  void theScenarioComesFromTheDashboardAndEveryPanelHasDataOnceItIsWritten() throws Exception {
    cluster.client().resource(example("metricgenerator-from-dashboards.yaml", NS)).create();
    await(() -> scenarioConfigMap() != null, "the scaffolded scenario's ConfigMap");
    String scenario = scenarioConfigMap().getData().get("scenario.yaml");
    assertThat(scenario)
        .contains(
            "payments_requests_total", "payments_request_duration_seconds", "payments_queue_depth");
    assertThat(ScenarioLoader.compile("scenario", scenario, null).families()).hasSize(3);

    cluster.makeAvailable(NS, NAME + "-pushgateway");
    cluster.makeAvailable(NS, NAME + "-generator");
    await(() -> has(get(), "Ready", "True", "Running"), "Ready");
    await(
        () -> has(get(), DashboardDataCheck.CONDITION, "False", "EmptyPanels"),
        "DashboardsHaveData=False before any data");
    MetricGeneratorStatus.DashboardData empty = get().getStatus().dashboardData;
    assertThat(empty.panels).isEqualTo(4);
    assertThat(empty.panelsWithData).isZero();
    assertThat(empty.emptyPanels).contains("Payments overview / Latency p99");
    await(() -> panelsWithoutData() == 4.0, "the gauge of panels without data at 4");

    // What the generator would push, written into the real Prometheus.
    Path file = dir.resolve("scenario.yaml");
    Files.writeString(file, scenario);
    assertThat(
            Main.run(
                "backfill",
                "-f",
                file.toString(),
                "--remote-write",
                prometheus.url() + "/api/v1/write",
                "--start",
                "now-1h",
                "--checkpoint",
                dir.resolve("checkpoint").toString()))
        .isZero();
    await(
        () -> has(get(), DashboardDataCheck.CONDITION, "True", "AllPanelsHaveData"),
        "DashboardsHaveData=True");
    MetricGeneratorStatus.DashboardData full = get().getStatus().dashboardData;
    assertThat(full.panelsWithData).isEqualTo(4);
    assertThat(full.emptyPanels).isNullOrEmpty();
    await(() -> panelsWithoutData() == 0.0, "the gauge of panels without data at 0");
    await(() -> !events("AllPanelsHaveData").isEmpty(), "the AllPanelsHaveData event");
    assertThat(events("EmptyPanels"))
        .singleElement()
        .asString()
        .startsWith("Warning: 0 of 4 panels");
  }

  @Test
  void aDashboardWhoseQueriesDoNotParseIsAConditionNamingThePanel() {
    MetricGenerator mg = example("metricgenerator-from-dashboards.yaml", NS);
    mg.getSpec().dashboards.get(0).json =
        "{\"title\": \"Broken\", \"panels\": [{\"title\": \"Rate\", \"targets\": [{\"expr\":"
            + " \"rate(x_total[5m]\"}]}]}";
    cluster.client().resource(mg).create();
    await(() -> has(get(), "Ready", "False", "InvalidSpec"), "Ready=False InvalidSpec");
    assertThat(OperatorTestSupport.condition(get(), "Ready").orElseThrow().getMessage())
        .isEqualTo(
            "spec.dashboards: spec.dashboards[0]:1: panels[0].targets[0].expr: dashboard"
                + " \"Broken\" panel \"Rate\" (A): column 17: unexpected end of input in call to"
                + " \"rate\"");
    assertThat(scenarioConfigMap()).as("no scenario is made from it").isNull();
  }

  private MetricGenerator get() {
    return cluster.get(NS, NAME);
  }

  private ConfigMap scenarioConfigMap() {
    return cluster.client().configMaps().inNamespace(NS).withName(NAME + "-scenario").get();
  }

  private List<String> events(String reason) {
    return cluster.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .map(e -> e.getType() + ": " + e.getMessage())
        .toList();
  }
}
