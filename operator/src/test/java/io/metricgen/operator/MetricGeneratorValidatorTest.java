package io.metricgen.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import org.junit.jupiter.api.Test;

class MetricGeneratorValidatorTest {

  @Test
  void reportsEveryProblemWithTheResourcesOwnPathsAndLines() {
    String yaml =
        "apiVersion: metricgen.io/v1alpha1\n"
            + "kind: MetricGenerator\n"
            + "metadata:\n"
            + "  name: Bad_Name\n"
            + "spec:\n"
            + "  ttl: 2 days\n"
            + "  expiresAt: tomorrow\n"
            + "  pushgateway:\n"
            + "    url: pushgateway:9091\n"
            + "  preview:\n"
            + "    id: \"mr 123\"\n"
            + "  dashboards:\n"
            + "    - name: a\n"
            + "      json: \"{not json\"\n"
            + "    - name: a\n"
            + "      json: \"{}\"\n"
            + "      configMapRef: {name: x, key: y}\n"
            + "  scenario:\n"
            + "    metrics:\n"
            + "      - name: g\n"
            + "        type: gauge\n"
            + "        labels: {region: eu-west}\n"
            + "        value: {sine: {period: -1m}}\n";
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class, () -> MetricGeneratorValidator.validate("mg.yaml", yaml));
    assertThat(e.problems().stream().map(Problem::toString))
        .containsExactly(
            "mg.yaml:4: metadata.name: must be a DNS label (lowercase letters, digits, dashes) of"
                + " at most 40 characters: the objects made for it are named after it",
            "mg.yaml:23: spec.scenario.metrics[0].value.sine.period: must be positive; expected a"
                + " duration like 15s, 10m, 1h30m or 2d (units y w d h m s ms), got \"-1m\"",
            "mg.yaml:7: spec.expiresAt: set ttl or expiresAt, not both",
            "mg.yaml:6: spec.ttl: expected a duration like 15s, 10m, 1h30m or 2d (units y w d h m"
                + " s ms), got \"2 days\"",
            "mg.yaml:7: spec.expiresAt: expected an RFC 3339 time like 2026-12-01T00:00:00Z, got"
                + " \"tomorrow\"",
            "mg.yaml:9: spec.pushgateway.url: \"pushgateway:9091\" is not an http:// or https://"
                + " URL with a host; expected one like http://pushgateway:9091",
            "mg.yaml:14: spec.dashboards[0].json: is not JSON: Unexpected character ('n' (code"
                + " 110)): was expecting double-quote to start field name",
            "mg.yaml:15: spec.dashboards[1].name: another dashboard has the name a",
            "mg.yaml:15: spec.dashboards[1]: give the dashboard as json or as configMapRef,"
                + " exactly one",
            "mg.yaml:11: spec.preview.id: expected up to 30 letters, digits and dashes, starting"
                + " with a letter or digit, like mr-123");
  }

  @Test
  void urlsAndSecretKeysThatWouldFailLaterAreRefusedNow() {
    String yaml =
        "apiVersion: metricgen.io/v1alpha1\nkind: MetricGenerator\nmetadata: {name: a}\nspec:\n"
            + "  pushgateway: {managed: false, url: \"%s\"}\n"
            + "  scrapeConfig: {key: \"%s\", secretName: \"%s\"}\n"
            + "  scenario: {metrics: [{name: g, type: gauge, value: 1}]}\n";
    assertThat(problems(String.format(yaml, "http://pg :9091", "a\\nb", "Bad_Name")))
        .containsExactly(
            "mg.yaml:5: spec.pushgateway.url: \"http://pg :9091\" is not a URL (Illegal character"
                + " in authority at character 7); expected one like http://pushgateway:9091",
            "mg.yaml:6: spec.scrapeConfig.secretName: expected a Secret's name (a DNS subdomain),"
                + " got \"Bad_Name\"",
            "mg.yaml:6: spec.scrapeConfig.key: expected a Secret key: letters, digits, '-', '_' and"
                + " '.', got \"a b\"");
    assertThat(problems(String.format(yaml, "http://u:secret@pg:9091/?a=b", "k", "s")))
        .containsExactly(
            "mg.yaml:5: spec.pushgateway.url: \"http://REDACTED@pg:9091/?a=b\" holds a user or"
                + " password; give credentials from a file, the environment or a Secret instead,"
                + " never in the URL");
    assertThat(problems(String.format(yaml, "http://pg:9091/?a=b", "k", "s")))
        .singleElement()
        .asString()
        .contains("has a query or fragment; a Pushgateway base URL takes none");
  }

  private static java.util.List<String> problems(String yaml) {
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class, () -> MetricGeneratorValidator.validate("mg.yaml", yaml));
    assertThat(e).as("refused").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }
}
