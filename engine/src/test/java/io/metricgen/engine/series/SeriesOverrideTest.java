package io.metricgen.engine.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.testing.Scenarios;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesOverrideTest {

  @Test
  void theSeriesAnOverrideNamesFollowItsShapesAndTheRestTheMetrics() {
    var s =
        Scenarios.compile(
            "interval: 1m\nmetrics:\n  - name: up\n    type: gauge\n    value: 1\n"
                + "    labels: {instance: [a, b, c]}\n    overrides:\n"
                + "      - series: [{instance: b}]\n        value: \"1 0 0 1\"\n"
                + "  - name: c_total\n    type: counter\n    rate: 1\n"
                + "    labels: {instance: [a, b]}\n    resets: [2m]\n    overrides:\n"
                + "      - series: [{instance: a}]\n        rate: 2\n        resets: []\n");
    Map<String, double[]> up = values(s.families().get(0), 4);
    assertThat(up.get("a")).containsExactly(1, 1, 1, 1);
    assertThat(up.get("b")).containsExactly(1, 0, 0, 1);
    Map<String, double[]> c = values(s.families().get(1), 4);
    assertThat(c.get("a")).containsExactly(0, 120, 240, 360);
    assertThat(c.get("b")).containsExactly(0, 60, 0, 60);
  }

  @Test
  void anOverrideIsCheckedWithItsFieldPath() {
    String gauge =
        "metrics:\n  - name: g\n    type: gauge\n    value: 1\n    labels: {i: [a, b]}\n"
            + "    overrides:\n      - series: [{i: z}]\n        value: 0\n";
    assertThat(problem(gauge))
        .isEqualTo(
            "s.yaml:7: metrics[0].overrides[0].series[0]: matches none of the metric's series; a"
                + " row names labels the metric has, with values it takes");
    String counter =
        "metrics:\n  - name: c\n    type: counter\n    rate: 1\n    labels: {i: [a, b]}\n"
            + "    overrides:\n      - series: [{i: a}]\n        value: 0\n";
    assertThat(problem(counter))
        .isEqualTo(
            "s.yaml:8: metrics[0].overrides[0].value: this metric follows rate, so its series do"
                + " too");
  }

  private static Map<String, double[]> values(MetricFamily f, int steps) {
    Map<String, double[]> out = new HashMap<>();
    for (Series s : f.series()) {
      SeriesCursor c = f.cursor(s, 0);
      double[] v = new double[steps];
      for (int k = 0; k < steps; k++) {
        c.next();
        v[k] = c.values()[0];
      }
      out.put(s.labels().get("instance"), v);
    }
    return out;
  }

  private static String problem(String yaml) {
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class, () -> ScenarioLoader.compile("s.yaml", yaml, null));
    assertThat(e).as(yaml).isNotNull();
    return e.problems().get(0).toString();
  }
}
