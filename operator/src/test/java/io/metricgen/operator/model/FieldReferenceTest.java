package io.metricgen.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The README's field reference is generated from the CRDs' descriptions (what {@code kubectl
 * explain} shows), so that it can't drift from them.
 */
class FieldReferenceTest {

  private static final Path README = ProjectFiles.root().resolve("README.md");
  private static final String START =
      "<!-- fields:start (generated from crds/ by FieldReferenceTest) -->\n";
  private static final String END = "<!-- fields:end -->";

  /** Fields whose insides are documented elsewhere: the scenario, and Kubernetes' own types. */
  private static final Set<String> OPAQUE =
      Set.of(
          "scenario",
          "resources",
          "imagePullSecrets",
          "conditions",
          "passwordSecretRef",
          "bearerTokenSecretRef",
          "secretKeyRef",
          "configMapKeyRef");

  static String reference() throws Exception {
    StringBuilder out = new StringBuilder(START);
    for (String kind : new String[] {"MetricGenerator", "Backfill"}) {
      String file = kind.equals("Backfill") ? CrdTest.BACKFILL : CrdTest.FILE;
      JsonNode schema =
          new YAMLMapper()
              .readTree(CrdTest.generated(file))
              .path("spec")
              .path("versions")
              .get(0)
              .path("schema")
              .path("openAPIV3Schema")
              .path("properties");
      out.append("\n#### ").append(kind).append("\n\n");
      out.append("| field | type | description |\n| --- | --- | --- |\n");
      for (String part : new String[] {"spec", "status"}) {
        walk(schema.path(part), part, out);
      }
    }
    return out.append(END).toString();
  }

  private static void walk(JsonNode node, String path, StringBuilder out) {
    for (Map.Entry<String, JsonNode> p : node.path("properties").properties()) {
      JsonNode field = p.getValue();
      String at = path + "." + p.getKey();
      String type = field.path("type").asText("any");
      if (type.equals("array")) {
        type = field.path("items").path("type").asText("any") + "[]";
      }
      out.append("| `")
          .append(at)
          .append("` | ")
          .append(type)
          .append(" | ")
          .append(field.path("description").asText("").replace("|", "\\|").replace("\n", " "))
          .append(" |\n");
      if (OPAQUE.contains(p.getKey())) {
        continue;
      }
      walk(field, at, out);
      if (field.path("items").has("properties")) {
        walk(field.path("items"), at + "[]", out);
      }
      if (field.path("additionalProperties").has("properties")) {
        walk(field.path("additionalProperties"), at + "{}", out);
      }
    }
  }

  @Test
  void theReadmesFieldReferenceIsTheCrdsDescriptions() throws Exception {
    String readme = Files.readString(README);
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    assertThat(start).as("the README has the field reference's markers").isNotNegative();
    String current = readme.substring(start, end + END.length());
    String generated = reference();
    if (Boolean.getBoolean("metricgen.regenerate")) {
      Files.writeString(README, readme.replace(current, generated));
      current = generated;
    }
    assertThat(current)
        .as(
            "the README's field reference drifted from the CRDs; regenerate it: ./mvnw -B test -Dtest=FieldReferenceTest -Dmetricgen.regenerate=true")
        .isEqualTo(generated);
  }
}
