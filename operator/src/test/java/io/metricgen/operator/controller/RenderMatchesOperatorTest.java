package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.metricgen.operator.MetricGeneratorValidator;
import io.metricgen.operator.desired.DesiredState;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorStatus;
import io.metricgen.testing.MockCluster;
import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code render} prints is what the operator makes: every example MetricGenerator is applied
 * on the mock API server, the operator reconciles it, and each object of {@link DesiredState#of}
 * (render's composition) stands in the cluster with the same content, less what the API server sets
 * (uid, resourceVersion, timestamps, generation, status).
 */
class RenderMatchesOperatorTest {

  private static final String NS = "team-a";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private MockCluster cluster;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    cluster.namespace(NS);
    cluster.namespace("monitoring");
    cluster.startOperator();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  static Stream<String> examples() throws Exception {
    try (Stream<Path> files = Files.list(ProjectFiles.root().resolve("examples"))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("metricgenerator-"))
          .filter(f -> "MetricGenerator".equals(MetricGeneratorValidator.kind(read(f))))
          .map(f -> f.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyObjectRenderPrintsIsWhatTheOperatorMade(String file) throws Exception {
    MetricGenerator mg = example(file, NS);
    // Dashboards from ConfigMaps: the ConfigMap the resource names, for both to read.
    String dashboardJson = "{\"uid\": \"checkout\", \"title\": \"Checkout\", \"panels\": []}";
    for (var d : mg.getSpec().dashboards) {
      if (d.configMapRef != null) {
        cluster
            .client()
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(d.configMapRef.name)
                    .withNamespace(NS)
                    .endMetadata()
                    .addToData(d.configMapRef.key, dashboardJson)
                    .build())
            .create();
      }
    }
    cluster.client().resource(mg).create();
    String name = mg.getMetadata().getName();
    await(
        () -> {
          MetricGenerator made = cluster.get(NS, name);
          return made.getStatus() != null && made.getStatus().phase != null;
        },
        "the first pass");
    for (String d : List.of(name + "-pushgateway", name + "-generator")) {
      if (cluster.client().apps().deployments().inNamespace(NS).withName(d).get() != null) {
        cluster.makeAvailable(NS, d);
      }
    }
    cluster.awaitIdle("the passes over " + file);

    // render's composition, of the resource as the operator recorded it (its history's epoch).
    MetricGenerator rendered = example(file, NS);
    MetricGeneratorStatus recorded = cluster.get(NS, name).getStatus();
    if (recorded != null && recorded.epoch != null) {
      MetricGeneratorStatus status = new MetricGeneratorStatus();
      status.epoch = recorded.epoch;
      rendered.setStatus(status);
    }
    List<HasMetadata> expected =
        DesiredState.of(rendered, OperatorConfig.DEFAULT, ref -> dashboardJson, null);
    assertThat(expected).isNotEmpty();
    for (HasMetadata want : expected) {
      GenericKubernetesResource got =
          cluster
              .client()
              .genericKubernetesResources(want.getApiVersion(), want.getKind())
              .inNamespace(want.getMetadata().getNamespace())
              .withName(want.getMetadata().getName())
              .get();
      assertThat(got)
          .as(file + ": " + want.getKind() + " " + want.getMetadata().getName())
          .isNotNull();
      assertThat(comparable(JSON.convertValue(got, JsonNode.class)))
          .as(file + ": " + want.getKind() + " " + want.getMetadata().getName())
          .isEqualTo(comparable(JSON.convertValue(want, JsonNode.class)));
    }
  }

  /** An object without what the API server sets, nor its owner's uid (render can't know it). */
  private static JsonNode comparable(JsonNode object) {
    ObjectNode o = object.deepCopy();
    o.remove("status");
    ObjectNode meta = (ObjectNode) o.path("metadata");
    for (String f :
        List.of(
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "generation",
            "managedFields",
            "finalizers")) {
      meta.remove(f);
    }
    if (meta.path("annotations").isObject()) {
      // JOSDK's own bookkeeping: the version it wrote, the primary of an object in another
      // namespace.
      ObjectNode annotations = (ObjectNode) meta.get("annotations");
      List<String> names = new java.util.ArrayList<>();
      annotations.fieldNames().forEachRemaining(names::add);
      names.stream()
          .filter(n -> n.startsWith("javaoperatorsdk.io/") || n.startsWith("io.javaoperatorsdk/"))
          .forEach(annotations::remove);
    }
    if (meta.path("annotations").isEmpty()) {
      meta.remove("annotations");
    }
    if (o.path("kind").asText().equals("Secret")) {
      // The API server keeps stringData as data, base64, and defaults the type.
      ObjectNode text = o.has("stringData") ? (ObjectNode) o.get("stringData") : o.objectNode();
      o.path("data")
          .fields()
          .forEachRemaining(
              e ->
                  text.put(
                      e.getKey(),
                      new String(
                          java.util.Base64.getDecoder().decode(e.getValue().asText()),
                          java.nio.charset.StandardCharsets.UTF_8)));
      o.remove("data");
      o.set("stringData", text);
      if (o.path("type").asText("Opaque").equals("Opaque")) {
        o.remove("type");
      }
    }
    for (JsonNode owner : meta.path("ownerReferences")) {
      ((ObjectNode) owner).remove("uid");
    }
    // Numbers as text: the server's JSON and the model's agree on values, not on node types.
    return JSON.convertValue(JSON.asJson(o), JsonNode.class);
  }
}
