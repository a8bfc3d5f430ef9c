package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.operator.controller.OperatorTestSupport.has;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.metricgen.operator.desired.ScrapeConfig;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.MockCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared additional-scrape-configs Secret: nothing of others' is lost or overwritten. */
class ScrapeSecretTest {

  private static final String KEY = "additional-scrape-configs.yaml";
  private static final ScrapeConfig.SecretKey AT =
      new ScrapeConfig.SecretKey("monitoring", "additional-scrape-configs", KEY);

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

  @Test
  void entriesAndKeysTheOperatorDidNotWriteStayAsTheyAre() throws Exception {
    secret(
        "- job_name: node\n  static_configs:\n  - targets: ['node:9100']\n",
        "other.yaml",
        "keep: me\n");
    cluster.startOperator();
    client.resource(example("metricgenerator-quickstart.yaml", "team-a")).create();

    await(() -> jobNames().size() == 2, "the resource's job next to the node job");
    assertThat(jobNames()).containsExactly("node", "metricgen/team-a/quickstart");
    JsonNode node = new YAMLMapper().readTree(content()).get(0);
    assertThat(node.path("static_configs").get(0).path("targets").get(0).asText())
        .isEqualTo("node:9100");
    Secret secret = client.secrets().inNamespace("monitoring").withName(AT.name()).get();
    assertThat(ScrapeSecretWriter.read(secret, "other.yaml")).isEqualTo("keep: me\n");
  }

  @Test
  void aSecretThatIsNotAListOfScrapeConfigsIsLeftAloneAndReported() {
    secret("global:\n  scrape_interval: 1m\n", "other.yaml", "x");
    cluster.startOperator();
    client.resource(example("metricgenerator-quickstart.yaml", "team-a")).create();

    await(
        () ->
            has(cluster.get("team-a", "quickstart"), "Degraded", "True", "ScrapeConfigUnparsable"),
        "Degraded=True ScrapeConfigUnparsable");
    assertThat(
            OperatorTestSupport.condition(cluster.get("team-a", "quickstart"), "Ready")
                .orElseThrow()
                .getMessage())
        .isEqualTo(
            "Secret monitoring/additional-scrape-configs key additional-scrape-configs.yaml is not"
                + " a YAML list of scrape configs; it is left as it is");
    assertThat(content()).isEqualTo("global:\n  scrape_interval: 1m\n");
  }

  /**
   * Twenty resources reconciled at once while another tool keeps adding jobs of its own with
   * optimistic locking: every job of both ends up in the Secret.
   */
  @Test
  void concurrentWritersLoseNothing() throws Exception {
    secret("[]\n", "other.yaml", "x");
    cluster.startOperator();
    int resources = 20;
    int foreign = 20;
    AtomicInteger conflicts = new AtomicInteger();
    Thread other =
        new Thread(
            () -> {
              for (int i = 0; i < foreign; i++) {
                String name = "other-" + i;
                while (true) {
                  Secret s = client.secrets().inNamespace("monitoring").withName(AT.name()).get();
                  try {
                    String updated =
                        ScrapeConfig.withJob(
                            ScrapeSecretWriter.read(s, KEY),
                            new YAMLMapper().createObjectNode().put("job_name", name));
                    s.getData()
                        .put(
                            KEY,
                            java.util.Base64.getEncoder()
                                .encodeToString(
                                    updated.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    client.resource(s).update();
                    break;
                  } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    assertThat(e.getCode()).isEqualTo(409);
                    conflicts.incrementAndGet();
                  } catch (ScrapeConfig.UnparsableException e) {
                    throw new IllegalStateException(e);
                  }
                }
              }
            });
    other.start();
    for (int i = 0; i < resources; i++) {
      MetricGenerator mg = example("metricgenerator-quickstart.yaml", "team-a");
      mg.getMetadata().setName("mg-" + i);
      client.resource(mg).create();
    }
    other.join();

    await(() -> jobNames().size() == resources + foreign, "all " + (resources + foreign) + " jobs");
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < resources; i++) {
      expected.add("metricgen/team-a/mg-" + i);
    }
    for (int i = 0; i < foreign; i++) {
      expected.add("other-" + i);
    }
    assertThat(new HashSet<>(jobNames())).isEqualTo(expected);
  }

  /**
   * Passes over a resource at rest read the Secret from the operator's watch on it: no request for
   * it, and no write, though every pass makes sure the job is there.
   */
  @Test
  void passesAtRestReadTheSecretFromTheWatchAndWriteNothing() throws Exception {
    secret("[]\n", "other.yaml", "x");
    cluster.startOperator(MetricgenOperator.Settings.defaults().withResync(Duration.ofSeconds(1)));
    client.resource(example("metricgenerator-quickstart.yaml", "team-a")).create();
    await(() -> jobNames().size() == 1, "the resource's job");
    cluster.awaitIdle("the first passes");
    cluster.takeRequests();
    double before = cluster.endedReconciliations();

    Thread.sleep(3000);

    assertThat(cluster.endedReconciliations() - before).isGreaterThanOrEqualTo(2);
    assertThat(cluster.takeRequests())
        .noneMatch(r -> r.contains("/secrets/") || !r.startsWith("GET"));
  }

  /**
   * Someone rewrites the Secret without the resource's job (a Helm upgrade of the Prometheus
   * stack), or deletes it: the watch sees it, and the next pass puts the job back, keeping what
   * they wrote.
   */
  @Test
  void aJobSomeoneRemovedIsPutBackOnTheNextPass() throws Exception {
    secret("[]\n", "other.yaml", "x");
    cluster.startOperator(MetricgenOperator.Settings.defaults().withResync(Duration.ofSeconds(1)));
    client.resource(example("metricgenerator-quickstart.yaml", "team-a")).create();
    await(() -> jobNames().size() == 1, "the resource's job");

    Secret rewritten = client.secrets().inNamespace("monitoring").withName(AT.name()).get();
    rewritten.setData(
        new java.util.HashMap<>(
            java.util.Map.of(
                KEY,
                java.util.Base64.getEncoder()
                    .encodeToString(
                        "- job_name: node\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    client.resource(rewritten).update();
    await(
        () -> jobNames().equals(List.of("node", "metricgen/team-a/quickstart")),
        "the job back beside the new content");

    client.secrets().inNamespace("monitoring").withName(AT.name()).delete();
    await(
        () ->
            client.secrets().inNamespace("monitoring").withName(AT.name()).get() != null
                && jobNames().equals(List.of("metricgen/team-a/quickstart")),
        "the Secret made again with the job");
  }

  private void secret(String scrapeConfigs, String otherKey, String otherValue) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(AT.name())
                .withNamespace(AT.namespace())
                .endMetadata()
                .addToStringData(KEY, scrapeConfigs)
                .addToStringData(otherKey, otherValue)
                .build())
        .create();
  }

  private String content() {
    return ScrapeSecretWriter.read(
        client.secrets().inNamespace("monitoring").withName(AT.name()).get(), KEY);
  }

  private List<String> jobNames() {
    List<String> names = new ArrayList<>();
    try {
      new YAMLMapper().readTree(content()).forEach(j -> names.add(j.path("job_name").asText()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }
}
