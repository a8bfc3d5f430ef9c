package io.metricgen.engine.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.promql.eval.QueryEngine;
import io.metricgen.engine.promql.eval.QueryResult;
import io.metricgen.engine.promql.eval.ScenarioStorage;
import io.metricgen.testing.Scenarios;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservationScaleTest {

  private static final String SCALED =
      "{sequence: [{for: 30m, value: 1}, {for: 20m, value: 5}, {value: 1}]}";

  @Test
  void histogramQuantileFollowsTheFactorAndComesBack() {
    var s =
        Scenarios.compile(
            "interval: 15s\nmetrics:\n  - name: h_seconds\n    type: histogram\n"
                + "    rate: 100\n    buckets: [0.05, 0.1, 0.2, 0.4, 0.5, 0.6, 1, 2]\n"
                + "    distribution: {logNormal: {p50: 0.1, p99: 0.4}, scale: "
                + SCALED
                + "}\n");
    QueryEngine engine = QueryEngine.builder(new ScenarioStorage(s, 0, Map.of())).build();
    String q = "histogram_quantile(0.5, rate(h_seconds_bucket[5m]))";
    // Before: the median is 0.1; 10 minutes into the incident, five times that; 10 minutes after
    // it, back. Linear interpolation inside the bucket that holds the median gives it exactly
    // at a bound; near one otherwise.
    assertThat(value(engine, q, 25)).isCloseTo(0.1, within(0.01));
    assertThat(value(engine, q, 40)).isCloseTo(0.5, within(0.05));
    assertThat(value(engine, q, 60)).isCloseTo(0.1, within(0.01));
    // The mean observation follows too: _sum over _count.
    String mean = "rate(h_seconds_sum[5m]) / rate(h_seconds_count[5m])";
    assertThat(value(engine, mean, 40) / value(engine, mean, 25)).isCloseTo(5, within(1e-6));
  }

  @Test
  void bucketsStayWholeCumulativeAndNeverDecreaseWhileTheFactorMoves() {
    var s =
        Scenarios.compile(
            "interval: 15s\nmetrics:\n  - name: h\n    type: histogram\n"
                + "    rate: {uniform: {min: 0, max: 7}}\n    resets: [40m]\n"
                + "    distribution: {logNormal: {p50: 0.1, p99: 2},"
                + " scale: {sine: {period: 17m, amplitude: 3, offset: 2}}}\n");
    MetricFamily f = s.families().get(0);
    int n = f.bounds().length;
    SeriesCursor c = f.cursor(f.series().get(0), 0);
    double[] previous = null;
    for (int k = 0; k < 400; k++) {
      c.next();
      double[] v = c.values().clone();
      for (int i = 0; i <= n; i++) {
        assertThat(v[i]).isEqualTo(Math.floor(v[i]));
        if (i > 0) {
          assertThat(v[i]).isGreaterThanOrEqualTo(v[i - 1]);
        }
      }
      assertThat(v[n]).isEqualTo(v[n + 1]);
      if (previous != null && k != 160) { // 40m: the reset
        for (int i = 0; i <= n + 2; i++) {
          assertThat(v[i]).as("step %d column %d", k, i).isGreaterThanOrEqualTo(previous[i]);
        }
      }
      previous = v;
    }
  }

  @Test
  void summaryQuantilesAreTheBaseOnesTimesTheFactor() {
    var s =
        Scenarios.compile(
            "interval: 1m\nmetrics:\n  - name: s\n    type: summary\n    rate: 1\n"
                + "    quantiles: [0.5, 0.99]\n"
                + "    distribution: {logNormal: {p50: 0.2, p99: 1}, scale: "
                + SCALED
                + "}\n");
    MetricFamily f = s.families().get(0);
    SeriesCursor c = f.cursor(f.series().get(0), 29);
    c.next();
    assertThat(c.values()[0]).isEqualTo(0.2);
    c.next();
    assertThat(c.values()[0]).isCloseTo(1.0, within(1e-12));
    assertThat(c.values()[1]).isCloseTo(5.0, within(1e-12));
  }

  @Test
  void aScaleIsCheckedWithItsFieldPath() {
    String base =
        "metrics:\n  - name: h\n    type: histogram\n    rate: 1\n"
            + "    distribution: {logNormal: {p50: 0.1, p99: 1}, scale: %s}\n%s";
    assertThat(problem(base.formatted("1e7", "")))
        .isEqualTo(
            "s.yaml:5: metrics[0].distribution.scale: reaches about 1.00e+07; at most 1e+06, a"
                + " factor on the observations");
    assertThat(problem(base.formatted("2", "    native: {schema: 3}\n")))
        .startsWith("s.yaml:5: metrics[0].distribution.scale: is for classic histograms");
    assertThat(problem(base.formatted("{linear: {from: 1, to: 2}}", "")))
        .startsWith("s.yaml:5: metrics[0].distribution.scale.linear");
  }

  private static String problem(String yaml) {
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class, () -> ScenarioLoader.compile("s.yaml", yaml, null));
    assertThat(e).as(yaml).isNotNull();
    return e.problems().get(0).toString();
  }

  private static double value(QueryEngine engine, String q, long minutes) {
    QueryResult r = engine.instant(q, minutes * 60_000);
    assertThat(r.series()).hasSize(1);
    return r.series().get(0).value(0);
  }
}
