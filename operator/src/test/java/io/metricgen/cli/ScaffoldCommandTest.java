package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metricgen scaffold} on good and bad dashboards and rule files. */
class ScaffoldCommandTest {

  @Test
  void theExampleDashboardScaffoldsTheMetricsItQueriesWithTheirTypesAndUses(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("s.yaml");
    CliRun run =
        CliRun.of(
            "scaffold",
            "--dashboard",
            ProjectFiles.root().resolve("dashboards/metricgen-example.json").toString(),
            "-o",
            out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    String yaml = Files.readString(out);
    assertThat(yaml)
        .contains("name: request_duration_seconds\n    type: histogram")
        .contains("name: requests_total\n    type: counter")
        .contains("name: active_connections\n    type: gauge")
        .contains("# Used by dashboard \"metricgen example\" panel \"Jobs by type\" (A)");
    assertThat(CliRun.of("validate", out.toString()).exit()).isZero();
    assertThat(run.err()).contains("scaffolded 5 metrics");
  }

  @Test
  void notJsonNoPanelsAndBadPromqlAreLocatedAndNothingIsWritten(@TempDir Path dir)
      throws Exception {
    Path notJson = dir.resolve("a.json");
    Files.writeString(notJson, "title: not a dashboard\n");
    Path noPanels = dir.resolve("b.json");
    Files.writeString(noPanels, "{\"title\": \"Empty\"}\n");
    Path badQuery = dir.resolve("c.json");
    Files.writeString(
        badQuery,
        "{\n  \"title\": \"Bad\",\n  \"panels\": [\n    {\"title\": \"Rate\", \"targets\": [\n"
            + "      {\"refId\": \"A\", \"expr\": \"sum(rate(x_total[5m])\"}]}]}\n");
    Path out = dir.resolve("s.yaml");
    CliRun run =
        CliRun.of(
            "scaffold",
            "--dashboard",
            notJson.toString(),
            "--dashboard",
            noPanels.toString(),
            "--dashboard",
            badQuery.toString(),
            "-o",
            out.toString());
    assertThat(run.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err())
        .contains(notJson + ":1: not a Grafana dashboard: expected a JSON object")
        .contains(noPanels + ":1: no panels: a Grafana dashboard lists them in \"panels\"")
        .contains(
            badQuery
                + ":5: panels[0].targets[0].expr: dashboard \"Bad\" panel \"Rate\" (A): column 22:"
                + " unexpected end of input in aggregation, expected \")\"");
    assertThat(out).doesNotExist();
  }

  @Test
  void rulesFromAPrometheusRuleAreScaffoldedAndABadRuleIsLocated(@TempDir Path dir)
      throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\n"
            + "spec:\n  groups:\n  - name: g\n    rules:\n"
            + "    - alert: HighErrorRate\n"
            + "      expr: sum(rate(http_requests_total{code=~\"5..\"}[5m])) by (job) > 1\n");
    CliRun run = CliRun.of("scaffold", "--rules", rules.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("name: http_requests_total")
        .as("a code that looks like a number stays a string")
        .contains("- \"500\"");
    Files.writeString(rules, "groups:\n- name: g\n  rules:\n  - record: x\n    expr: rate(y)\n");
    CliRun bad = CliRun.of("scaffold", "--rules", rules.toString());
    assertThat(bad.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err())
        .contains(
            rules
                + ":5: groups[0].rules[0].expr: recording rule x: column 1: expected type range"
                + " vector in call to function \"rate\", got instant vector");
  }
}
