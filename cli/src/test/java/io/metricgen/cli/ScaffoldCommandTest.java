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

  @Test
  void oneBadPanelIsALocatedWarningAndTheRestIsWrittenUnlessStrict(@TempDir Path dir)
      throws Exception {
    Path dashboard = dir.resolve("d.json");
    Files.writeString(
        dashboard,
        "{\n  \"title\": \"Mixed\",\n  \"panels\": [\n"
            + "    {\"title\": \"Good\", \"targets\": [{\"refId\": \"A\", \"expr\": \"rate(x_total[5m])\"}]},\n"
            + "    {\"title\": \"Never\", \"targets\": [{\"refId\": \"A\", \"expr\": \"up{a!~\\\".*\\\"}\"}]},\n"
            + "    {\"title\": \"Broken\", \"targets\": [{\"refId\": \"B\", \"expr\": \"sum(\"}]}]}\n");
    Path out = dir.resolve("s.yaml");
    CliRun run = CliRun.of("scaffold", "--dashboard", dashboard.toString(), "-o", out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains(
            "warning: skipped "
                + dashboard
                + ":5: panels[1].targets[0].expr: dashboard \"Mixed\" panel \"Never\" (A): the"
                + " selector can never match")
        .contains(
            "warning: skipped "
                + dashboard
                + ":6: panels[2].targets[0].expr: dashboard \"Mixed\" panel \"Broken\" (B): column")
        .contains("panels: 1 of 3 scaffolded");
    assertThat(Files.readString(out)).contains("name: x_total");
    assertThat(CliRun.of("validate", out.toString()).exit()).isZero();

    Path strict = dir.resolve("strict.yaml");
    CliRun refused =
        CliRun.of(
            "scaffold", "--strict", "--dashboard", dashboard.toString(), "-o", strict.toString());
    assertThat(refused.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(refused.err()).contains("error: " + dashboard + ":5:");
    assertThat(strict).doesNotExist();
  }

  @Test
  void aDashboardWithoutPrometheusQueriesSaysSo(@TempDir Path dir) throws Exception {
    Path dashboard = dir.resolve("loki.json");
    Files.writeString(
        dashboard,
        "{\"title\": \"Logs\", \"panels\": [{\"title\": \"L\", \"datasource\": {\"type\": \"loki\"},"
            + " \"targets\": [{\"expr\": \"{app=\\\"x\\\"}\"}]}]}");
    CliRun run = CliRun.of("scaffold", "--dashboard", dashboard.toString());
    assertThat(run.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err())
        .contains("nothing to scaffold: no Prometheus query in 1 dashboards and 0 rules")
        .doesNotContain("the scaffolded scenario");
  }
}
