package io.metricgen.engine.promql.eval;

import java.util.List;

/**
 * A query's result, as the {@code data} of Prometheus's {@code /api/v1/query(_range)}: a {@code
 * matrix} or {@code vector} of series, a {@code scalar}, or a {@code string}.
 *
 * @param resultType {@code matrix}, {@code vector}, {@code scalar} or {@code string}
 * @param series the series of a matrix or vector (a vector's have one point each)
 * @param time the time of a scalar or string, in Unix milliseconds
 * @param scalar a scalar's value
 * @param string a string's value
 */
public record QueryResult(
    String resultType, List<RangeSeries> series, long time, double scalar, String string) {

  public QueryResult {
    series = series == null ? List.of() : List.copyOf(series);
  }
}
