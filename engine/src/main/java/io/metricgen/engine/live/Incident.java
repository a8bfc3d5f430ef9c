package io.metricgen.engine.live;

import io.metricgen.engine.series.IncidentPlan;
import java.time.Instant;

/**
 * An incident of a live scenario, as it stands.
 *
 * @param id its id, unique within the scenario's run
 * @param plan what it does
 * @param startedAt when it started
 * @param endsAt when it ends, or ended
 * @param series how many series it drives (drove, once over)
 * @param state {@code running}, {@code ended} (its time ran out), {@code stopped} (by request), or
 *     {@code dropped} (an edit removed its metric or changed the interval)
 */
public record Incident(
    String id, IncidentPlan plan, Instant startedAt, Instant endsAt, int series, String state) {

  Incident withState(String state) {
    return new Incident(id, plan, startedAt, endsAt, series, state);
  }

  /** Whether it still drives its series. */
  public boolean running() {
    return state.equals("running");
  }
}
