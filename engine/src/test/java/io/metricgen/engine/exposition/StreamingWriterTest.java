package io.metricgen.engine.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.live.LiveScenario;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import io.metricgen.testing.Scenarios;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingWriterTest {

  /**
   * Families in name order and label values in order, as the client's snapshots sort them. (The
   * client leaves out a family with no points at all; a streaming writer can't know that in advance
   * and writes its metadata lines, which OpenMetrics allows.)
   */
  private static final String SCENARIO =
      "interval: 10s\nseed: 5\nmetrics:\n"
          + "  - name: a_requests_total\n    type: counter\n"
          + "    help: \"Requests \\\"quoted\\\", back\\\\slash\\nnew line\"\n"
          + "    labels: {code: [\"200\", \"5\\\"0\\\\0\\n\"], method: GET}\n"
          + "    rate: {uniform: {min: 0, max: 10}}\n"
          + "  - name: b_temp_celsius\n    type: gauge\n    unit: celsius\n    help: Temp.\n"
          + "    labels: {room: [a, b, c]}\n"
          + "    value: {sequence: [{for: 20s, value: {sine: {period: 1m}, noise: 3}},"
          + " {value: \"1e-5 12345678.5 -0 Inf -Inf NaN 2e23\"}]}\n"
          + "  - name: c_latency_seconds\n    type: histogram\n    unit: seconds\n    help: L.\n"
          + "    buckets: [0.01, 0.1, 1, 10]\n    rate: 7.3\n"
          + "    distribution: {logNormal: {p50: 0.1, p99: 3}}\n"
          + "  - name: d_size_bytes\n    type: summary\n    unit: bytes\n"
          + "    labels: {q: [x]}\n    rate: 2\n    quantiles: [0.5, 0.9, 0.99]\n"
          + "    distribution: {logNormal: {p50: 100, p99: 9000}}\n";

  @Test
  void writesTheSameBytesAsThePrometheusClientForEveryStep() throws IOException {
    CompiledScenario scenario = Scenarios.compile(SCENARIO);
    for (int step = 0; step < 9; step++) {
      long now = step * 10_000L;
      LiveScenario live = new LiveScenario(scenario, 0);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      OpenMetricsTextFormatWriter.create().write(expected, live.snapshotAt(now, false));
      assertSameExposition(
          ours(scenario, step, ExpositionFormat.OPENMETRICS), expected.toString(), step);

      live = new LiveScenario(scenario, 0);
      expected.reset();
      PrometheusTextFormatWriter.create().write(expected, live.snapshotAt(now, false));
      assertSameExposition(ours(scenario, step, ExpositionFormat.TEXT), expected.toString(), step);
    }
  }

  /**
   * The same bytes, except that a value may have shorter digits that read back as the same double:
   * on JDK 17 the client's Double.toString writes 2e23 as 1.9999999999999998E23.
   */
  private static void assertSameExposition(String ours, String client, int step) {
    List<String> a = ours.lines().toList();
    List<String> b = client.lines().toList();
    assertThat(a).as("line count at step %d", step).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).equals(b.get(i))) {
        continue;
      }
      int cut = a.get(i).lastIndexOf(' ');
      assertThat(b.get(i)).as("step %d", step).startsWith(a.get(i).substring(0, cut + 1));
      double mine = Double.parseDouble(a.get(i).substring(cut + 1));
      double theirs = Double.parseDouble(b.get(i).substring(b.get(i).lastIndexOf(' ') + 1));
      assertThat(mine).as("step %d: %s vs %s", step, a.get(i), b.get(i)).isEqualTo(theirs);
      assertThat(a.get(i).length()).isLessThan(b.get(i).length());
    }
  }

  @Test
  void writesTheShortestDigitsThatReadBackAsTheSameDouble() throws IOException {
    CompiledScenario scenario =
        Scenarios.compile("metrics:\n  - {name: g, type: gauge, value: 2e23}\n");
    assertThat(ours(scenario, 0, ExpositionFormat.TEXT)).isEqualTo("# TYPE g gauge\ng 2.0E23\n");
  }

  @Test
  void writesTimestampsAsEachFormatWantsThem() throws IOException {
    CompiledScenario scenario =
        Scenarios.compile("metrics:\n  - {name: g, type: gauge, value: 2}\n");
    MetricFamily f = scenario.families().get(0);
    SeriesLines lines = SeriesLines.of(f, f.series().get(0));
    for (ExpositionFormat format : ExpositionFormat.values()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      StreamingWriter w = new StreamingWriter(out, format, true);
      w.family(f);
      w.sample(lines, new double[] {2}, 1_700_000_000_123L);
      w.sample(lines, new double[] {2}, 5L);
      w.finish();
      String expected =
          format == ExpositionFormat.OPENMETRICS
              ? "# TYPE g gauge\ng 2.0 1700000000.123\ng 2.0 0.005\n# EOF\n"
              : "# TYPE g gauge\ng 2.0 1700000000123\ng 2.0 5\n";
      assertThat(out.toString()).isEqualTo(expected);
    }
  }

  private static String ours(CompiledScenario scenario, int step, ExpositionFormat format)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamingWriter writer = new StreamingWriter(out, format, false);
    for (MetricFamily f : scenario.families()) {
      writer.family(f);
      for (Series s : f.series()) {
        SeriesCursor c = f.cursor(s, step);
        if (c.next() == SeriesCursor.PRESENT) {
          writer.sample(SeriesLines.of(f, s), c.values(), 0);
        }
      }
    }
    writer.finish();
    return out.toString();
  }
}
