package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.operator.controller.OperatorTestSupport.has;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole operator on the mock API server: what a user sees after {@code kubectl apply}. */
class MetricGeneratorOperatorTest {

  private MockCluster cluster;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    cluster.namespace("team-a");
    cluster.namespace("monitoring");
    cluster.startOperator();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void theQuickstartGetsItsObjectsAndBecomesReadyWhenThePodsAre() throws Exception {
    MetricGenerator mg = example("metricgenerator-quickstart.yaml", "team-a");
    cluster.client().resource(mg).create();

    await(
        () -> has(cluster.get("team-a", "quickstart"), "Ready", "False", "Progressing"),
        "Ready=False Progressing");
    var apps = cluster.client().apps().deployments().inNamespace("team-a");
    assertThat(apps.withName("quickstart-pushgateway").get()).isNotNull();
    Deployment generator = apps.withName("quickstart-generator").get();
    assertThat(generator.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--pushgateway=http://quickstart-pushgateway.team-a.svc:9091");
    assertThat(
            cluster
                .client()
                .services()
                .inNamespace("team-a")
                .withName("quickstart-pushgateway")
                .get())
        .isNotNull();
    assertThat(
            cluster
                .client()
                .configMaps()
                .inNamespace("team-a")
                .withName("quickstart-scenario")
                .get())
        .isNotNull();
    Secret secret =
        cluster
            .client()
            .secrets()
            .inNamespace("monitoring")
            .withName("additional-scrape-configs")
            .get();
    JsonNode jobs =
        new YAMLMapper()
            .readTree(ScrapeSecretWriter.read(secret, "additional-scrape-configs.yaml"));
    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).path("job_name").asText()).isEqualTo(Names.scrapeJob(mg));
    assertThat(jobs.get(0).path("honor_labels").asBoolean()).isTrue();

    cluster.makeAvailable("team-a", "quickstart-pushgateway");
    cluster.makeAvailable("team-a", "quickstart-generator");
    await(
        () -> has(cluster.get("team-a", "quickstart"), "Ready", "True", "Running"),
        "Ready=True Running");
    MetricGenerator ready = cluster.get("team-a", "quickstart");
    assertThat(ready.getStatus().observedGeneration).isEqualTo(1L);
    assertThat(ready.getStatus().phase).isEqualTo("Running");
    assertThat(ready.getStatus().pushgatewayUrl)
        .isEqualTo("http://quickstart-pushgateway.team-a.svc:9091");
    assertThat(ready.getMetadata().getFinalizers()).hasSize(1);
  }
}
