package io.metricgen.engine.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.Series;
import io.metricgen.testing.Scenarios;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A metric's series given as rows of label sets, beside the cartesian labels. */
class SeriesRowsTest {

  @Test
  void rowsAreCombinedWithEveryCombinationOfLabels() {
    CompiledScenario c =
        ScenarioLoader.compile(
            "test.yaml",
            "metrics:\n  - name: cpu_seconds\n    type: counter\n    rate: 1\n"
                + "    labels: {mode: [user, system]}\n"
                + "    series:\n      - {instance: a, node: n1}\n      - {instance: b, node: n2}\n",
            null);
    MetricFamily f = c.families().get(0);
    List<String> series = f.series().stream().map(Series::labels).map(Object::toString).toList();
    assertThat(series)
        .hasSize(4)
        .anySatisfy(s -> assertThat(s).contains("instance=\"a\"", "node=\"n1\"", "mode=\"user\""))
        .anySatisfy(s -> assertThat(s).contains("instance=\"b\"", "node=\"n2\"", "mode=\"system\""))
        .noneSatisfy(s -> assertThat(s).contains("instance=\"a\"", "node=\"n2\""));
    assertThat(c.seriesCount()).isEqualTo(4);
  }

  @Test
  void badRowsAreLocatedAndSayWhatIsValid() {
    assertThat(
            Scenarios.problems(
                "metrics:\n  - name: g\n    type: gauge\n    value: 1\n"
                    + "    labels: {mode: [a, b]}\n"
                    + "    series:\n"
                    + "      - {instance: a, mode: x}\n"
                    + "      - {bad-name: y}\n"
                    + "      - {instance: c}\n"
                    + "      - {instance: c}\n"))
        .containsExactly(
            "test.yaml:7: metrics[0].series[0].mode: is in labels too; a label goes in labels or"
                + " in the rows, not both",
            "test.yaml:8: metrics[0].series[1].bad-name: \"bad-name\" is not a valid label name;"
                + " expected [a-zA-Z_][a-zA-Z0-9_]* not starting with __",
            "test.yaml:10: metrics[0].series[3]: the same series as an earlier row");
    assertThat(
            Scenarios.problems(
                "metrics:\n  - name: h\n    type: histogram\n    rate: 1\n"
                    + "    distribution: {logNormal: {p50: 1, p99: 2}}\n"
                    + "    series:\n      - {le: '1'}\n"))
        .containsExactly("test.yaml:7: metrics[0].series[0].le: \"le\" is reserved in a histogram");
    assertThat(
            Scenarios.problems(
                "metrics:\n  - name: g\n    type: gauge\n    value: 1\n    series: []\n"))
        .containsExactly("test.yaml:5: metrics[0].series: needs at least one row, or leave it out");
  }

  @Test
  void rowsCountTowardsTheSeriesCap() {
    assertThat(
            Scenarios.problems(
                "maxSeries: 3\nmetrics:\n  - name: g\n    type: gauge\n    value: 1\n"
                    + "    labels: {a: [x, y]}\n    series: [{b: '1'}, {b: '2'}]\n"))
        .singleElement()
        .asString()
        .contains("expand to 4 series, over the cap of 3");
  }
}
