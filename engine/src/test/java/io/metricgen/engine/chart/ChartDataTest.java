package io.metricgen.engine.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.testing.Scenarios;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** What preview draws for a native histogram: its quantiles over the last five minutes. */
class ChartDataTest {

  @Test
  void aNativeHistogramIsDrawnAsItsMedianAndNinetyNinthPercentile() {
    List<ChartData> lines =
        ChartData.of(
            Scenarios.compile(
                "interval: 15s\nmetrics:\n  - name: lat_count_seconds\n    type: histogram\n"
                    + "    labels: {route: a}\n    rate: 100\n    resets: [30m]\n"
                    + "    distribution: {logNormal: {p50: 0.4, p99: 3}}\n"
                    + "    native: {schema: 4}\n"
                    + "  - {name: g, type: gauge, value: 1}\n"),
            240,
            10);
    assertThat(lines)
        .extracting(ChartData::title)
        .containsExactly(
            "histogram_quantile(0.5, rate(lat_count_seconds{route=\"a\"}[5m])) (native histogram)",
            "histogram_quantile(0.99, rate(lat_count_seconds{route=\"a\"}[5m])) (native histogram)",
            "g (gauge)");
    double[] median = lines.get(0).values();
    double[] p99 = lines.get(1).values();
    assertThat(median[19]).as("no window yet").isNaN();
    assertThat(median[120]).as("the reset at 30m: nothing observed since").isNaN();
    for (int k = 20; k < 240; k++) {
      if (k == 120) {
        continue;
      }
      // Schema 4 buckets are 4.4 % wide; the linear interpolation stays inside one.
      assertThat(median[k]).as("step %d", k).isCloseTo(0.4, Percentage.withPercentage(4.5));
      assertThat(p99[k]).as("step %d", k).isCloseTo(3, Percentage.withPercentage(4.5));
    }
  }
}
