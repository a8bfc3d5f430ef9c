package io.metricgen.engine.verify;

import java.time.Instant;
import java.util.List;

/**
 * What {@link DashboardVerifier} asks of a Prometheus: a real one over HTTP ({@link
 * PrometheusQueries}), or a scenario evaluated in process ({@link ScenarioQueries}).
 */
public interface QuerySource {

  /** Where the queries go, for messages. */
  String describe();

  /** How many series a range query returns with at least one sample. */
  int rangeSeries(String expr, Instant start, Instant end, long stepSeconds)
      throws PrometheusQueries.QueryException, InterruptedException;

  /** The result of an instant query, each series as Grafana's query_result() writes it. */
  List<String> instant(String expr, Instant time)
      throws PrometheusQueries.QueryException, InterruptedException;

  /** The values of a label, on the series that match the selector when one is given. */
  List<String> labelValues(String label, String selector, Instant start, Instant end)
      throws PrometheusQueries.QueryException, InterruptedException;
}
