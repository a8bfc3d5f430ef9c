package io.metricgen.engine.scaffold;

import io.metricgen.engine.Problem;
import java.util.List;

/**
 * The alerts a scaffolded scenario makes fire: each alerting rule's promised firing windows (the
 * scenario's {@code expect:} list, proven by {@code metricgen test-rules}), and the rules that get
 * none, each with its place and why.
 *
 * @param alerts alerting rules read
 * @param promised how many of them have a promise
 * @param expect the promises, as the scenario's {@code expect:} list writes them
 * @param unpromised the alerting rules without a promise, each with its file, line and reason
 * @param lengthMillis how long the timeline of incidents runs, from the scenario's start
 */
public record Incidents(
    int alerts, int promised, List<String> expect, List<Problem> unpromised, long lengthMillis) {

  public Incidents {
    expect = List.copyOf(expect);
    unpromised = List.copyOf(unpromised);
  }

  /** No incidents: {@code --alerts none}, or no alerting rules. */
  public static final Incidents NONE = new Incidents(0, 0, List.of(), List.of(), 0);
}
