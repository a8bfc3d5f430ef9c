package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metricgen query}, {@code preview --query} and {@code verify --scenario} as users run them.
 */
class QueryCommandTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SCENARIO = ProjectFiles.root().resolve("examples/scenario.yaml").toString();
  static final String T = "2026-01-01T00:10:00Z";

  @Test
  void jsonIsThePrometheusApiDocument() throws Exception {
    CliRun run =
        CliRun.of(
            "query",
            "-f",
            SCENARIO,
            "--time",
            T,
            "--output",
            "json",
            "sum by (method) (rate(requests_total[5m]))");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.path("status").asText()).isEqualTo("success");
    assertThat(doc.path("data").path("resultType").asText()).isEqualTo("vector");
    assertThat(doc.path("data").path("result")).hasSize(2);
    JsonNode first = doc.path("data").path("result").get(0);
    assertThat(first.path("metric").path("method").asText()).isEqualTo("GET");
    assertThat(first.path("value").get(0).asLong()).isEqualTo(1767226200L);
    assertThat(Double.parseDouble(first.path("value").get(1).asText())).isBetween(5.0, 20.0);
  }

  @Test
  void aFileOfQueriesGivesOneDocumentALineErrorsIncluded(@TempDir Path dir) throws Exception {
    Path queries = dir.resolve("q.txt");
    Files.writeString(
        queries,
        "# a comment\nrequests_total\n\nrate(requests_total)\nmad_over_time(requests_total[5m])\n"
            + "sum(requests_total) / on(method) requests_total\n");
    CliRun run =
        CliRun.of(
            "query",
            "-f",
            SCENARIO,
            "--start",
            "2026-01-01T00:00:00Z",
            "--end",
            T,
            "--step",
            "1m",
            "--queries",
            queries.toString(),
            "--output",
            "jsonl");
    assertThat(run.exit()).as(run.err()).isZero();
    List<JsonNode> lines =
        run.out()
            .lines()
            .map(
                l -> {
                  try {
                    return JSON.readTree(l);
                  } catch (Exception e) {
                    throw new AssertionError(l, e);
                  }
                })
            .toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0).path("data").path("resultType").asText()).isEqualTo("matrix");
    assertThat(lines.get(0).path("data").path("result").get(0).path("values")).hasSize(11);
    assertThat(lines.get(1).path("errorType").asText()).isEqualTo("bad_data");
    assertThat(lines.get(1).path("error").asText())
        .isEqualTo(
            "1:1: parse error: expected type range vector in call to function \"rate\", got"
                + " instant vector");
    assertThat(lines.get(2).path("errorType").asText()).isEqualTo("unsupported");
    assertThat(lines.get(3).path("status").asText()).isEqualTo("success");
  }

  @Test
  void timesAndStepsTakeUnixSecondsAsPrometheussApiDoes() throws Exception {
    CliRun unix =
        CliRun.of(
            "query",
            "-f",
            SCENARIO,
            "--start",
            "1767225600",
            "--end",
            "1767226200.5",
            "--step",
            "60",
            "--output",
            "json",
            "requests_total");
    CliRun rfc =
        CliRun.of(
            "query",
            "-f",
            SCENARIO,
            "--start",
            "2026-01-01T00:00:00Z",
            "--end",
            "2026-01-01T00:10:00.500Z",
            "--step",
            "1m",
            "--output",
            "json",
            "requests_total");
    assertThat(unix.exit()).as(unix.err()).isZero();
    assertThat(unix.out()).isEqualTo(rfc.out());
    assertThat(JSON.readTree(unix.out()).path("data").path("result").get(0).path("values"))
        .hasSize(11);
  }

  @Test
  void aSingleBadQueryExitsTwoAndSaysWhy() {
    CliRun run = CliRun.of("query", "-f", SCENARIO, "--time", T, "rate(requests_total)");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "error: bad_data: invalid parameter \"query\": 1:1: parse error: expected type range"
                + " vector");
    assertThat(CliRun.of("query", "-f", SCENARIO, "--time", T).exit()).isEqualTo(2);
    assertThat(CliRun.of("query", "-f", SCENARIO, "--time", T, "--start", T, "x").err())
        .contains("--time excludes --start and --end");
  }

  @Test
  void explainShowsTheSamplesAndTheArithmeticOfRate() {
    CliRun run =
        CliRun.of(
            "query",
            "-f",
            SCENARIO,
            "--time",
            T,
            "--origin",
            "2026-01-01T00:00:00Z",
            "--explain",
            "rate(requests_total{method=\"GET\"}[1m])");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("5 samples in it:")
        .contains("last − first = ")
        .contains("extrapolated: ")
        .contains("per second: ")
        .contains("result: ");
    String result = run.out().lines().filter(l -> l.contains("result: ")).findFirst().orElseThrow();
    String table = run.out().lines().findFirst().orElseThrow();
    assertThat(table)
        .as("the table and the explanation give one value")
        .endsWith(result.substring(result.indexOf(": ") + 2));
  }

  @Test
  void previewDrawsAQueryBesideTheSeriesItReads() {
    CliRun run =
        CliRun.of(
            "preview", "-f", SCENARIO, "--range", "30m", "--query", "rate(requests_total[5m])");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("requests_total{method=\"GET\"} (counter)")
        .contains("rate(requests_total[5m]) {method=\"GET\"}")
        .doesNotContain("temperature_celsius");
    assertThat(CliRun.of("preview", "-f", SCENARIO, "--query", "rate(x)").exit()).isEqualTo(2);
  }

  @Test
  void verifyWithAScenarioNeedsNoPrometheus(@TempDir Path dir) {
    Path scaffold = dir.resolve("s.yaml");
    String dashboards = ProjectFiles.root().resolve("dashboards").toString();
    assertThat(CliRun.of("scaffold", "--dashboard", dashboards, "-o", scaffold.toString()).exit())
        .isZero();
    CliRun run = CliRun.of("verify", "--dashboard", dashboards, "--scenario", scaffold.toString());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("14 of 14 panels and rules have data");
    // The example scenario has none of the operator dashboard's metrics: its panels are empty.
    CliRun empty = CliRun.of("verify", "--dashboard", dashboards, "--scenario", SCENARIO);
    assertThat(empty.exit()).isEqualTo(4);
    assertThat(empty.out()).contains("no data: metricgen operator / Reconciliation duration");
    assertThat(CliRun.of("verify", "--dashboard", dashboards).err())
        .contains("give --prometheus URL, or --scenario FILE");
  }
}
