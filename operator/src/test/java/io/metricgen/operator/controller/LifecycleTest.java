package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.operator.controller.OperatorTestSupport.has;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import io.metricgen.testing.MockCluster;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Expiry and deletion: everything the operator made goes, including what owner references can't
 * reach (the dashboards in Grafana's namespace, the job in the shared scrape Secret).
 */
class LifecycleTest {

  private MockCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    client = cluster.client();
    for (String ns : new String[] {"team-a", "monitoring", "grafana"}) {
      cluster.namespace(ns);
    }
    OperatorConfig config =
        new OperatorConfig(
            "monitoring",
            "additional-scrape-configs",
            "additional-scrape-configs.yaml",
            "grafana",
            OperatorConfig.DEFAULT.generatorImage(),
            OperatorConfig.DEFAULT.pushgatewayImage());
    cluster.startOperator(
        new MetricgenOperator.Settings(
            config,
            Set.of("team-a"),
            Clock.systemUTC(),
            Duration.ofMillis(500),
            new PrometheusRegistry()));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aPreviewInstallsItsDashboardInGrafanasNamespaceUnderAPreviewUid() throws Exception {
    MetricGenerator mg = example("metricgenerator-preview.yaml", "team-a");
    client.resource(mg).create();

    ConfigMap dashboard = awaitDashboard();
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getAnnotations())
        .containsEntry("grafana_folder", "Previews");
    var json = new ObjectMapper().readTree(dashboard.getData().get("checkout.json"));
    OperatorTestSupport.assertInstalledPreview(cluster, json);
  }

  @Test
  void deletingTheResourceRemovesItsScrapeJobAndDashboards() {
    MetricGenerator mg = example("metricgenerator-preview.yaml", "team-a");
    client.resource(mg).create();
    awaitDashboard();
    await(() -> scrapeConfigs().contains("metricgen/team-a/checkout-mr-123"), "the scrape job");

    client.resource(mg).delete();

    await(() -> cluster.get("team-a", "checkout-mr-123") == null, "the finalizer to let go");
    assertThat(client.configMaps().inNamespace("grafana").list().getItems()).isEmpty();
    assertThat(scrapeConfigs()).doesNotContain("checkout-mr-123");
  }

  @Test
  void expiryRemovesEverythingAndKeepsTheResourceAsExpired() {
    MetricGenerator mg = example("metricgenerator-preview.yaml", "team-a");
    mg.getSpec().ttl = null;
    mg.getSpec().expiresAt = Instant.now().plusSeconds(3).toString();
    client.resource(mg).create();
    awaitDashboard();
    var apps = client.apps().deployments().inNamespace("team-a");
    await(() -> apps.list().getItems().size() == 2, "the Pushgateway and the generator");

    await(
        () -> has(cluster.get("team-a", "checkout-mr-123"), "Expired", "True", "Expired"),
        "Expired=True");
    MetricGenerator expired = cluster.get("team-a", "checkout-mr-123");
    assertThat(expired.getStatus().phase).isEqualTo("Expired");
    await(
        () ->
            client.v1().events().inNamespace("team-a").list().getItems().stream()
                .anyMatch(
                    e ->
                        "checkout-mr-123".equals(e.getInvolvedObject().getName())
                            && "Normal".equals(e.getType())
                            && "Expired".equals(e.getReason())),
        "an Expired event");
    assertThat(expired.getStatus().pushgatewayUrl).isNull();
    assertThat(apps.list().getItems()).isEmpty();
    assertThat(client.services().inNamespace("team-a").list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace("team-a").list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace("grafana").list().getItems()).isEmpty();
    assertThat(scrapeConfigs()).doesNotContain("checkout-mr-123");
  }

  @Test
  void aDashboardFromAMissingConfigMapIsReportedUntilTheConfigMapComes() throws Exception {
    MetricGenerator mg = example("metricgenerator-preview.yaml", "team-a");
    MetricGeneratorSpec.DashboardSpec d = mg.getSpec().dashboards.get(0);
    String json = d.json;
    d.json = null;
    d.configMapRef = new MetricGeneratorSpec.ConfigMapKeyRef();
    d.configMapRef.name = "checkout-dashboard";
    d.configMapRef.key = "dashboard.json";
    client.resource(mg).create();

    await(
        () -> has(cluster.get("team-a", "checkout-mr-123"), "Ready", "False", "DashboardNotFound"),
        "Ready=False DashboardNotFound");
    assertThat(
            OperatorTestSupport.condition(cluster.get("team-a", "checkout-mr-123"), "Ready")
                .orElseThrow()
                .getMessage())
        .isEqualTo(
            "spec.dashboards[0].configMapRef: no ConfigMap checkout-dashboard in namespace team-a");

    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("checkout-dashboard")
                .withNamespace("team-a")
                .endMetadata()
                .addToData("dashboard.json", json)
                .build())
        .create();
    ConfigMap installed = awaitDashboard();
    assertThat(
            new ObjectMapper()
                .readTree(installed.getData().get("checkout.json"))
                .path("uid")
                .asText())
        .isEqualTo("checkout-overview-mr-123");
    await(
        () -> has(cluster.get("team-a", "checkout-mr-123"), "Degraded", "False", "AsExpected"),
        "Degraded=False once the ConfigMap is there");
  }

  @Test
  void everyProblemIsReportedInOneStableCondition() throws Exception {
    // The shared scrape Secret holds what isn't YAML, and a dashboard's ConfigMap is missing.
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("additional-scrape-configs")
                .withNamespace("monitoring")
                .endMetadata()
                .addToStringData("additional-scrape-configs.yaml", "- job_name: [unclosed\n")
                .build())
        .create();
    MetricGenerator mg = example("metricgenerator-preview.yaml", "team-a");
    MetricGeneratorSpec.DashboardSpec d = mg.getSpec().dashboards.get(0);
    d.json = null;
    d.configMapRef = new MetricGeneratorSpec.ConfigMapKeyRef();
    d.configMapRef.name = "checkout-dashboard";
    d.configMapRef.key = "dashboard.json";
    client.resource(mg).create();

    await(
        () -> {
          var c = OperatorTestSupport.condition(cluster.get("team-a", "checkout-mr-123"), "Ready");
          return c.isPresent()
              && c.get().getMessage().contains("no ConfigMap checkout-dashboard")
              && c.get().getMessage().contains("it is left as it is");
        },
        "Ready=False naming both problems");
    var first =
        OperatorTestSupport.condition(cluster.get("team-a", "checkout-mr-123"), "Ready")
            .orElseThrow();
    assertThat(first.getStatus()).isEqualTo("False");
    assertThat(first.getReason()).isIn("DashboardNotFound", "ScrapeConfigUnparsable");
    // The next passes say the same: the order is the dependents', not a hash map's.
    Thread.sleep(1500);
    var later =
        OperatorTestSupport.condition(cluster.get("team-a", "checkout-mr-123"), "Ready")
            .orElseThrow();
    assertThat(later.getReason()).isEqualTo(first.getReason());
    assertThat(later.getMessage()).isEqualTo(first.getMessage());
  }

  private ConfigMap awaitDashboard() {
    var grafana = client.configMaps().inNamespace("grafana");
    await(
        () -> grafana.withName("checkout-mr-123-dashboard-checkout").get() != null,
        "the dashboard ConfigMap in grafana");
    return grafana.withName("checkout-mr-123-dashboard-checkout").get();
  }

  private String scrapeConfigs() {
    var secret =
        client.secrets().inNamespace("monitoring").withName("additional-scrape-configs").get();
    return secret == null ? "" : ScrapeSecretWriter.read(secret, "additional-scrape-configs.yaml");
  }
}
