package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.condition;
import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.operator.controller.OperatorTestSupport.has;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.testing.MockCluster;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ways dashboards reach Grafana: the grafana-operator's GrafanaDashboards (on the mock with its
 * real CRD), and the sidecar's ConfigMaps with the label and folder annotation a cluster uses.
 */
class DashboardModesTest {

  private MockCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    client = cluster.client();
    for (String ns : new String[] {"team-a", "grafana", "monitoring"}) {
      cluster.namespace(ns);
    }
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private void operator(OperatorConfig.Dashboards dashboards) {
    cluster.startOperator(
        new MetricgenOperator.Settings(
            new OperatorConfig(
                    "monitoring",
                    "additional-scrape-configs",
                    "additional-scrape-configs.yaml",
                    "grafana",
                    OperatorConfig.DEFAULT.generatorImage(),
                    OperatorConfig.DEFAULT.pushgatewayImage())
                .withDashboards(dashboards),
            Set.of("team-a"),
            Clock.systemUTC(),
            Duration.ofMillis(500),
            new PrometheusRegistry()));
  }

  private List<GenericKubernetesResource> grafanaDashboards() {
    return client
        .genericKubernetesResources("grafana.integreatly.org/v1beta1", "GrafanaDashboard")
        .inNamespace("grafana")
        .list()
        .getItems();
  }

  @Test
  void theGrafanaOperatorGetsAPreviewDashboardForItsInstancesAndLosesItWithTheResource()
      throws Exception {
    cluster.installCrd("grafana.integreatly.org_grafanadashboards.yaml");
    operator(
        new OperatorConfig.Dashboards(
            OperatorConfig.DashboardMode.grafanaOperator,
            Map.of(),
            "grafana_folder",
            Map.of("dashboards", "team-grafana")));
    client.resource(example("metricgenerator-preview.yaml", "team-a")).create();

    await(() -> grafanaDashboards().size() == 1, "the GrafanaDashboard");
    GenericKubernetesResource dashboard = grafanaDashboards().get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec =
        (Map<String, Object>) dashboard.getAdditionalProperties().get("spec");
    assertThat(spec)
        .containsEntry(
            "instanceSelector", Map.of("matchLabels", Map.of("dashboards", "team-grafana")))
        .containsEntry("folder", "Previews");
    JsonNode json = new ObjectMapper().readTree((String) spec.get("json"));
    OperatorTestSupport.assertInstalledPreview(cluster, json);
    // No ConfigMaps for a sidecar in this mode.
    assertThat(client.configMaps().inNamespace("grafana").list().getItems()).isEmpty();

    client.resource(cluster.get("team-a", "checkout-mr-123")).delete();
    await(() -> cluster.get("team-a", "checkout-mr-123") == null, "the finalizer to let go");
    assertThat(grafanaDashboards()).isEmpty();
  }

  @Test
  void withoutTheGrafanaOperatorsCrdTheResourceSaysWhatToInstall() {
    operator(
        new OperatorConfig.Dashboards(
            OperatorConfig.DashboardMode.grafanaOperator, Map.of(), "grafana_folder", Map.of()));
    client.resource(example("metricgenerator-preview.yaml", "team-a")).create();
    await(
        () ->
            has(
                cluster.get("team-a", "checkout-mr-123"),
                "Degraded",
                "True",
                "DashboardResourceMissing"),
        "Degraded=True DashboardResourceMissing");
    assertThat(condition(cluster.get("team-a", "checkout-mr-123"), "Ready").get().getMessage())
        .contains("no GrafanaDashboard (grafana.integreatly.org/v1beta1)")
        .contains("--dashboard-mode sidecar");
  }

  @Test
  void theSidecarGetsTheLabelAndFolderAnnotationItIsConfiguredFor() {
    operator(
        new OperatorConfig.Dashboards(
            OperatorConfig.DashboardMode.sidecar,
            Map.of("grafana_dashboard", "team-a"),
            "k8s-sidecar-target-directory",
            Map.of()));
    client.resource(example("metricgenerator-preview.yaml", "team-a")).create();
    await(
        () -> !client.configMaps().inNamespace("grafana").list().getItems().isEmpty(),
        "the dashboard");
    ConfigMap cm = client.configMaps().inNamespace("grafana").list().getItems().get(0);
    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "team-a");
    assertThat(cm.getMetadata().getAnnotations())
        .containsEntry("k8s-sidecar-target-directory", "Previews")
        .doesNotContainKey("grafana_folder");
  }
}
