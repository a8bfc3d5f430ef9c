package io.metricgen.testing;

import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.SeriesCursor;

/** Builds scenarios from YAML text and reads their samples, for tests. */
public final class Scenarios {

  private Scenarios() {}

  /** Compiles YAML as if read from a file named {@code test.yaml}. */
  public static CompiledScenario compile(String yaml) {
    return ScenarioLoader.compile("test.yaml", yaml, null);
  }

  /** The problems a scenario is refused with, as printed; fails when it is accepted. */
  public static java.util.List<String> problems(String yaml) {
    io.metricgen.engine.InvalidInputException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            io.metricgen.engine.InvalidInputException.class, () -> compile(yaml));
    org.assertj.core.api.Assertions.assertThat(e).as("scenario should be refused").isNotNull();
    return e.problems().stream().map(io.metricgen.engine.Problem::toString).toList();
  }

  /** A one-gauge scenario at a 1m interval whose value is {@code shapeYaml} (flow style). */
  public static CompiledScenario gauge(String shapeYaml) {
    return compile(
        "interval: 1m\nmetrics:\n  - name: g\n    type: gauge\n    value: " + shapeYaml + "\n");
  }

  /** The first value of each step of series {@code index} of the first family; NaN if absent. */
  public static double[] values(CompiledScenario scenario, int index, int steps) {
    MetricFamily f = scenario.families().get(0);
    SeriesCursor c = f.cursor(f.series().get(index), 0);
    double[] out = new double[steps];
    for (int k = 0; k < steps; k++) {
      int status = c.next();
      out[k] =
          status == SeriesCursor.PRESENT
              ? c.values()[0]
              : status == SeriesCursor.STALE ? Double.NEGATIVE_INFINITY : Double.NaN;
    }
    return out;
  }

  /** The first {@code steps} values of a gauge whose value is {@code shapeYaml}. */
  public static double[] gaugeValues(String shapeYaml, int steps) {
    return values(gauge(shapeYaml), 0, steps);
  }
}
