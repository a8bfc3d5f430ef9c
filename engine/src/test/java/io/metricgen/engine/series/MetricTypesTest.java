package io.metricgen.engine.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metricgen.testing.Scenarios;
import org.junit.jupiter.api.Test;

class MetricTypesTest {

  @Test
  void counterRisesByRateTimesIntervalFromZero() {
    var s =
        Scenarios.compile(
            "interval: 10s\nmetrics:\n  - {name: c_total, type: counter, rate: 1.5}\n");
    assertThat(s.families().get(0).name()).isEqualTo("c");
    assertThat(Scenarios.values(s, 0, 4)).containsExactly(0, 15, 30, 45);
  }

  @Test
  void counterResetsToZeroAtItsResetTimesAndIgnoresNegativeRates() {
    var s =
        Scenarios.compile(
            "interval: 10s\nmetrics:\n  - name: c\n    type: counter\n"
                + "    rate: \"1 1 1 -5 1 1 1\"\n    resets: [25s]\n");
    // Step 3 (30 s) is the first at or after 25 s: it reads 0 and does not add its rate.
    assertThat(Scenarios.values(s, 0, 8)).containsExactly(0, 10, 20, 0, 10, 20, 30, Double.NaN);
  }

  @Test
  void counterGivenValuesTakesThemAsTheyAre() {
    var s =
        Scenarios.compile(
            "interval: 1m\nmetrics:\n  - {name: c, type: counter, value: \"0+10x2 0\"}\n");
    assertThat(Scenarios.values(s, 0, 4)).containsExactly(0, 10, 20, 0);
  }

  @Test
  void histogramBucketsAreWholeCumulativeMonotoneAndEndAtTheCount() {
    var s =
        Scenarios.compile(
            "interval: 15s\nseed: 3\nmetrics:\n  - name: h_seconds\n    type: histogram\n"
                + "    unit: seconds\n    labels: {path: [a, b]}\n"
                + "    rate: {uniform: {min: 0, max: 3}}\n    resets: [2h]\n"
                + "    distribution: {logNormal: {p50: 0.1, p99: 2}}\n");
    MetricFamily f = s.families().get(0);
    int n = f.bounds().length;
    for (Series series : f.series()) {
      SeriesCursor c = f.cursor(series, 0);
      double[] previous = null;
      for (int k = 0; k < 1000; k++) {
        assertThat(c.next()).isEqualTo(SeriesCursor.PRESENT);
        double[] v = c.values().clone();
        for (int i = 0; i <= n; i++) {
          assertThat(v[i]).isEqualTo(Math.floor(v[i]));
          if (i > 0) {
            assertThat(v[i]).isGreaterThanOrEqualTo(v[i - 1]);
          }
        }
        assertThat(v[n]).as("+Inf equals _count").isEqualTo(v[n + 1]);
        assertThat(v[n + 2]).as("_sum").isGreaterThanOrEqualTo(0);
        boolean reset = k == 480;
        if (previous != null && !reset) {
          for (int i = 0; i < v.length; i++) {
            assertThat(v[i]).as("non-decreasing in time").isGreaterThanOrEqualTo(previous[i]);
          }
        }
        if (reset) {
          assertThat(v[n + 1]).isZero();
        }
        previous = v;
      }
    }
  }

  @Test
  void histogramSharesFollowTheLogNormalQuantiles() {
    var s =
        Scenarios.compile(
            "interval: 1s\nmetrics:\n  - name: h\n    type: histogram\n    buckets: [0.1, 2]\n"
                + "    rate: 1000\n    distribution: {logNormal: {p50: 0.1, p99: 2}}\n");
    MetricFamily f = s.families().get(0);
    assertThat(f.bucketShares()[0]).isCloseTo(0.5, within(1e-12));
    assertThat(f.bucketShares()[1]).isCloseTo(0.99, within(1e-12));
    SeriesCursor c = f.cursor(f.series().get(0), 10);
    c.next();
    // After 10 steps of 1000 observations: 10000 in all, half at or below the median.
    assertThat(c.values()).startsWith(5000, 9900, 10000, 10000);
  }

  @Test
  void histogramWeightsPutObservationsInTheirBucketsAndMidpointsInTheSum() {
    var s =
        Scenarios.compile(
            "interval: 1s\nmetrics:\n  - name: h\n    type: histogram\n    buckets: [1, 3]\n"
                + "    rate: 4\n    distribution: {weights: [1, 2, 1]}\n");
    SeriesCursor c = s.families().get(0).cursor(s.families().get(0).series().get(0), 1);
    c.next();
    // 4 observations: 1 at 0.5, 2 at 2, 1 at 3 (the +Inf bucket counts at the last bound).
    assertThat(c.values()).containsExactly(1, 3, 4, 4, 4 * (0.5 + 2 * 2 + 3) / 4);
  }

  @Test
  void summaryGivesQuantilesCountAndSum() {
    var s =
        Scenarios.compile(
            "interval: 1s\nmetrics:\n  - name: s\n    type: summary\n    quantiles: [0.5, 0.99]\n"
                + "    rate: 2\n    distribution: {logNormal: {p50: 0.2, p99: 3}}\n");
    SeriesCursor c = s.families().get(0).cursor(s.families().get(0).series().get(0), 0);
    c.next();
    c.next();
    double[] v = c.values();
    assertThat(v[0]).isEqualTo(0.2);
    assertThat(v[1]).isEqualTo(3);
    assertThat(v[2]).isEqualTo(2);
    double mu = Math.log(0.2);
    double sigma = (Math.log(3) - mu) / Distributions.Z99;
    assertThat(v[3]).isCloseTo(2 * Math.exp(mu + sigma * sigma / 2), within(1e-12));
  }

  @Test
  void normalFunctionsAreAccurate() {
    assertThat(Distributions.normalCdf(0)).isEqualTo(0.5);
    assertThat(Distributions.normalCdf(1.959963984540054)).isCloseTo(0.975, within(1e-15));
    assertThat(Distributions.normalCdf(-3)).isCloseTo(0.0013498980316301, within(1e-15));
    assertThat(Distributions.normalQuantile(0.99)).isCloseTo(Distributions.Z99, within(1e-14));
    assertThat(Distributions.normalQuantile(0.001)).isCloseTo(-3.090232306167813, within(1e-12));
  }
}
