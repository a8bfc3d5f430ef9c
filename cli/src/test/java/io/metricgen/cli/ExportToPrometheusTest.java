package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import io.metricgen.testing.Binaries;
import io.metricgen.testing.Processes;
import io.metricgen.testing.PrometheusServer;
import io.metricgen.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --split} output turned into TSDB blocks by the real promtool, served by the real
 * Prometheus, and read back through {@code /api/v1/query_range}: every value at every step is
 * exactly the one the scenario defines.
 */
class ExportToPrometheusTest {

  static final String SCENARIO =
      "interval: 15s\nseed: 99\nmetrics:\n"
          + "  - name: g_steps\n    type: gauge\n    help: promtool notation, repeated.\n"
          + "    value: {repeat: {every: 15m, value: \"0+1.5x29 100-0.25x29\"}}\n"
          + "  - name: g_wave\n    type: gauge\n    help: Noisy sine.\n    labels: {k: [a, b]}\n"
          + "    value: {sine: {period: 20m, amplitude: 3, offset: 10}, noise: 0.7}\n"
          + "  - name: c\n    type: counter\n    help: Counter with a reset.\n"
          + "    rate: {randomWalk: {min: 0, max: 50}}\n    resets: [1h]\n"
          + "  - name: h_seconds\n    type: histogram\n    unit: seconds\n    help: Latency.\n"
          + "    buckets: [0.05, 0.2, 1]\n    rate: {uniform: {min: 1, max: 4}}\n"
          + "    distribution: {logNormal: {p50: 0.15, p99: 2}}\n"
          + "  - name: g_gap\n    type: gauge\n    help: Up, away, back.\n"
          + "    value: {sequence: [{for: 30m, value: 1}, {for: 30m, value: {gap: true}},"
          + " {value: 2}]}\n";

  @Test
  void blocksBuiltFromExportedWindowsHoldExactlyTheScenariosValues(@TempDir Path dir)
      throws Exception {
    Path scenarioFile = dir.resolve("scenario.yaml");
    Files.writeString(scenarioFile, SCENARIO);
    Instant start = Instant.now().minus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    Instant end = start.plus(2, ChronoUnit.HOURS);
    Path windows = dir.resolve("windows");
    int exit =
        Main.run(
            "export",
            "-f",
            scenarioFile.toString(),
            "--start",
            start.toString(),
            "--end",
            end.toString(),
            "--split",
            "1h",
            "-o",
            windows.toString());
    assertThat(exit).isZero();

    Path data = dir.resolve("data");
    List<Path> files;
    try (Stream<Path> listed = Files.list(windows).sorted()) {
      files = listed.toList();
    }
    assertThat(files).hasSizeBetween(2, 3);
    for (Path file : files) {
      Processes.Result r =
          Processes.run(
              300,
              dir,
              List.of(
                  Binaries.promtool().toString(),
                  "tsdb",
                  "create-blocks-from",
                  "openmetrics",
                  file.toString(),
                  data.toString()));
      assertThat(r.exitCode()).as(r.output()).isZero();
    }

    CompiledScenario scenario = Scenarios.compile(SCENARIO);
    Map<String, double[]> expected = expectedSeries(scenario, 480);
    try (PrometheusServer prometheus =
        PrometheusServer.start(dir.resolve("data"), "global:\n  scrape_interval: 15s\n")) {
      Map<String, double[]> actual = new HashMap<>();
      for (String name :
          List.of(
              "g_steps",
              "g_wave",
              "c_total",
              "h_seconds_bucket",
              "h_seconds_count",
              "h_seconds_sum")) {
        actual.putAll(prometheus.rangeValues(name, start, 480, Duration.ofSeconds(15)));
      }
      expected.remove("g_gap{}");
      assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      for (Map.Entry<String, double[]> e : expected.entrySet()) {
        assertThat(actual.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
      }

      // The gap: 120 samples of 1 in the first 30 minutes, none in the next 30, then 2.
      assertThat(
              prometheus
                  .query("count_over_time(g_gap[30m])", start.plusSeconds(30 * 60 - 15))
                  .get(0)
                  .path("value")
                  .get(1)
                  .asText())
          .isEqualTo("120");
      // At 59m50s the window [29m50s, 59m50s] holds no sample (2.x ranges include their left end).
      assertThat(prometheus.query("count_over_time(g_gap[30m])", start.plusSeconds(60 * 60 - 10)))
          .isEmpty();
      assertThat(
              prometheus
                  .query("g_gap", start.plusSeconds(60 * 60))
                  .get(0)
                  .path("value")
                  .get(1)
                  .asText())
          .isEqualTo("2");
    }
  }

  /** Each sample line's values over the steps, keyed like {@link #key}, from the cursors. */
  private static Map<String, double[]> expectedSeries(CompiledScenario scenario, int steps) {
    Map<String, double[]> out = new HashMap<>();
    for (MetricFamily f : scenario.families()) {
      for (Series s : f.series()) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < s.labels().size(); i++) {
          labels.put(s.labels().getName(i), s.labels().getValue(i));
        }
        List<String> names = lineNames(f, labels);
        double[][] columns = new double[names.size()][steps];
        SeriesCursor c = f.cursor(s, 0);
        for (int k = 0; k < steps; k++) {
          boolean present = c.next() == SeriesCursor.PRESENT;
          for (int i = 0; i < names.size(); i++) {
            columns[i][k] = present ? c.values()[i] : Double.NaN;
          }
        }
        for (int i = 0; i < names.size(); i++) {
          out.put(names.get(i), columns[i]);
        }
      }
    }
    return out;
  }

  private static List<String> lineNames(MetricFamily f, Map<String, String> labels) {
    return switch (f.type()) {
      case GAUGE -> List.of(f.name() + labels);
      case COUNTER -> List.of(f.name() + "_total" + labels);
      case HISTOGRAM -> {
        List<String> names = new java.util.ArrayList<>();
        for (double b : f.bounds()) {
          names.add(f.name() + "_bucket" + with(labels, "le", Double.toString(b)));
        }
        names.add(f.name() + "_bucket" + with(labels, "le", "+Inf"));
        names.add(f.name() + "_count" + labels);
        names.add(f.name() + "_sum" + labels);
        yield names;
      }
      case SUMMARY -> throw new IllegalArgumentException("no summary in this scenario");
    };
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> out = new TreeMap<>(labels);
    out.put(name, value);
    return out;
  }
}
