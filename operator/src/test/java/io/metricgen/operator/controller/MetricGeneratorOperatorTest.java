package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.condition;
import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.operator.controller.OperatorTestSupport.has;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import io.metricgen.testing.MockCluster;
import io.metricgen.testing.ProjectFiles;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
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
  void theQuickstartGetsItsObjectsAndBecomesReadyWhenThePodsAre() {
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
    JsonNode jobs = scrapeJobs();
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
    assertThat(resources("MetricGenerator", "Running")).isEqualTo(1);
  }

  /** The metricgen_operator_resources gauge for one kind and phase. */
  private double resources(String kind, String phase) {
    return cluster.registry().scrape().stream()
        .filter(m -> m.getMetadata().getName().equals("metricgen_operator_resources"))
        .flatMap(m -> ((GaugeSnapshot) m).getDataPoints().stream())
        .filter(
            d -> d.getLabels().get("kind").equals(kind) && d.getLabels().get("phase").equals(phase))
        .mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue)
        .sum();
  }

  @Test
  void aSpecTheSchemaCantCheckIsRefusedByFieldWithoutRetrying() {
    MetricGenerator invalid =
        quickstartRefused("randomWalk: {min: 0, max: 100,", "randomWalk: {min: 100, max: 0,");
    assertThat(condition(invalid, "Ready").orElseThrow().getMessage())
        .isEqualTo(
            "spec.scenario.metrics[1].value.randomWalk: min must be less than max, got min 100.0"
                + " and max 0.0");
    assertThat(invalid.getStatus().phase).isEqualTo("Invalid");
    assertThat(cluster.client().apps().deployments().inNamespace("team-a").list().getItems())
        .isEmpty();
    // JOSDK's first retry of a failed reconciliation comes 2 s after it: a window of 3 s covers
    // it, and a refusal by field must not be one.
    double before = reconciliations();
    sleep(3000);
    assertThat(
            MockCluster.total(
                cluster.registry(), "metricgen_operator_reconciliations_total", "retry", "true"))
        .as("no retry")
        .isZero();
    assertThat(
            MockCluster.total(
                cluster.registry(), "metricgen_operator_reconciliation_failures_total", null, null))
        .as("no failed reconciliation")
        .isZero();
    assertThat(reconciliations()).as("no loop").isEqualTo(before);
  }

  @Test
  void aSpecOfTheWrongShapeIsRefusedByFieldToo() {
    MetricGenerator invalid =
        quickstartRefused("randomWalk: {min: 0, max: 100, start: 40, step: 5}", "sine: abc");
    assertThat(condition(invalid, "Ready").orElseThrow().getMessage())
        .isEqualTo("spec.scenario.metrics[1].value.sine: expected a mapping (Sine)");
    // And an event the owner sees with kubectl describe.
    await(
        () ->
            cluster.client().v1().events().inNamespace("team-a").list().getItems().stream()
                .anyMatch(
                    e ->
                        "quickstart".equals(e.getInvolvedObject().getName())
                            && "MetricGenerator".equals(e.getInvolvedObject().getKind())
                            && "Warning".equals(e.getType())
                            && "InvalidSpec".equals(e.getReason())
                            && e.getMessage().contains("value.sine: expected a mapping")),
        "a Warning event InvalidSpec");
  }

  /** The quickstart with one edit to its text, once the operator has refused it. */
  private MetricGenerator quickstartRefused(String from, String to) {
    String text =
        ScenarioLoader.readFile(ProjectFiles.example("metricgenerator-quickstart.yaml"))
            .replace(from, to);
    cluster.client().resource(text).inNamespace("team-a").create();
    await(
        () -> has(cluster.get("team-a", "quickstart"), "Ready", "False", "InvalidSpec"),
        "Ready=False InvalidSpec");
    return cluster.get("team-a", "quickstart");
  }

  @Test
  void aDurationRunsAJobAndItsEndShowsInStatus() {
    MetricGenerator mg = example("metricgenerator-quickstart.yaml", "team-a");
    mg.getSpec().generator = new MetricGeneratorSpec.GeneratorSpec();
    mg.getSpec().generator.duration = "1h";
    cluster.client().resource(mg).create();

    cluster.makeAvailable("team-a", "quickstart-pushgateway");
    cluster.finishJob("team-a", "quickstart-generator", "Complete");
    await(
        () -> has(cluster.get("team-a", "quickstart"), "Ready", "True", "Completed"),
        "Ready=True Completed");
    assertThat(
            cluster
                .client()
                .apps()
                .deployments()
                .inNamespace("team-a")
                .withName("quickstart-generator")
                .get())
        .isNull();
    Job job =
        cluster
            .client()
            .batch()
            .v1()
            .jobs()
            .inNamespace("team-a")
            .withName("quickstart-generator")
            .get();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--duration=1h", "--delete-on-exit");
  }

  @Test
  void aFailedJobDegradesTheResource() {
    MetricGenerator mg = example("metricgenerator-quickstart.yaml", "team-a");
    mg.getSpec().generator = new MetricGeneratorSpec.GeneratorSpec();
    mg.getSpec().generator.duration = "10m";
    cluster.client().resource(mg).create();

    cluster.finishJob("team-a", "quickstart-generator", "Failed");
    await(
        () -> has(cluster.get("team-a", "quickstart"), "Degraded", "True", "GeneratorFailed"),
        "Degraded=True GeneratorFailed");
    assertThat(condition(cluster.get("team-a", "quickstart"), "Ready").orElseThrow().getStatus())
        .isEqualTo("False");
  }

  @Test
  void switchingToAnExternalPushgatewayRemovesTheManagedOneAndItsScrapeJob() throws Exception {
    MetricGenerator mg = example("metricgenerator-quickstart.yaml", "team-a");
    cluster.client().resource(mg).create();
    cluster.makeAvailable("team-a", "quickstart-pushgateway");
    await(() -> scrapeJobs().size() == 1, "the scrape job");

    // As kubectl patch --type=merge does it: no resourceVersion, so no race with status writes.
    cluster
        .client()
        .resources(MetricGenerator.class)
        .inNamespace("team-a")
        .withName("quickstart")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"pushgateway\":{\"managed\":null,"
                + "\"url\":\"http://pushgateway.monitoring:9091\"}}}");

    var apps = cluster.client().apps().deployments().inNamespace("team-a");
    await(() -> apps.withName("quickstart-pushgateway").get() == null, "the Pushgateway to go");
    await(() -> scrapeJobs().isEmpty(), "the scrape job to go");
    assertThat(
            cluster
                .client()
                .services()
                .inNamespace("team-a")
                .withName("quickstart-pushgateway")
                .get())
        .isNull();
    await(
        () ->
            apps.withName("quickstart-generator")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs()
                .contains("--pushgateway=http://pushgateway.monitoring:9091"),
        "the generator to push to the external Pushgateway");
    cluster.makeAvailable("team-a", "quickstart-generator");
    await(
        () ->
            "http://pushgateway.monitoring:9091"
                    .equals(cluster.get("team-a", "quickstart").getStatus().pushgatewayUrl)
                && has(cluster.get("team-a", "quickstart"), "Ready", "True", "Running"),
        "Ready with the external URL");
    assertThat(cluster.get("team-a", "quickstart").getStatus().observedGeneration).isEqualTo(2L);
  }

  @Test
  void conditionsKeepTheirTransitionTimeWhileTheirValueHolds() {
    MetricGenerator mg = example("metricgenerator-quickstart.yaml", "team-a");
    cluster.client().resource(mg).create();
    await(
        () -> has(cluster.get("team-a", "quickstart"), "Ready", "False", "Progressing"),
        "Ready=False");
    String expiredSince =
        condition(cluster.get("team-a", "quickstart"), "Expired")
            .orElseThrow()
            .getLastTransitionTime();
    sleep(1100);
    cluster.makeAvailable("team-a", "quickstart-pushgateway");
    cluster.makeAvailable("team-a", "quickstart-generator");
    await(() -> has(cluster.get("team-a", "quickstart"), "Ready", "True", "Running"), "Ready");
    MetricGenerator ready = cluster.get("team-a", "quickstart");
    assertThat(condition(ready, "Expired").orElseThrow().getLastTransitionTime())
        .isEqualTo(expiredSince);
    assertThat(condition(ready, "Ready").orElseThrow().getLastTransitionTime())
        .isNotEqualTo(expiredSince);
  }

  private JsonNode scrapeJobs() {
    Secret secret =
        cluster
            .client()
            .secrets()
            .inNamespace("monitoring")
            .withName("additional-scrape-configs")
            .get();
    try {
      return new YAMLMapper()
          .readTree(ScrapeSecretWriter.read(secret, "additional-scrape-configs.yaml"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private double reconciliations() {
    return cluster.registry().scrape().stream()
        .filter(m -> m.getMetadata().getName().equals("metricgen_operator_reconciliations"))
        .flatMap(m -> ((CounterSnapshot) m).getDataPoints().stream())
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aResyncOfResourcesAtRestWritesNothing() {
    MetricGenerator mg = example("metricgenerator-quickstart.yaml", "team-a");
    cluster.client().resource(mg).create();
    cluster.makeAvailable("team-a", "quickstart-pushgateway");
    cluster.makeAvailable("team-a", "quickstart-generator");
    await(() -> has(cluster.get("team-a", "quickstart"), "Ready", "True", "Running"), "Ready");
    cluster.awaitIdle("the resource to come to rest");
    assertThat(cluster.writes()).as("the writes that made it").isNotEmpty();
    // A restart reconciles everything again, the operator's own objects included: the one write
    // path (create, and update when the matcher finds a difference) must find none.
    cluster.stopOperator();
    cluster.writes();
    cluster.startOperator(MetricgenOperator.Settings.defaults());
    cluster.awaitIdle("the passes after a restart");
    assertThat(cluster.startedReconciliations()).isPositive();
    assertThat(cluster.writes()).as("writes on a resync at rest").isEmpty();
  }
}
