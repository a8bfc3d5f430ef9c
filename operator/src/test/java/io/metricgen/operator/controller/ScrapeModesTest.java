package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.condition;
import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.operator.controller.OperatorTestSupport.has;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.MockCluster;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scrape modes for the Prometheus operator, on the mock with its real CRDs: a ServiceMonitor on
 * the managed Pushgateway's Service, a ScrapeConfig for an external Pushgateway, each removed at
 * expiry, the scrape Secret never touched; and a missing CRD is a condition, not a crash.
 */
class ScrapeModesTest {

  private MockCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    client = cluster.client();
    cluster.namespace("team-a");
    cluster.namespace("monitoring");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private void operator(OperatorConfig.ScrapeMode mode) {
    cluster.startOperator(
        new MetricgenOperator.Settings(
            OperatorConfig.DEFAULT.withScrape(mode, Map.of("release", "kube-prometheus-stack")),
            Set.of("team-a"),
            Clock.systemUTC(),
            Duration.ofMillis(500),
            new PrometheusRegistry()));
  }

  private GenericKubernetesResource get(String apiVersion, String kind, String name) {
    return client
        .genericKubernetesResources(apiVersion, kind)
        .inNamespace("team-a")
        .withName(name)
        .get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }

  @Test
  void aServiceMonitorSelectsTheManagedPushgatewaysServiceAndGoesAtExpiry() {
    cluster.installCrd("monitoring.coreos.com_servicemonitors.yaml");
    operator(OperatorConfig.ScrapeMode.serviceMonitor);
    MetricGenerator mg = example("metricgenerator-quickstart.yaml", "team-a");
    mg.getSpec().ttl = null;
    mg.getSpec().expiresAt = Instant.now().plusSeconds(4).toString();
    client.resource(mg).create();

    await(
        () -> get("monitoring.coreos.com/v1", "ServiceMonitor", "quickstart-pushgateway") != null,
        "the ServiceMonitor");
    GenericKubernetesResource monitor =
        get("monitoring.coreos.com/v1", "ServiceMonitor", "quickstart-pushgateway");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    assertThat(monitor.getMetadata().getOwnerReferences().get(0).getKind())
        .isEqualTo("MetricGenerator");
    @SuppressWarnings("unchecked")
    Map<String, String> selector =
        (Map<String, String>)
            ((Map<String, Object>) spec(monitor).get("selector")).get("matchLabels");
    @SuppressWarnings("unchecked")
    Map<String, Object> endpoint =
        ((List<Map<String, Object>>) spec(monitor).get("endpoints")).get(0);
    assertThat(endpoint).containsEntry("honorLabels", true).containsEntry("port", "http");
    // It selects the Pushgateway's Service, by labels the Service has, on a port it has.
    await(
        () ->
            client.services().inNamespace("team-a").withName("quickstart-pushgateway").get()
                != null,
        "the Service");
    Service service =
        client.services().inNamespace("team-a").withName("quickstart-pushgateway").get();
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(service.getSpec().getPorts()).anyMatch(p -> "http".equals(p.getName()));
    // The scrape Secret is not this mode's.
    assertThat(client.secrets().inNamespace("monitoring").list().getItems()).isEmpty();
    // A pass over a resource whose ServiceMonitor is as it should be doesn't write it.
    cluster.takeRequests();
    String later = Instant.parse(mg.getSpec().expiresAt).plusSeconds(1).toString();
    client
        .resources(MetricGenerator.class)
        .inNamespace("team-a")
        .withName("quickstart")
        .edit(
            m -> {
              m.getSpec().expiresAt = later; // a new generation: reconciled again
              return m;
            });
    await(
        () -> cluster.get("team-a", "quickstart").getStatus().observedGeneration == 2L,
        "the pass over the new generation");
    assertThat(cluster.takeRequests())
        .anyMatch(
            r -> r.startsWith("GET ") && r.contains("/servicemonitors/quickstart-pushgateway"))
        .noneMatch(
            r ->
                (r.startsWith("PUT ") || r.startsWith("PATCH ") || r.startsWith("POST "))
                    && r.contains("/servicemonitors"));

    await(() -> has(cluster.get("team-a", "quickstart"), "Expired", "True", "Expired"), "expiry");
    assertThat(get("monitoring.coreos.com/v1", "ServiceMonitor", "quickstart-pushgateway"))
        .isNull();
  }

  @Test
  void aScrapeConfigNamesAnExternalPushgatewaysAddress() {
    cluster.installCrd("monitoring.coreos.com_scrapeconfigs.yaml");
    operator(OperatorConfig.ScrapeMode.scrapeConfig);
    MetricGenerator mg = example("metricgenerator-quickstart.yaml", "team-a");
    mg.getSpec().pushgateway.managed = false;
    mg.getSpec().pushgateway.url = "https://pushgateway.example.com/prefix";
    client.resource(mg).create();

    await(
        () ->
            get("monitoring.coreos.com/v1alpha1", "ScrapeConfig", "quickstart-pushgateway") != null,
        "the ScrapeConfig");
    Map<String, Object> spec =
        spec(get("monitoring.coreos.com/v1alpha1", "ScrapeConfig", "quickstart-pushgateway"));
    assertThat(spec)
        .containsEntry("honorLabels", true)
        .containsEntry("scheme", "HTTPS")
        .containsEntry("metricsPath", "/prefix/metrics")
        .containsEntry(
            "staticConfigs", List.of(Map.of("targets", List.of("pushgateway.example.com:443"))));

    client.resource(cluster.get("team-a", "quickstart")).delete();
    await(() -> cluster.get("team-a", "quickstart") == null, "the finalizer to let go");
    assertThat(get("monitoring.coreos.com/v1alpha1", "ScrapeConfig", "quickstart-pushgateway"))
        .isNull();
  }

  @Test
  void aMissingCrdIsAConditionThatSaysWhatToInstall() {
    operator(OperatorConfig.ScrapeMode.serviceMonitor);
    client.resource(example("metricgenerator-quickstart.yaml", "team-a")).create();
    await(
        () -> has(cluster.get("team-a", "quickstart"), "Degraded", "True", "ScrapeResourceMissing"),
        "Degraded=True ScrapeResourceMissing");
    assertThat(condition(cluster.get("team-a", "quickstart"), "Degraded").get().getMessage())
        .contains("the cluster has no ServiceMonitor (monitoring.coreos.com/v1)")
        .contains("--scrape-mode");
    // The operator itself stays up: its other resources go on.
    assertThat(cluster.operatorReady()).isTrue();
  }
}
