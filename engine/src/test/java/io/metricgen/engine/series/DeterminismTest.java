package io.metricgen.engine.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.exposition.ExpositionFormat;
import io.metricgen.engine.exposition.Progress;
import io.metricgen.engine.exposition.RangeExporter;
import io.metricgen.testing.Scenarios;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same scenario, seed and range give bit-identical samples however they are produced. */
class DeterminismTest {

  static final String SCENARIO =
      "interval: 15s\nseed: 11\nmetrics:\n"
          + "  - name: walk\n    type: gauge\n    labels: {i: [a, b, c]}\n"
          + "    value: {sequence: [{for: 10m, value: {randomWalk: {min: 0, max: 10}}},"
          + " {value: {repeat: {every: 5m, value: {sum: [{uniform: {min: 0, max: 1}},"
          + " {sine: {period: 7m}, noise: 0.3}]}}}}]}\n"
          + "  - name: reqs\n    type: counter\n    labels: {i: [a, b]}\n"
          + "    rate: {randomWalk: {min: 0, max: 5}, noise: 1}\n    resets: [40m]\n"
          + "  - name: lat\n    type: histogram\n    rate: {uniform: {min: 0, max: 9}}\n"
          + "    distribution: {logNormal: {p50: 0.2, p99: 1}}\n";

  @Test
  void resumingAtAnyStepGivesTheSameBitsAsRunningThrough() {
    CompiledScenario s = Scenarios.compile(SCENARIO);
    for (MetricFamily f : s.families()) {
      for (Series series : f.series()) {
        SeriesCursor through = f.cursor(series, 0);
        long[][] all = new long[400][];
        for (int k = 0; k < 400; k++) {
          all[k] = bits(through.next(), through.values());
        }
        for (int resumeAt : new int[] {1, 39, 40, 161, 399}) {
          SeriesCursor resumed = f.cursor(series, resumeAt);
          for (int k = resumeAt; k < 400; k++) {
            assertThat(bits(resumed.next(), resumed.values()))
                .as("%s%s at step %d resumed at %d", f.name(), series.labels(), k, resumeAt)
                .isEqualTo(all[k]);
          }
        }
      }
    }
  }

  @Test
  void aSecondCompilationAndAnotherSeriesOrderGiveTheSameSeries() {
    CompiledScenario one = Scenarios.compile(SCENARIO);
    // The same series in a scenario that lists label names and values in another order and has
    // other metrics before it: a shard of the series must see exactly the same values.
    CompiledScenario other =
        Scenarios.compile(
            SCENARIO
                .replace("labels: {i: [a, b, c]}", "labels: {z: only, i: [c, b, a]}")
                .replace("metrics:\n", "metrics:\n  - {name: first, type: gauge, value: 1}\n"));
    CompiledScenario oneWithZ =
        Scenarios.compile(
            SCENARIO.replace("labels: {i: [a, b, c]}", "labels: {i: [a, b, c], z: only}"));
    MetricFamily f1 = oneWithZ.families().get(0);
    MetricFamily f2 = other.families().get(1);
    SeriesCursor a = f1.cursor(f1.series().get(0), 0);
    SeriesCursor c = f2.cursor(f2.series().get(2), 0);
    assertThat(f2.series().get(2).labels().toString())
        .isEqualTo(f1.series().get(0).labels().toString());
    for (int k = 0; k < 300; k++) {
      assertThat(bits(c.next(), c.values())).isEqualTo(bits(a.next(), a.values()));
    }
  }

  @Test
  void changingTheSeedChangesTheValues() {
    CompiledScenario one = Scenarios.compile(SCENARIO);
    CompiledScenario two = Scenarios.compile(SCENARIO.replace("seed: 11", "seed: 12"));
    assertThat(Scenarios.values(one, 0, 50)).isNotEqualTo(Scenarios.values(two, 0, 50));
  }

  @Test
  void exportIsTheSameOnOneThreadOnManyAndSplitIntoWindows(@TempDir Path dir) throws Exception {
    CompiledScenario s = Scenarios.compile(SCENARIO);
    long start = 1_700_000_000_000L;
    long end = start + 3 * 3600_000L;
    String single = export(s, start, end, 1);
    assertThat(export(s, start, end, 3)).isEqualTo(single);

    new RangeExporter(s, start, end, Progress.NONE)
        .threads(2)
        .exportSplit(dir, ExpositionFormat.OPENMETRICS, 3600_000L);
    StringBuilder joined = new StringBuilder();
    try (Stream<Path> files = Files.list(dir).sorted()) {
      for (Path file : files.toList()) {
        joined.append(Files.readString(file));
      }
    }
    assertThat(sortedSampleLines(joined.toString())).isEqualTo(sortedSampleLines(single));
    try (Stream<Path> files = Files.list(dir)) {
      // 1_700_000_000 s is 22:13:20 UTC: three hours touch four hour-aligned windows.
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly(
              "metrics-1699999200000.om",
              "metrics-1700002800000.om",
              "metrics-1700006400000.om",
              "metrics-1700010000000.om");
    }
  }

  private static String export(CompiledScenario s, long start, long end, int threads)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new RangeExporter(s, start, end, Progress.NONE)
        .threads(threads)
        .exportTo(out, ExpositionFormat.OPENMETRICS);
    return out.toString();
  }

  private static java.util.List<String> sortedSampleLines(String text) {
    return text.lines().filter(l -> !l.startsWith("#")).sorted().toList();
  }

  private static long[] bits(int status, double[] values) {
    long[] out = new long[values.length + 1];
    out[0] = status;
    for (int i = 0; status == SeriesCursor.PRESENT && i < values.length; i++) {
      out[i + 1] = Double.doubleToRawLongBits(values[i]);
    }
    return out;
  }
}
