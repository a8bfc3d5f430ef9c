package io.metricgen.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.metricgen.testing.ProjectFiles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRD the fabric8 generator writes from the model, and the copy committed in crds/. */
class CrdTest {

  static final String FILE = "metricgenerators.metricgen.io-v1.yml";
  static final String BACKFILL = "backfills.metricgen.io-v1.yml";

  static String generated() throws Exception {
    return generated(FILE);
  }

  static String generated(String file) throws Exception {
    try (InputStream in =
        CrdTest.class.getClassLoader().getResourceAsStream("META-INF/fabric8/" + file)) {
      assertThat(in).as("the build generates META-INF/fabric8/" + file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {FILE, BACKFILL})
  void theCommittedCrdIsTheGeneratedOne(String file) throws Exception {
    Path committed = ProjectFiles.root().resolve("crds").resolve(file);
    assertThat(Files.readString(committed))
        .as(
            "crds/%s drifted from the model; after changing the model run"
                + " ./mvnw -B -q process-classes && cp operator/target/classes/META-INF/fabric8/%s"
                + " crds/ && cp crds/%s helm/metricgen/crds/",
            file, file, file)
        .isEqualTo(generated(file));
  }

  @ParameterizedTest
  @ValueSource(strings = {FILE, BACKFILL})
  void everyFieldHasADescriptionForKubectlExplain(String file) throws Exception {
    JsonNode schema =
        new YAMLMapper()
            .readTree(generated(file))
            .path("spec")
            .path("versions")
            .get(0)
            .path("schema")
            .path("openAPIV3Schema");
    List<String> undescribed = new ArrayList<>();
    walk(schema.path("properties").path("spec"), "spec", undescribed);
    walk(schema.path("properties").path("status"), "status", undescribed);
    // Fields of Kubernetes' own types (resources, imagePullSecrets, conditions) are described
    // by Kubernetes' documentation, not ours.
    undescribed.removeIf(
        p ->
            p.contains(".resources.")
                || p.contains(".imagePullSecrets[].")
                || p.contains(".conditions[].")
                // Kubernetes' key selectors (a Secret's or ConfigMap's name and key).
                || p.matches(".*(SecretRef|KeyRef)\\.(name|key|optional)$"));
    assertThat(undescribed).isEmpty();
  }

  @Test
  void printerColumnsShowReadyStatusExpiresAgeAndInWideTheIncident() throws Exception {
    JsonNode columns =
        new YAMLMapper()
            .readTree(generated())
            .path("spec")
            .path("versions")
            .get(0)
            .path("additionalPrinterColumns");
    List<String> names = new ArrayList<>();
    columns.forEach(
        c ->
            names.add(
                c.path("name").asText()
                    + "="
                    + c.path("jsonPath").asText()
                    + (c.path("priority").asInt() > 0 ? " (wide)" : "")));
    assertThat(names)
        .containsExactlyInAnyOrder(
            "Ready=.status.conditions[?(@.type==\"Ready\")].status",
            "Status=.status.phase",
            "Expires=.status.expiresAt",
            "Age=.metadata.creationTimestamp",
            "Incident=.status.conditions[?(@.type==\"Incident\")].reason (wide)");
  }

  @Test
  void backfillPrinterColumnsShowPhaseProgressAndAge() throws Exception {
    JsonNode version = new YAMLMapper().readTree(generated(BACKFILL)).path("spec");
    assertThat(version.path("names").path("shortNames").get(0).asText()).isEqualTo("bf");
    List<String> names = new ArrayList<>();
    version
        .path("versions")
        .get(0)
        .path("additionalPrinterColumns")
        .forEach(c -> names.add(c.path("name").asText() + "=" + c.path("jsonPath").asText()));
    assertThat(names)
        .containsExactlyInAnyOrder(
            "Phase=.status.phase",
            "Progress=.status.progress",
            "Left=.status.estimatedTimeLeft",
            "Age=.metadata.creationTimestamp");
  }

  private static void walk(JsonNode node, String path, List<String> undescribed) {
    if (!path.equals("spec") && !path.equals("status") && !node.has("description")) {
      undescribed.add(path);
    }
    for (Map.Entry<String, JsonNode> p : node.path("properties").properties()) {
      walk(p.getValue(), path + "." + p.getKey(), undescribed);
    }
    JsonNode items = node.path("items");
    if (items.has("properties")) {
      for (Map.Entry<String, JsonNode> p : items.path("properties").properties()) {
        walk(p.getValue(), path + "[]." + p.getKey(), undescribed);
      }
    }
    JsonNode additional = node.path("additionalProperties");
    if (additional.has("properties")) {
      walk(additional, path + "{}", undescribed);
    }
  }
}
