package io.metricgen.engine.series;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricgen.engine.signal.Signal;
import java.time.Duration;
import java.util.Map;

/**
 * A checked incident, ready to start: a shape over a metric's series for a while.
 *
 * @param metric the family's name
 * @param labels the series it applies to carry all of these (none: every series of the metric)
 * @param shape added to a gauge's value, or to the per-second rate of the others; its step 0 is the
 *     incident's start
 * @param replace whether the shape replaces the value or rate instead of adding to it
 * @param duration how long it lasts
 * @param spec the incident as given, to show back
 */
public record IncidentPlan(
    String metric,
    Map<String, String> labels,
    Signal shape,
    Signal scale,
    boolean replace,
    Duration duration,
    JsonNode spec) {

  public IncidentPlan {
    labels = Map.copyOf(labels);
  }
}
