package io.metricgen.engine.series;

import io.metricgen.engine.signal.Signal;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;
import java.util.Map;

/**
 * Series of a family that follow their own shapes; what is null is the family's.
 *
 * @param rows a series follows this when it carries every label of some row, with its value
 * @param value the value signal, or null
 * @param rate the rate signal, or null
 * @param resetSteps steps at which these series reset, ascending, or null
 * @param scale a factor on their observations over time, or null
 * @param definition what it sets (not which series), as text; see {@link MetricFamily#definitionOf}
 */
public record SeriesOverride(
    List<Map<String, String>> rows,
    Signal value,
    Signal rate,
    long[] resetSteps,
    ObservationScale scale,
    String definition) {

  /** Whether a series with these labels follows this override. */
  public boolean matches(Labels labels) {
    for (Map<String, String> row : rows) {
      boolean all = true;
      for (Map.Entry<String, String> e : row.entrySet()) {
        all &= e.getValue().equals(labels.get(e.getKey()));
      }
      if (all) {
        return true;
      }
    }
    return false;
  }
}
