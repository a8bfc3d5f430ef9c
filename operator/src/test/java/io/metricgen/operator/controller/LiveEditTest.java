package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.operator.controller.OperatorTestSupport.has;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.metricgen.operator.desired.Incidents;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorStatus;
import io.metricgen.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A running MetricGenerator changed in place: an edited scenario and an incident annotation reach
 * the generator through its ConfigMap, which it watches, without a new Pushgateway or generator.
 */
class LiveEditTest {

  private MockCluster cluster;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    cluster.namespace("team-a");
    cluster.namespace("monitoring");
    cluster.startOperator();
    MetricGenerator quickstart = example("metricgenerator-quickstart.yaml", "team-a");
    // Incidents last at least an interval: 1 s keeps the test short.
    ((ObjectNode) quickstart.getSpec().scenario).put("interval", "1s");
    cluster.client().resource(quickstart).create();
    await(() -> deployment("quickstart-generator") != null, "the generator");
    cluster.makeAvailable("team-a", "quickstart-pushgateway");
    cluster.makeAvailable("team-a", "quickstart-generator");
    await(
        () -> has(cluster.get("team-a", "quickstart"), "Ready", "True", "Running"),
        "Ready=True Running");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void editingTheScenarioChangesTheGeneratorsInputAndRestartsNothing() {
    Deployment generator = deployment("quickstart-generator");
    Deployment pushgateway = deployment("quickstart-pushgateway");
    assertThat(generator.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--watch", "--incidents=/etc/metricgen/incidents.yaml");
    assertThat(scenario().getData().get("scenario.yaml")).contains("rate: 20");

    edit(mg -> ((ObjectNode) mg.getSpec().scenario.get("metrics").get(2)).put("rate", 200));

    await(
        () -> scenario().getData().get("scenario.yaml").contains("rate: 200"), "the new scenario");
    await(
        () -> cluster.get("team-a", "quickstart").getStatus().observedGeneration == 2,
        "generation 2 observed");
    // The same objects, untouched: no rollout, so no pod restarts and no counter resets.
    for (Deployment before : new Deployment[] {generator, pushgateway}) {
      Deployment after = deployment(before.getMetadata().getName());
      assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
      assertThat(after.getMetadata().getResourceVersion())
          .as(before.getMetadata().getName() + " not written")
          .isEqualTo(before.getMetadata().getResourceVersion());
    }
    assertThat(has(cluster.get("team-a", "quickstart"), "Ready", "True", "Running")).isTrue();
  }

  @Test
  void anIncidentAnnotationRunsInTheGeneratorAndShowsInStatusUntilItEnds() {
    String generatorVersion = deployment("quickstart-generator").getMetadata().getResourceVersion();
    annotate("{\"metric\": \"active_connections\", \"shape\": 500, \"for\": \"3s\"}");

    await(
        () -> has(cluster.get("team-a", "quickstart"), "Incident", "True", "Running"),
        "Incident=True Running");
    MetricGeneratorStatus.Incident incident =
        cluster.get("team-a", "quickstart").getStatus().incidents.get(0);
    assertThat(incident.state).isEqualTo("Running");
    assertThat(incident.metric).isEqualTo("active_connections");
    var file =
        io.metricgen.engine.load.ScenarioLoader.read(
                "incidents.yaml", scenario().getData().get(Incidents.FILE_KEY))
            .tree();
    assertThat(file).hasSize(1);
    assertThat(file.get(0).path("id").asText()).isEqualTo(incident.id);
    assertThat(file.get(0).path("startedAt").asText()).isEqualTo(incident.startedAt);
    assertThat(file.get(0).path("metric").asText()).isEqualTo("active_connections");
    assertThat(file.get(0).path("shape").asDouble()).isEqualTo(500);
    await(
        () ->
            cluster.client().v1().events().inNamespace("team-a").list().getItems().stream()
                .anyMatch(e -> "Running".equals(e.getReason())),
        "an event for the incident");

    // It ends by itself: status says so, and the generator's list no longer has it.
    await(
        () -> has(cluster.get("team-a", "quickstart"), "Incident", "False", "Ended"),
        "Incident=False Ended",
        20);
    assertThat(cluster.get("team-a", "quickstart").getStatus().incidents.get(0).state)
        .isEqualTo("Ended");
    await(() -> scenario().getData().get(Incidents.FILE_KEY).equals("[]\n"), "an empty list");
    assertThat(deployment("quickstart-generator").getMetadata().getResourceVersion())
        .isEqualTo(generatorVersion);
  }

  @Test
  void anInvalidIncidentIsReportedAndChangesNothingElse() {
    annotate("{\"metric\": \"no_such_metric\", \"shape\": 1, \"for\": \"forever\"}");
    await(
        () -> has(cluster.get("team-a", "quickstart"), "Incident", "False", "Invalid"),
        "Incident=False Invalid");
    MetricGenerator mg = cluster.get("team-a", "quickstart");
    assertThat(mg.getStatus().incidents.get(0).message)
        .contains("annotation metricgen.io/incident")
        .contains("for: ");
    assertThat(has(mg, "Ready", "True", "Running")).isTrue();
    assertThat(scenario().getData().get(Incidents.FILE_KEY)).isEqualTo("[]\n");
    await(
        () ->
            cluster.client().v1().events().inNamespace("team-a").list().getItems().stream()
                .anyMatch(e -> "Invalid".equals(e.getReason()) && "Warning".equals(e.getType())),
        "a Warning event");
  }

  private void annotate(String value) {
    edit(
        mg -> {
          if (mg.getMetadata().getAnnotations() == null) {
            mg.getMetadata().setAnnotations(new java.util.HashMap<>());
          }
          mg.getMetadata().getAnnotations().put(Incidents.ANNOTATION, value);
        });
  }

  /** Edits the running resource as kubectl edit would. */
  private void edit(java.util.function.Consumer<MetricGenerator> change) {
    cluster
        .client()
        .resources(MetricGenerator.class)
        .inNamespace("team-a")
        .withName("quickstart")
        .edit(
            mg -> {
              change.accept(mg);
              return mg;
            });
  }

  private Deployment deployment(String name) {
    return cluster.client().apps().deployments().inNamespace("team-a").withName(name).get();
  }

  private ConfigMap scenario() {
    return cluster
        .client()
        .configMaps()
        .inNamespace("team-a")
        .withName("quickstart-scenario")
        .get();
  }
}
