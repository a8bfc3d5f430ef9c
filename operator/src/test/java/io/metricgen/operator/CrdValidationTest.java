package io.metricgen.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.load.YamlDocument;
import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resources checked against the generated CRDs as the API server checks them: the schema
 * structurally and every CEL rule with {@code self} bound. Every example passes; a corpus of
 * invalid resources is refused with the field and the CRD's own words, and so by {@code validate}.
 */
class CrdValidationTest {

  private static List<Problem> problems(String yaml) {
    YamlDocument doc = ScenarioLoader.read("r.yaml", yaml);
    String kind = doc.tree().path("kind").asText();
    return CrdValidation.problems(kind, doc.tree(), "r.yaml", doc.lines());
  }

  @Test
  void everyExampleResourcePassesTheCrdAsTheApiServerChecksIt() throws Exception {
    int checked = 0;
    try (Stream<Path> files = Files.list(ProjectFiles.root().resolve("examples"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        String text = Files.readString(f);
        if (MetricGeneratorValidator.kind(text) != null) {
          assertThat(problems(text)).as(f.toString()).isEmpty();
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(6);
  }

  static final String MG =
      "apiVersion: metricgen.io/v1alpha1\nkind: MetricGenerator\nmetadata:\n  name: m\nspec:\n";
  static final String SCENARIO =
      "  scenario:\n    metrics:\n      - {name: g, type: gauge, value: 1}\n";
  static final String BF =
      "apiVersion: metricgen.io/v1alpha1\nkind: Backfill\nmetadata:\n  name: b\nspec:\n"
          + "  start: -1h\n";

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "a Backfill with a scenario and a reference (CEL)",
            BF + SCENARIO + "  metricGeneratorRef: {name: m}\n",
            "r.yaml:5: spec: give the scenario inline or as metricGeneratorRef, exactly one"),
        Arguments.of(
            "a Backfill with neither (CEL)",
            BF,
            "r.yaml:5: spec: give the scenario inline or as metricGeneratorRef, exactly one"),
        Arguments.of(
            "a dashboard inline and from a ConfigMap (CEL)",
            MG
                + SCENARIO
                + "  dashboards:\n    - name: d\n      json: '{}'\n"
                + "      configMapRef: {name: c, key: k}\n",
            "r.yaml:10: spec.dashboards[0]: give the dashboard as json or as configMapRef,"
                + " exactly one"),
        Arguments.of(
            "basic auth and a bearer token (CEL)",
            BF
                + SCENARIO
                + "  target:\n    url: http://p:9090/api/v1/write\n"
                + "    basicAuth: {username: u, passwordSecretRef: {name: s, key: k}}\n"
                + "    bearerTokenSecretRef: {name: s, key: t}\n",
            "r.yaml:10: spec.target: use basicAuth or bearerTokenSecretRef, not both"),
        Arguments.of(
            "an unknown field",
            MG + SCENARIO + "  sceanrio: {}\n",
            "r.yaml:9: spec.sceanrio: unknown field"),
        Arguments.of(
            "a dashboard name the schema's pattern refuses",
            MG + SCENARIO + "  dashboards:\n    - {name: Checkout, json: '{}'}\n",
            "r.yaml:10: spec.dashboards[0].name:"),
        Arguments.of(
            "a number where the schema wants a string",
            MG + SCENARIO + "  ttl: 5\n",
            "r.yaml:9: spec.ttl:"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void anInvalidResourceIsRefusedWithTheFieldAndTheCrdsWords(
      String what, String yaml, String expected) {
    List<Problem> problems = problems(yaml);
    assertThat(problems).as(what).isNotEmpty();
    assertThat(problems.stream().map(Problem::toString))
        .as(what)
        .anyMatch(p -> p.startsWith(expected));
  }

  @Test
  void everyRuleOfBothCrdsCompilesAndIsEvaluated() throws Exception {
    int rules = 0;
    for (String crd : List.of("metricgenerators", "backfills")) {
      JsonNode tree =
          new YAMLMapper()
              .readTree(
                  ProjectFiles.root().resolve("crds/" + crd + ".metricgen.io-v1.yml").toFile());
      rules += tree.findValues("x-kubernetes-validations").stream().mapToInt(JsonNode::size).sum();
    }
    assertThat(rules).isGreaterThanOrEqualTo(8);
    // A resource that sets every field a rule stands on makes each rule run (and compile).
    assertThat(
            problems(
                BF
                    + SCENARIO
                    + "  target:\n    url: http://p:9090/api/v1/write\n"
                    + "    ca: {secretKeyRef: {name: s, key: ca.crt}}\n"))
        .isEmpty();
  }
}
