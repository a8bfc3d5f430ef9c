package io.metricgen.engine.live;

import java.util.List;

/**
 * What replacing a live scenario did to its series.
 *
 * @param unchanged series that run on exactly as they were
 * @param changed series whose definition changed; what counts went on from its last value
 * @param added series new to the scenario, which started at the edit
 * @param removed series that went
 * @param metrics the names of the metrics with changed, added or removed series
 * @param droppedIncidents incidents that ended because their metric went or the interval changed
 */
public record Edit(
    int unchanged,
    int changed,
    int added,
    int removed,
    List<String> metrics,
    List<String> droppedIncidents) {

  /** Like "3 series unchanged, 1 changed, 2 added, 0 removed (metrics: a, b)". */
  public String summary() {
    return unchanged
        + " series unchanged, "
        + changed
        + " changed, "
        + added
        + " added, "
        + removed
        + " removed"
        + (metrics.isEmpty() ? "" : " (" + String.join(", ", metrics) + ")")
        + (droppedIncidents.isEmpty()
            ? ""
            : "; incidents ended: " + String.join(", ", droppedIncidents));
  }
}
